import crypto from "node:crypto";
import {
  countCampaigns,
  insertCampaign,
  insertRecipients,
  listCampaignTexts,
  listOpenCampaigns,
  listRecipients,
  type PublicCampaign,
  replaceCampaignTexts,
  requireCampaignBySlug,
  slugIsTaken,
} from "~/models/campaigns.server";
import { createCampaignCount } from "~/models/counts.server";
import { getCurrentLetterText, insertLetterVersion } from "~/models/letters.server";
import { getPageVersion } from "~/models/page-versions.server";
import { countVerifiedBySource } from "~/models/signature-stats.server";
import { countPublicSignatories, listPublicSignatories } from "~/models/signatures.server";
import { type CampaignEditorInput, CampaignFileSchema, describeIssues, type Translations } from "~/schemas/campaign";
import { easyReadBody, type EasyReadLetters } from "~/schemas/easy-read";
import { isUiLanguage, localePath } from "~/i18n/paths";
import { defaultLanguage, getT } from "~/i18n";
import { type CampaignStatus, db, demoCampaign, type Executor, type Language, type LetterVariant, now } from "~/utils/db.server";
import { DomainError, invalid, notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { getCampaignCount } from "./counting.server";
import { pictureUrl, unknownPictures } from "./pictures.server";

/** The picture beside every link to an Easy Read letter: an open book. */
const EASY_READ_SYMBOL = "openmoji:1F4D6";

/** Statuses the public may see: a draft, or one waiting for review, is nobody's business yet. */
export const isPublicStatus = (status: CampaignStatus) => status !== "draft" && status !== "submitted";

export const SIGNATORIES_PER_PAGE = 20;

/** The fingerprint that binds a signature to the exact letter text it was given. */
export function letterSha256(body: string) {
  return crypto.createHash("sha256").update(body, "utf8").digest("hex");
}

/** A campaign file that cannot be saved: one line per problem, named by its field. */
const fileInvalid = (problems: string[]) => invalid("campaignErrors.fileInvalid", { problems: problems.map((p) => `  - ${p}`).join("\n") });

/**
 * Validates a campaign (from a file, or the demo) and creates it with its first letter version.
 * A refusal lists each problem in `messagesIn`, the language of whoever reads it (the CLI's).
 */
export async function createCampaign(input: unknown, { messagesIn = defaultLanguage }: { messagesIn?: Language } = {}) {
  const parsed = CampaignFileSchema.safeParse(input);
  if (!parsed.success) throw fileInvalid(describeIssues(parsed.error, getT(messagesIn)));
  const campaign = parsed.data;
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await insertNewCampaign(trx, campaign, now());
      const pictures = Object.values(campaign.easyRead ?? {}).flatMap((rows) => rows.flatMap((row) => (row.picture ? [row.picture] : [])));
      const unknown = await unknownPictures({ campaignId: id, refs: pictures }, trx);
      if (unknown.length) throw fileInvalid(unknown.map((ref) => `easyRead: "${ref}" ${getT(messagesIn)("easyReadErrors.pictureUnknown")}`));
      return { id, slug: campaign.slug, url: `${env.PUBLIC_URL}${localePath(campaign.language, `/c/${campaign.slug}`)}` };
    });
  } catch (error) {
    if (error instanceof DomainError && error.key === "campaignErrors.slugTaken") throw fileInvalid([`slug: "${campaign.slug}" ${getT(messagesIn)(error.key)}`]);
    throw error;
  }
}

type NewCampaignInput = CampaignEditorInput & { status: CampaignStatus };

/** Each language's title, summary and thank-you message, as campaign_texts rows. */
export function campaignTextRows(campaign: Pick<CampaignEditorInput, "languages" | "title" | "summary" | "thankYou">) {
  return campaign.languages.map((language) => ({
    language,
    title: campaign.title[language] ?? "",
    summary: campaign.summary[language] ?? "",
    thank_you: campaign.thankYou?.[language] || null,
  }));
}

/** Each language's letter text, fingerprinted: a draft may still lack one (it cannot open so). */
export function letterTexts(campaign: Pick<CampaignEditorInput, "languages" | "body">) {
  return campaign.languages.map((language) => {
    const body = campaign.body[language] ?? "";
    return { language, variant: "standard" as const, body, sha256: letterSha256(body) };
  });
}

/** Each language's Easy Read letter as letter texts of variant easy_read: its rows as canonical JSON, and that JSON's SHA-256. */
export function easyReadTexts(campaign: { languages: Language[]; easyRead?: EasyReadLetters }) {
  return campaign.languages.flatMap((language) => {
    const rows = campaign.easyRead?.[language];
    if (!rows?.length) return [];
    const body = easyReadBody(rows);
    return [{ language, variant: "easy_read" as const, body, sha256: letterSha256(body) }];
  });
}

/** The campaigns row's own copy of the primary language's texts (lists, subjects and logs name it once). */
export function primaryTexts(campaign: Pick<CampaignEditorInput, "language" | "languages" | "title" | "summary" | "thankYou">) {
  return {
    title: campaign.title[campaign.language] ?? "",
    summary: campaign.summary[campaign.language] ?? "",
    thank_you: campaign.thankYou?.[campaign.language] || null,
    language: campaign.language,
    languages: campaign.languages.join(","),
  };
}

/** Inserts a campaign, its texts, its letter's first version and its recipients; refuses a taken slug. */
export async function insertNewCampaign(trx: Executor, campaign: NewCampaignInput, at: string) {
  if (await slugIsTaken({ slug: campaign.slug }, trx)) {
    throw invalid("campaignErrors.slugTaken", { slug: campaign.slug });
  }
  const campaignId = await insertCampaign(
    {
      campaign: {
        slug: campaign.slug,
        ...primaryTexts(campaign),
        status: campaign.status,
        goal: campaign.goal ?? null,
        closes_at: campaign.closesAt ? new Date(campaign.closesAt).toISOString() : null,
        created_at: at,
        updated_at: at,
      },
    },
    trx,
  );
  await replaceCampaignTexts({ campaignId, texts: campaignTextRows(campaign) }, trx);
  await insertLetterVersion({ campaignId, number: 1, reason: null, createdAt: at, texts: [...letterTexts(campaign), ...easyReadTexts(campaign)] }, trx);
  await insertRecipients({ recipients: recipientRows(campaignId, campaign) }, trx);
  await createCampaignCount({ campaignId, at }, trx);
  return campaignId;
}

export function recipientRows(campaignId: number, campaign: Pick<CampaignEditorInput, "language" | "recipients">) {
  return campaign.recipients.map((r, position) => ({
    campaign_id: campaignId,
    position,
    name: r.name,
    title: r.title[campaign.language] ?? Object.values(r.title).find(Boolean) ?? "",
    titles: JSON.stringify(r.title),
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

/** A campaign's languages, primary first: "cy,en" → ["cy", "en"]. */
export function languagesOf(campaign: { language: Language; languages: string }): Language[] {
  const listed = campaign.languages.split(",").filter(isUiLanguage);
  return [campaign.language, ...listed.filter((l) => l !== campaign.language)];
}

/** The language a reader sees a campaign in: the page's, if the campaign has it, else its primary. */
export function shownLanguage(campaign: { language: Language; languages: string }, pageLanguage: Language): Language {
  return languagesOf(campaign).includes(pageLanguage) ? pageLanguage : campaign.language;
}

/** A recipient's title in a language (older rows have only the primary language's). */
export function recipientTitle(recipient: { title: string; titles: string | null }, language: Language) {
  if (!recipient.titles) return recipient.title;
  const titles = JSON.parse(recipient.titles) as Translations;
  return titles[language] || recipient.title;
}

/**
 * A campaign's title in a reader's language (a mail's, a page's): its title in that language when the
 * campaign is written in it (campaign_texts), else its primary title. One query for any number of
 * readers (a response to thousands of signers asks once per batch).
 */
export async function campaignTitles(trx: Executor, campaign: { id: number; title: string }) {
  const texts = await listCampaignTexts({ campaignIds: [campaign.id] }, trx);
  return (language: Language) => texts.find((text) => text.language === language)?.title.trim() || campaign.title;
}

/** A campaign's title for one mail in `language` (see campaignTitles). */
export async function campaignTitleIn(trx: Executor, campaign: { id: number; title: string }, language: Language) {
  return (await campaignTitles(trx, campaign))(language);
}

/** Each campaign's texts in the language a reader sees it in. */
async function textsShown(campaigns: { id: number; language: Language; languages: string }[], pageLanguage: Language) {
  const rows = await listCampaignTexts({ campaignIds: campaigns.map((c) => c.id) });
  return new Map(
    campaigns.map((c) => {
      const language = shownLanguage(c, pageLanguage);
      return [c.id, { language, ...rows.find((r) => r.campaign_id === c.id && r.language === language) }] as const;
    }),
  );
}

export async function listCampaignsForHome({ language }: { language: Language }) {
  const campaigns = (await listOpenCampaigns()).filter((c) => isOpenForSigning(c));
  const texts = await textsShown(campaigns, language);
  return campaigns.map((c) => {
    const shown = texts.get(c.id);
    return { slug: c.slug, language: shown?.language ?? c.language, title: shown?.title ?? c.title, summary: shown?.summary ?? c.summary, count: c.verified_count ?? 0, goal: c.goal };
  });
}

/** Everything the public campaign page shows; no email address of anyone. */
export async function getCampaignPage({ slug, page, language }: { slug: string; page: number; language: Language }) {
  const campaign = await requireCampaignBySlug({ slug });
  if (!isPublicStatus(campaign.status)) throw notFound();
  return buildCampaignPage(campaign, page, language);
}

/** The public page of any campaign, drafts included: for the workspace preview (access checked there). */
export async function buildCampaignPage(campaign: PublicCampaign, page: number, pageLanguage: Language) {
  const { slug } = campaign;
  const language = shownLanguage(campaign, pageLanguage);
  const [texts, letter, easyRead, recipients, signatories, publicTotal, count, inRoom] = await Promise.all([
    textsShown([campaign], pageLanguage),
    getCurrentLetterText({ campaignId: campaign.id, language }),
    getCurrentLetterText({ campaignId: campaign.id, language, variant: "easy_read" }),
    listRecipients({ campaignId: campaign.id }),
    listPublicSignatories({ campaignId: campaign.id, limit: SIGNATORIES_PER_PAGE, offset: (page - 1) * SIGNATORIES_PER_PAGE }),
    countPublicSignatories({ campaignId: campaign.id }),
    getCampaignCount({ slug }),
    // Exact, read through the (campaign_id, source) index: only the signatures from sheets and kiosks.
    countVerifiedBySource({ campaignId: campaign.id, sources: ["paper", "event"] }),
  ]);
  if (!letter) throw new Error(`Campaign ${slug} has no letter text`);
  const text = texts.get(campaign.id);
  return {
    count: count?.count ?? 0,
    /** Of the count, how many signed on paper and at events: the page says so beneath it when any did. */
    countBySource: {
      paper: inRoom.find((r) => r.source === "paper")?.count ?? 0,
      event: inRoom.find((r) => r.source === "event")?.count ?? 0,
    },
    campaign: {
      slug: campaign.slug,
      title: text?.title || campaign.title,
      summary: text?.summary || campaign.summary,
      language,
      languages: languagesOf(campaign),
      goal: campaign.goal,
      closesAt: campaign.closes_at,
      status: campaign.status,
      openForSigning: isOpenForSigning(campaign),
      /** The letter's Easy Read version in the language shown, if it has one: the page links to it near the top, with its symbol. */
      // (A draft's preview has no link: its Easy Read page is not public yet.)
      easyRead: easyRead && isPublicStatus(campaign.status) ? { symbol: pictureUrl(EASY_READ_SYMBOL) } : null,
    },
    letter: {
      id: letter.id,
      version: letter.number,
      sha256: letter.sha256,
      html: renderMarkdown(letter.body),
      // The latest correction, if the letter has been amended since it opened.
      amended: letter.number > 1 ? { at: letter.created_at, reason: letter.reason ?? "" } : null,
    },
    recipients: recipients.map((r) => ({ id: r.id, name: r.name, title: recipientTitle(r, language), role: r.role })),
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

type SigningContextKey = {
  slug: string;
  language: Language;
  /** The Easy Read letter, for its pages: a campaign without one in the language shown has none (404). */
  variant?: LetterVariant;
};

/** Signing contexts kept by campaign, page language and variant, with the page_version they were read at. */
const signingContexts = new Map<string, { version: number; context: Awaited<ReturnType<typeof readSigningContext>> }>();
const SIGNING_CONTEXTS_KEPT = 1_000;

/**
 * What the sign page and the sign action need: the campaign (its title in the language shown) and
 * the letter text the supporter is about to sign, in the page's language where the campaign has it.
 * Read once and kept while the campaign's `page_version` stays (database triggers move it on any
 * change to the campaign, its texts and its letter, from any process): a signing spike costs one
 * indexed read of the version per signature instead of the campaign, its texts and its letter.
 */
export async function getSigningContext({ slug, language, variant = "standard" }: SigningContextKey) {
  const current = await getPageVersion({ slug });
  if (!current) throw notFound();
  const key = `${slug}\n${language}\n${variant}`;
  let kept = signingContexts.get(key);
  if (kept?.version !== current.page_version) {
    // Read after the version: a change in between leaves a newer context under an older version,
    // read again next time, never the other way round.
    kept = { version: current.page_version, context: await readSigningContext({ slug, language, variant }) };
    if (signingContexts.size >= SIGNING_CONTEXTS_KEPT) signingContexts.delete(signingContexts.keys().next().value!);
    signingContexts.set(key, kept);
  }
  const { campaign, letter } = kept.context;
  return { campaign, letter, openForSigning: isOpenForSigning(campaign) };
}

async function readSigningContext({ slug, language: pageLanguage, variant = "standard" }: SigningContextKey) {
  const found = await requireCampaignBySlug({ slug });
  if (!isPublicStatus(found.status)) throw notFound();
  const language = shownLanguage(found, pageLanguage);
  const [texts, letter] = await Promise.all([textsShown([found], pageLanguage), getCurrentLetterText({ campaignId: found.id, language, variant })]);
  if (!letter && variant === "easy_read") throw notFound();
  if (!letter) throw new Error(`Campaign ${slug} has no letter text`);
  const text = texts.get(found.id);
  const campaign = { ...found, title: text?.title || found.title, shownLanguage: language };
  return { campaign, letter };
}

/** The letter as the public page will show it. */
export function previewLetter(body: string) {
  return renderMarkdown(body);
}

export async function isSlugAvailable({ slug }: { slug: string }) {
  return !(await slugIsTaken({ slug }));
}
