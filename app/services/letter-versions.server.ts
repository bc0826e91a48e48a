import { diffWords } from "diff";
import { insertAuditEntry } from "~/models/audit.server";
import { requireCampaignBySlug } from "~/models/campaigns.server";
import { getCurrentLetterText, insertLetterVersion, listLetterTexts } from "~/models/letters.server";
import { countVerifiedByLetterVersion } from "~/models/signature-stats.server";
import type { SessionUser } from "~/models/users.server";
import { normaliseLetterBody } from "~/schemas/letter-version";
import { type CampaignStatus, db, now } from "~/utils/db.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requireCampaignAccess } from "./access.server";
import { isPublicStatus, letterSha256 } from "./campaigns.server";
import { conflict, invalid } from "~/utils/domain-error";
import { notFound } from "~/utils/domain-error";

// Once a campaign is open its letter is never rewritten: a correction is a new version with a
// reason, and every signature keeps the version (and the SHA-256) it was given.

/**
 * Statuses whose letter may be amended. A draft is still edited in place; a campaign waiting for
 * review is amended by sending it back; a delivered letter is history.
 */
export const canAmendLetter = (status: CampaignStatus) => status === "open" || status === "closed";


/** One run of words in a diff: unchanged, added in the newer version, or removed from the older. */
export interface DiffPart {
  change: "same" | "added" | "removed";
  text: string;
}

/** A word-level diff of two letter texts (their Markdown), for showing what a correction changed. */
export function diffLetters(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((part) => ({
    change: part.added ? "added" : part.removed ? "removed" : "same",
    text: part.value,
  }));
}

/** The amend page: the letter as it stands now, and whether it may be amended. */
export async function getLetterForAmending({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  const letter = await getCurrentLetterText({ campaignId: campaign.id, language: campaign.language });
  if (!letter) throw new Error(`Campaign ${slug} has no letter text`);
  return {
    campaign,
    letter: { version: letter.number, body: letter.body, sha256: letter.sha256, createdAt: letter.created_at },
    canAmend: canAmendLetter(campaign.status),
    may,
  };
}

/** What a correction would change, before it is saved. */
export async function previewAmendment({ user, slug, body }: { user: SessionUser; slug: string; body: string }) {
  const { letter } = await getLetterForAmending({ user, slug });
  return diffLetters(normaliseLetterBody(letter.body), normaliseLetterBody(body));
}

/**
 * Makes version N+1 of an open or closed campaign's letter, with the reason, and records who did
 * it, in one transaction. Refuses a text that is the same as the current one.
 */
export async function amendLetter({ user, slug, body, reason }: { user: SessionUser; slug: string; body: string; reason: string }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  if (!canAmendLetter(campaign.status)) throw conflict("versions.errors.notPossible");
  const text = normaliseLetterBody(body);
  return db.transaction().execute(async (trx) => {
    const current = await getCurrentLetterText({ campaignId: campaign.id, language: campaign.language }, trx);
    if (!current) throw new Error(`Campaign ${slug} has no letter text`);
    if (normaliseLetterBody(current.body) === text) throw invalid("versions.errors.unchanged");
    const at = now();
    const number = current.number + 1;
    const sha256 = letterSha256(text);
    await insertLetterVersion(
      { campaignId: campaign.id, number, reason, createdAt: at, texts: [{ language: campaign.language, variant: "standard", body: text, sha256 }] },
      trx,
    );
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "letter.amend",
        before: { version: current.number, sha256: current.sha256 },
        after: { version: number, sha256, reason },
        createdAt: at,
      },
      trx,
    );
    return { slug: campaign.slug, version: number };
  });
}

/**
 * The public history of a campaign's letter: every version with its date, reason, fingerprint
 * and verified signatures, and for each correction what changed from the version before.
 */
export async function getLetterVersionsPage({ slug }: { slug: string }) {
  const campaign = await requireCampaignBySlug({ slug });
  if (!isPublicStatus(campaign.status)) throw notFound();
  const [texts, counts] = await Promise.all([
    listLetterTexts({ campaignId: campaign.id, language: campaign.language }),
    countVerifiedByLetterVersion({ campaignId: campaign.id }),
  ]);
  const versions = texts.map((text, index) => ({
    number: text.number,
    createdAt: text.created_at,
    reason: text.reason,
    sha256: text.sha256,
    signatures: counts.filter((c) => c.version === text.number).reduce((sum, c) => sum + c.count, 0),
    html: renderMarkdown(text.body),
    diff: index > 0 ? diffLetters(normaliseLetterBody(texts[index - 1].body), normaliseLetterBody(text.body)) : null,
  }));
  return {
    campaign: { slug: campaign.slug, title: campaign.title, language: campaign.language },
    // Newest first: someone arriving from "Amended on …" wants the latest change at the top.
    versions: versions.reverse(),
  };
}
