import { insertAuditEntry } from "~/models/audit.server";
import { getCurrentLetterText, listCurrentLetterTexts, replaceLetterTexts } from "~/models/letters.server";
import type { SessionUser } from "~/models/users.server";
import { type EasyReadLetters, easyReadRows, pictureRef } from "~/schemas/easy-read";
import { db, type Executor, type Language, now } from "~/utils/db.server";
import { conflict, invalid } from "~/utils/domain-error";
import { requireCampaignAccess } from "./access.server";
import { easyReadTexts, languagesOf } from "./campaigns.server";
import { checkEasyRead, type RowToCheck } from "./easy-read-check.server";
import { getHardWords } from "./easy-read/hard-words.server";
import { listCampaignPictures, pictureLabel, type PictureUpload, pictureUrl, storePicture, unknownPictures } from "./pictures.server";

// A campaign's Easy Read letters, one per language: rows of a short text, a picture and its
// description. While the campaign is a draft they are written in place in its first letter version
// (variant easy_read, beside the standard text); once it opens they are frozen, and change only
// with the standard text, as a new version (letter-versions.server.ts).

/** Rows as a form sends them back before they are checked: any part may be missing. */
export type TypedRows = Partial<Record<Language, RowToCheck[]>>;

/** The writing aid's advice for each language's rows, with that language's list of hard words. */
export async function adviseOn(rows: TypedRows, trx: Executor = db) {
  const advice: Partial<Record<Language, ReturnType<typeof checkEasyRead>>> = {};
  for (const [language, list] of Object.entries(rows) as [Language, RowToCheck[]][]) {
    advice[language] = checkEasyRead(list, { language, hardWords: await getHardWords({ language }, trx) });
  }
  return advice;
}

/** The address and name of each picture the rows name, for showing them: `{ ref: { url, label } }`. */
export function picturesOf(rows: TypedRows) {
  const refs = new Set(Object.values(rows).flatMap((list) => (list ?? []).flatMap((row) => (row.picture && pictureRef.test(row.picture) ? [row.picture] : []))));
  return Object.fromEntries([...refs].map((ref) => [ref, { url: pictureUrl(ref), label: pictureLabel(ref) ?? "" }]));
}

/** Each language's Easy Read rows in the campaign's current letter version, in the campaign's languages only. */
export async function currentEasyRead(campaign: { id: number; language: Language; languages: string }, trx: Executor = db): Promise<EasyReadLetters> {
  const texts = await listCurrentLetterTexts({ campaignId: campaign.id, variant: "easy_read" }, trx);
  return Object.fromEntries(languagesOf(campaign).flatMap((language) => {
    const text = texts.find((t) => t.language === language);
    return text ? [[language, easyReadRows(text.body)]] : [];
  }));
}

/**
 * The Easy Read editor: the campaign's languages, each one's rows as they stand with the writing
 * aid's advice, whether they are frozen (the campaign is no longer a draft: change them by
 * amending the letter), and the pictures the campaign has uploaded, to use again.
 */
export async function getEasyReadForEditor({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  const easyRead = await currentEasyRead(campaign);
  const uploads = await listCampaignPictures({ campaignId: campaign.id });
  return {
    campaign,
    languages: languagesOf(campaign),
    easyRead,
    advice: await adviseOn(easyRead),
    pictures: picturesOf(easyRead),
    uploads,
    frozen: campaign.status !== "draft",
  };
}

/** The writing aid's advice on rows as typed, not saved (the editor's picture search shows it too). */
export async function adviseOnDraft({ user, slug, rows }: { user: SessionUser; slug: string; rows: TypedRows }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  const languages = languagesOf(campaign);
  const own = Object.fromEntries(Object.entries(rows).filter(([language]) => languages.includes(language as Language))) as TypedRows;
  return { advice: await adviseOn(own), pictures: picturesOf(own) };
}

/**
 * Refuses a letter in a language the campaign does not have, and a picture that is neither in the
 * library nor among this campaign's uploads (the error's `ref` names the first such picture).
 */
export async function checkEasyReadInput(campaign: { id: number; language: Language; languages: string }, easyRead: EasyReadLetters, trx: Executor = db) {
  const languages = languagesOf(campaign);
  const language = (Object.keys(easyRead) as Language[]).find((l) => easyRead[l]?.length && !languages.includes(l));
  if (language) throw invalid("easyReadErrors.notALanguage", { language });
  const refs = [...new Set(Object.values(easyRead).flatMap((rows) => (rows ?? []).flatMap((row) => (row.picture ? [row.picture] : []))))];
  const unknown = refs.length ? await unknownPictures({ campaignId: campaign.id, refs }, trx) : [];
  if (unknown.length) throw invalid("easyReadErrors.pictureUnknown", { ref: unknown[0] });
}

/**
 * Saves a draft's Easy Read letters in place: each language's rows replace the first version's
 * easy_read text (a language with no rows has none), with an audit entry, in one transaction.
 * A campaign past its draft is refused: its Easy Read letter changes by amendment only.
 */
export async function saveEasyRead({ user, slug, easyRead }: { user: SessionUser; slug: string; easyRead: EasyReadLetters }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  if (campaign.status !== "draft") throw conflict("easyReadErrors.frozen");
  await db.transaction().execute(async (trx) => {
    await checkEasyReadInput(campaign, easyRead, trx);
    const before = await currentEasyRead(campaign, trx);
    // A draft has one version, the one its standard text is in.
    const letter = await getCurrentLetterText({ campaignId: campaign.id, language: campaign.language }, trx);
    if (!letter) throw new Error(`Campaign ${slug} has no letter text`);
    const at = now();
    const texts = easyReadTexts({ languages: languagesOf(campaign), easyRead });
    await replaceLetterTexts({ letterVersionId: letter.letter_version_id, variant: "easy_read", texts, createdAt: at }, trx);
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "letter.easyRead",
        before: { easyRead: before },
        after: { easyRead: Object.fromEntries(texts.map((t) => [t.language, easyRead[t.language]])), sha256: Object.fromEntries(texts.map((t) => [t.language, t.sha256])) },
        createdAt: at,
      },
      trx,
    );
  });
  return { slug: campaign.slug };
}

/** Keeps a picture a campaigner uploaded for the campaign's Easy Read letters; its ref goes into a row. */
export async function uploadEasyReadPicture({ user, slug, picture }: { user: SessionUser; slug: string; picture: Extract<PictureUpload, { status: "ok" }> }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  return storePicture({ campaignId: campaign.id, userId: user.id, picture });
}
