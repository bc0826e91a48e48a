import crypto from "node:crypto";
import {
  countCampaigns,
  insertCampaign,
  insertRecipients,
  listOpenCampaigns,
  listRecipients,
  type PublicCampaign,
  requireCampaignBySlug,
  slugIsTaken,
} from "~/models/campaigns.server";
import { createCampaignCount } from "~/models/counts.server";
import { getCurrentLetterText, insertLetterVersion } from "~/models/letters.server";
import { countPublicSignatories, listPublicSignatories } from "~/models/signatures.server";
import { type CampaignEditorInput, CampaignFileSchema, describeIssues } from "~/schemas/campaign";
import { getT } from "~/i18n";
import { type CampaignStatus, db, demoCampaign, type Executor, now } from "~/utils/db.server";
import { DomainError, invalid, notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { getCampaignCount } from "./counting.server";

/** Statuses the public may see: a draft, or one waiting for review, is nobody's business yet. */
export const isPublicStatus = (status: CampaignStatus) => status !== "draft" && status !== "submitted";

export const SIGNATORIES_PER_PAGE = 20;

/** The fingerprint that binds a signature to the exact letter text it was given. */
export function letterSha256(body: string) {
  return crypto.createHash("sha256").update(body, "utf8").digest("hex");
}

/** A campaign file that cannot be saved: one line per problem, named by its field. */
const fileInvalid = (problems: string[]) => invalid("campaignErrors.fileInvalid", { problems: problems.map((p) => `  - ${p}`).join("\n") });

/** Validates a campaign (from a file, or the demo) and creates it with its first letter version. */
export async function createCampaign(input: unknown) {
  const parsed = CampaignFileSchema.safeParse(input);
  if (!parsed.success) throw fileInvalid(describeIssues(parsed.error, getT()));
  const campaign = parsed.data;
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await insertNewCampaign(trx, campaign, now());
      return { id, slug: campaign.slug, url: `${env.PUBLIC_URL}/c/${campaign.slug}` };
    });
  } catch (error) {
    if (error instanceof DomainError && error.key === "campaignErrors.slugTaken") throw fileInvalid([`slug: "${campaign.slug}" ${getT()(error.key)}`]);
    throw error;
  }
}

/** Inserts a campaign, its letter's first version and its recipients; refuses a taken slug. */
export async function insertNewCampaign(trx: Executor, campaign: CampaignEditorInput & { status: CampaignStatus }, at: string) {
  if (await slugIsTaken({ slug: campaign.slug }, trx)) {
    throw invalid("campaignErrors.slugTaken", { slug: campaign.slug });
  }
  const campaignId = await insertCampaign(
    {
      campaign: {
        slug: campaign.slug,
        title: campaign.title,
        summary: campaign.summary,
        language: campaign.language,
        status: campaign.status,
        goal: campaign.goal ?? null,
        closes_at: campaign.closesAt ? new Date(campaign.closesAt).toISOString() : null,
        thank_you: campaign.thankYou || null,
        created_at: at,
        updated_at: at,
      },
    },
    trx,
  );
  await insertLetterVersion(
    {
      campaignId,
      number: 1,
      reason: null,
      createdAt: at,
      texts: [{ language: campaign.language, variant: "standard", body: campaign.body, sha256: letterSha256(campaign.body) }],
    },
    trx,
  );
  await insertRecipients({ recipients: recipientRows(campaignId, campaign.recipients) }, trx);
  await createCampaignCount({ campaignId, at }, trx);
  return campaignId;
}

export function recipientRows(campaignId: number, recipients: CampaignEditorInput["recipients"]) {
  return recipients.map((r, position) => ({
    campaign_id: campaignId,
    position,
    name: r.name,
    title: r.title,
    email: r.email ?? null,
    role: r.role,
  }));
}

/** On first start with an empty database, a newcomer gets a real campaign to look at. */
export async function seedDemoCampaign() {
  if (!env.SEED_DEMO || (await countCampaigns()) > 0) return;
  const created = await createCampaign(demoCampaign);
  logger.info({ url: created.url }, `Demo campaign created: ${created.url}`);
}

export function isOpenForSigning(campaign: Pick<PublicCampaign, "status" | "closes_at">, at = new Date()) {
  return campaign.status === "open" && (!campaign.closes_at || Date.parse(campaign.closes_at) > at.getTime());
}

export async function listCampaignsForHome() {
  const campaigns = await listOpenCampaigns();
  return campaigns
    .filter((c) => isOpenForSigning(c))
    .map((c) => ({ slug: c.slug, title: c.title, summary: c.summary, count: c.verified_count ?? 0, goal: c.goal }));
}

/** Everything the public campaign page shows; no email address of anyone. */
export async function getCampaignPage({ slug, page }: { slug: string; page: number }) {
  const campaign = await requireCampaignBySlug({ slug });
  if (!isPublicStatus(campaign.status)) throw notFound();
  return buildCampaignPage(campaign, page);
}

/** The public page of any campaign, drafts included: for the workspace preview (access checked there). */
export async function buildCampaignPage(campaign: PublicCampaign, page: number) {
  const { slug } = campaign;
  const [letter, recipients, signatories, publicTotal, count] = await Promise.all([
    getCurrentLetterText({ campaignId: campaign.id, language: campaign.language }),
    listRecipients({ campaignId: campaign.id }),
    listPublicSignatories({ campaignId: campaign.id, limit: SIGNATORIES_PER_PAGE, offset: (page - 1) * SIGNATORIES_PER_PAGE }),
    countPublicSignatories({ campaignId: campaign.id }),
    getCampaignCount({ slug }),
  ]);
  if (!letter) throw new Error(`Campaign ${slug} has no letter text`);
  return {
    count: count?.count ?? 0,
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      summary: campaign.summary,
      language: campaign.language,
      goal: campaign.goal,
      closesAt: campaign.closes_at,
      status: campaign.status,
      openForSigning: isOpenForSigning(campaign),
    },
    letter: {
      id: letter.id,
      version: letter.number,
      sha256: letter.sha256,
      html: renderMarkdown(letter.body),
      // The latest correction, if the letter has been amended since it opened.
      amended: letter.number > 1 ? { at: letter.created_at, reason: letter.reason ?? "" } : null,
    },
    recipients,
    signatories: signatories.map((s) => ({
      id: s.id,
      name: s.name,
      signerType: s.signer_type,
      organisation: s.organisation,
      role: s.role,
    })),
    pagination: { page, pages: Math.max(1, Math.ceil(publicTotal / SIGNATORIES_PER_PAGE)) },
  };
}

/** What the sign page needs: the campaign and the letter text the supporter is about to sign. */
export async function getSigningContext({ slug }: { slug: string }) {
  const campaign = await requireCampaignBySlug({ slug });
  if (!isPublicStatus(campaign.status)) throw notFound();
  const letter = await getCurrentLetterText({ campaignId: campaign.id, language: campaign.language });
  if (!letter) throw new Error(`Campaign ${slug} has no letter text`);
  return { campaign, letter, openForSigning: isOpenForSigning(campaign) };
}

/** The letter as the public page will show it. */
export function previewLetter(body: string) {
  return renderMarkdown(body);
}

export async function isSlugAvailable({ slug }: { slug: string }) {
  return !(await slugIsTaken({ slug }));
}
