import { db, type Executor, type Language, type LetterVariant } from "~/utils/db.server";

export async function insertLetterVersion(
  {
    campaignId,
    number,
    reason,
    texts,
    createdAt,
  }: {
    campaignId: number;
    number: number;
    reason: string | null;
    texts: { language: Language; variant: LetterVariant; body: string; sha256: string }[];
    createdAt: string;
  },
  trx: Executor = db,
) {
  const version = await trx
    .insertInto("letter_versions")
    .values({ campaign_id: campaignId, number, reason, created_at: createdAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("letter_texts")
    .values(texts.map((text) => ({ ...text, letter_version_id: version.id, created_at: createdAt })))
    .execute();
  return version.id;
}

const letterTextColumns = [
  "letter_texts.id",
  "letter_texts.letter_version_id",
  "letter_texts.language",
  "letter_texts.variant",
  "letter_texts.body",
  "letter_texts.sha256",
  "letter_versions.number",
  "letter_versions.reason",
  "letter_versions.created_at",
] as const;

/** The texts of every version of one campaign's letter, with their version's number and date. */
function campaignLetterTexts(trx: Executor, campaignId: number) {
  return trx
    .selectFrom("letter_texts")
    .innerJoin("letter_versions", "letter_versions.id", "letter_texts.letter_version_id")
    .select(letterTextColumns)
    .where("letter_versions.campaign_id", "=", campaignId);
}

/** The newest version's text in a language and variant: what a supporter is shown now. */
export function getCurrentLetterText(
  { campaignId, language, variant = "standard" }: { campaignId: number; language: Language; variant?: LetterVariant },
  trx: Executor = db,
) {
  return campaignLetterTexts(trx, campaignId)
    .where("letter_texts.language", "=", language)
    .where("letter_texts.variant", "=", variant)
    .orderBy("letter_versions.number", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** A letter text of this campaign by id: the exact text a supporter had on screen when signing. */
export function getLetterTextOfCampaign({ campaignId, letterTextId }: { campaignId: number; letterTextId: number }, trx: Executor = db) {
  return campaignLetterTexts(trx, campaignId)
    .where("letter_texts.id", "=", letterTextId)
    .executeTakeFirst();
}

export type LetterTextRow = NonNullable<Awaited<ReturnType<typeof getCurrentLetterText>>>;

/** Every version's text in a language and variant, oldest first: the letter's public history. */
export function listLetterTexts(
  { campaignId, language, variant = "standard" }: { campaignId: number; language: Language; variant?: LetterVariant },
  trx: Executor = db,
) {
  return campaignLetterTexts(trx, campaignId)
    .where("letter_texts.language", "=", language)
    .where("letter_texts.variant", "=", variant)
    .orderBy("letter_versions.number", "asc")
    .execute();
}

/**
 * While a campaign is a draft its first version's texts of one variant (the standard letter, or the
 * Easy Read one) may still be rewritten in place, in every language.
 */
export async function replaceLetterTexts(
  {
    letterVersionId,
    variant = "standard",
    texts,
    createdAt,
  }: { letterVersionId: number; variant?: LetterVariant; texts: { language: Language; variant: LetterVariant; body: string; sha256: string }[]; createdAt: string },
  trx: Executor = db,
) {
  await trx.deleteFrom("letter_texts").where("letter_version_id", "=", letterVersionId).where("variant", "=", variant).execute();
  if (texts.length) await trx.insertInto("letter_texts").values(texts.map((text) => ({ ...text, letter_version_id: letterVersionId, created_at: createdAt }))).execute();
}

/** The newest version's texts of a variant, one per language: the letter (or its Easy Read version) as it reads now. */
export function listCurrentLetterTexts({ campaignId, variant = "standard" }: { campaignId: number; variant?: LetterVariant }, trx: Executor = db) {
  return campaignLetterTexts(trx, campaignId)
    .where("letter_texts.variant", "=", variant)
    .where("letter_versions.number", "=", (eb) =>
      eb.selectFrom("letter_versions").select((e) => e.fn.max("number").as("n")).where("campaign_id", "=", campaignId),
    )
    .execute();
}

/** One version's texts of a variant, one per language: what a printed sheet of that version carries. */
export function listLetterTextsOfVersion({ letterVersionId, variant = "standard" }: { letterVersionId: number; variant?: LetterVariant }, trx: Executor = db) {
  return trx
    .selectFrom("letter_texts")
    .innerJoin("letter_versions", "letter_versions.id", "letter_texts.letter_version_id")
    .select(letterTextColumns)
    .where("letter_texts.letter_version_id", "=", letterVersionId)
    .where("letter_texts.variant", "=", variant)
    .execute();
}
