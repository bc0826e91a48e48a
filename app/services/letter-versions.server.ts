import { diffWords } from "diff";
import { insertAuditEntry } from "~/models/audit.server";
import { listCampaignTexts, requireCampaignBySlug } from "~/models/campaigns.server";
import { insertLetterVersion, listCurrentLetterTexts, listLetterTexts } from "~/models/letters.server";
import { countVerifiedByLetterVersion } from "~/models/signature-stats.server";
import type { SessionUser } from "~/models/users.server";
import { normaliseLetterBody } from "~/schemas/letter-version";
import type { Translations } from "~/schemas/campaign";
import { type EasyReadLetters, missingEasyRead } from "~/schemas/easy-read";
import { type CampaignStatus, db, type Language, now } from "~/utils/db.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requireCampaignAccess } from "./access.server";
import { easyReadTexts, isPublicStatus, languagesOf, letterSha256, shownLanguage } from "./campaigns.server";
import { checkEasyReadInput, currentEasyRead } from "./easy-read-editing.server";
import { conflict, invalid, notFound } from "~/utils/domain-error";

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

/**
 * The amend page: the letter as it stands now, in each of the campaign's languages, with its Easy
 * Read letters (amended with it), and whether it may be amended.
 */
export async function getLetterForAmending({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  const [texts, easyRead] = await Promise.all([listCurrentLetterTexts({ campaignId: campaign.id }), currentEasyRead(campaign)]);
  const letters = languagesOf(campaign).flatMap((language) => {
    const text = texts.find((t) => t.language === language);
    return text ? [{ language, version: text.number, body: text.body, sha256: text.sha256, createdAt: text.created_at }] : [];
  });
  if (!letters.length) throw new Error(`Campaign ${slug} has no letter text`);
  return { campaign, version: letters[0].version, letters, easyRead, canAmend: canAmendLetter(campaign.status), may };
}

/** Each language's Easy Read SHA-256, for telling whether a correction changes the Easy Read letter. */
const easyReadHashes = (languages: Language[], easyRead: EasyReadLetters) =>
  Object.fromEntries(easyReadTexts({ languages, easyRead }).map((t) => [t.language, t.sha256])) as Partial<Record<Language, string>>;

/**
 * What a correction would change in each language, before it is saved: a diff of the standard
 * text, and the languages whose Easy Read letter changes (`easyRead` undefined: none does).
 */
export async function previewAmendment({ user, slug, body, easyRead }: { user: SessionUser; slug: string; body: Translations; easyRead?: EasyReadLetters }) {
  const { campaign, letters, easyRead: current } = await getLetterForAmending({ user, slug });
  const languages = languagesOf(campaign);
  const [before, after] = [easyReadHashes(languages, current), easyReadHashes(languages, easyRead ?? current)];
  return {
    diff: letters.map((letter) => ({
      language: letter.language,
      parts: diffLetters(normaliseLetterBody(letter.body), normaliseLetterBody(body[letter.language] ?? "")),
    })),
    easyReadChanged: languages.filter((language) => before[language] !== after[language]),
  };
}

/**
 * Makes version N+1 of an open or closed campaign's letter, in every one of its languages, with
 * the reason, and records who did it, in one transaction. The Easy Read letters are amended with
 * it: `easyRead` replaces them (every row with a picture and its description, the campaign being
 * open; pictures the library's or the campaign's own), or, left out, they are carried over as
 * they are, with the same SHA-256. Refuses a language left out, and a correction that changes
 * nothing in any language, standard or Easy Read.
 */
export async function amendLetter({
  user,
  slug,
  body,
  easyRead,
  reason,
}: {
  user: SessionUser;
  slug: string;
  body: Translations;
  easyRead?: EasyReadLetters;
  reason: string;
}) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  if (!canAmendLetter(campaign.status)) throw conflict("versions.errors.notPossible");
  return db.transaction().execute(async (trx) => {
    const current = await listCurrentLetterTexts({ campaignId: campaign.id }, trx);
    const languages = languagesOf(campaign);
    const texts = languages.map((language) => ({ language, body: normaliseLetterBody(body[language] ?? "") }));
    if (texts.some((t) => !t.body)) throw invalid("versions.errors.bodyRequired");
    const easyReadBefore = await currentEasyRead(campaign, trx);
    const easyReadAfter = easyRead ?? easyReadBefore;
    await checkEasyReadInput(campaign, easyReadAfter, trx);
    const incomplete = missingEasyRead({ languages, easyRead: easyReadAfter });
    if (incomplete.length) throw invalid("easyReadErrors.incomplete", { fields: incomplete.join(", ") });
    const [hashesBefore, hashesAfter] = [easyReadHashes(languages, easyReadBefore), easyReadHashes(languages, easyReadAfter)];
    const easyReadSame = languages.every((language) => hashesBefore[language] === hashesAfter[language]);
    if (easyReadSame && texts.every((t) => normaliseLetterBody(current.find((c) => c.language === t.language)?.body ?? "") === t.body)) {
      throw invalid("versions.errors.unchanged");
    }
    const at = now();
    const number = Math.max(...current.map((c) => c.number)) + 1;
    const newTexts = texts.map((t) => ({ language: t.language, variant: "standard" as const, body: t.body, sha256: letterSha256(t.body) }));
    // An unchanged Easy Read letter has the same rows, so the same body and SHA-256 in the new version.
    await insertLetterVersion({ campaignId: campaign.id, number, reason, createdAt: at, texts: [...newTexts, ...easyReadTexts({ languages, easyRead: easyReadAfter })] }, trx);
    const withEasyRead = (hashes: Partial<Record<Language, string>>) => (Object.keys(hashes).length ? { easyReadSha256: hashes } : {});
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "letter.amend",
        before: { version: number - 1, sha256: Object.fromEntries(current.map((c) => [c.language, c.sha256])), ...withEasyRead(hashesBefore) },
        after: { version: number, sha256: Object.fromEntries(newTexts.map((t) => [t.language, t.sha256])), ...withEasyRead(hashesAfter), reason },
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
export async function getLetterVersionsPage({ slug, language: pageLanguage }: { slug: string; language: Language }) {
  const campaign = await requireCampaignBySlug({ slug });
  if (!isPublicStatus(campaign.status)) throw notFound();
  const language = shownLanguage(campaign, pageLanguage);
  const [texts, easyReadTexts, counts, campaignTexts] = await Promise.all([
    listLetterTexts({ campaignId: campaign.id, language }),
    listLetterTexts({ campaignId: campaign.id, language, variant: "easy_read" }),
    countVerifiedByLetterVersion({ campaignId: campaign.id }),
    listCampaignTexts({ campaignIds: [campaign.id] }),
  ]);
  const versions = texts.map((text, index) => ({
    number: text.number,
    createdAt: text.created_at,
    reason: text.reason,
    sha256: text.sha256,
    /** The fingerprint of the version's Easy Read letter in this language, if it has one. */
    easyReadSha256: easyReadTexts.find((e) => e.number === text.number)?.sha256 ?? null,
    signatures: counts.filter((c) => c.version === text.number).reduce((sum, c) => sum + c.count, 0),
    html: renderMarkdown(text.body),
    diff: index > 0 ? diffLetters(normaliseLetterBody(texts[index - 1].body), normaliseLetterBody(text.body)) : null,
  }));
  return {
    campaign: { slug: campaign.slug, title: campaignTexts.find((t) => t.language === language)?.title || campaign.title, language },
    // Newest first: someone arriving from "Amended on …" wants the latest change at the top.
    versions: versions.reverse(),
  };
}
