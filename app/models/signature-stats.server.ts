import { sql } from "kysely";
import { db, type Executor, type SignatureSource } from "~/utils/db.server";

// Figures for a campaign's dashboard. Counts here are exact (computed now), unlike the public
// batch count, because only the campaign's team and staff read them (the public page's figures
// for paper and events aside, read through an index). Signatures staff invalidated are in none of
// them but their own.

export async function countSignaturesByState({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const row = await trx
    .selectFrom("signatures")
    .select((eb) => [
      eb.fn.count<number>(eb.case().when("invalidated_at", "is", null).then(eb.ref("verified_at")).end()).as("verified"),
      eb.fn.count<number>("invalidated_at").as("invalidated"),
      // Held by a quiet abuse flag (services/abuse.server.ts): never verified until a moderator clears it.
      eb.fn
        .count<number>(eb.case().when(eb.and([eb("flag_reason", "is not", null), eb("flag_cleared_at", "is", null), eb("invalidated_at", "is", null)])).then(1).end())
        .as("flagged"),
      eb.fn.countAll<number>().as("total"),
    ])
    .where("campaign_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  const [verified, invalidated, flagged, total] = [Number(row.verified), Number(row.invalidated), Number(row.flagged), Number(row.total)];
  return { verified, pending: total - verified - invalidated - flagged, invalidated, flagged };
}

export async function countVerifiedByDay({ campaignId, since }: { campaignId: number; since: string }, trx: Executor = db) {
  const day = sql<string>`substr(verified_at, 1, 10)`;
  const rows = await trx
    .selectFrom("signatures")
    .select([day.as("day"), (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .where("verified_at", ">=", since)
    .where("invalidated_at", "is", null)
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
}

export async function countVerifiedBySignerType({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select(["signer_type", (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .where("verified_at", "is not", null)
    .where("invalidated_at", "is", null)
    .groupBy("signer_type")
    .execute();
  return rows.map((r) => ({ signerType: r.signer_type, count: Number(r.n) }));
}

/**
 * Verified signatures by the letter text signed: its version, SHA-256, language and variant (a
 * version has a text per language, standard and perhaps Easy Read), each with how many of them
 * someone helped to make. The counts by variant and of assisted signatures are sums of these.
 */
export async function countVerifiedByLetterVersion({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .innerJoin("letter_versions", "letter_versions.id", "signatures.letter_version_id")
    .innerJoin("letter_texts", "letter_texts.id", "signatures.letter_text_id")
    .select([
      "letter_versions.number",
      "signatures.letter_sha256",
      "letter_texts.language",
      "letter_texts.variant",
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.count<number>("signatures.helper_name").as("assisted"),
    ])
    .where("signatures.campaign_id", "=", campaignId)
    .where("signatures.verified_at", "is not", null)
    .where("signatures.invalidated_at", "is", null)
    // One group per letter text signed (its id fixes the rest); the id is grouped on so that
    // PostgreSQL may order by it.
    .groupBy(["letter_texts.id", "letter_versions.number", "signatures.letter_sha256", "letter_texts.language", "letter_texts.variant"])
    .orderBy("letter_versions.number")
    .orderBy("letter_texts.id")
    .execute();
  return rows.map((r) => ({
    version: r.number,
    sha256: r.letter_sha256,
    language: r.language,
    variant: r.variant,
    count: Number(r.n),
    assisted: Number(r.assisted),
  }));
}

/** Verified signatures by the language they were made in (the language of the letter text signed). */
export async function countVerifiedByLanguage({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select(["language", (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .where("verified_at", "is not", null)
    .where("invalidated_at", "is", null)
    .groupBy("language")
    .execute();
  return rows.map((r) => ({ language: r.language, count: Number(r.n) }));
}

/**
 * Signatures for the team's search and latest list, invalidated ones included with their reason.
 * The email and comment columns are selected only when the caller says the reader is staff:
 * campaigners never receive a signer's address, and staff need the comment to moderate it.
 */
export async function searchSignatures(
  { campaignId, q, withEmail, limit, offset }: { campaignId: number; q?: string; withEmail: boolean; limit: number; offset: number },
  trx: Executor = db,
) {
  let query = trx
    .selectFrom("signatures")
    .select(["id", "name", "signer_type", "organisation", "role", "location", "created_at", "verified_at"])
    .select(["name_hidden", "comment_hidden", "invalidated_at", "invalidated_reason"])
    .$if(withEmail, (qb) => qb.select(["email", "comment"]))
    .where("campaign_id", "=", campaignId);
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(name)`, "like", sql`lower(${pattern}) escape '\\'`),
        eb(sql`lower(coalesce(organisation, ''))`, "like", sql`lower(${pattern}) escape '\\'`),
        eb(sql`lower(location)`, "like", sql`lower(${pattern}) escape '\\'`),
        ...(withEmail ? [eb(sql`email`, "like", sql`lower(${pattern}) escape '\\'`)] : []),
      ]),
    );
  }
  return query.orderBy("id", "desc").limit(limit).offset(offset).execute();
}

/**
 * Verified signatures by where they were made (online, paper, event), of the `sources` asked for.
 * The public campaign page asks for paper and event on every view: the (campaign_id, source) index
 * keeps that to the signatures typed in from sheets and made at kiosks, however many came online.
 */
export async function countVerifiedBySource({ campaignId, sources }: { campaignId: number; sources?: SignatureSource[] }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select(["source", (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .$if(sources !== undefined, (qb) => qb.where("source", "in", sources!))
    .where("verified_at", "is not", null)
    .where("invalidated_at", "is", null)
    .groupBy("source")
    .execute();
  return rows.map((r) => ({ source: r.source, count: Number(r.n) }));
}

/** Verified signatures made at each event's kiosks, by event id. */
export async function countVerifiedByEvent({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select(["event_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .where("source", "=", "event")
    .where("event_id", "is not", null)
    .where("verified_at", "is not", null)
    .where("invalidated_at", "is", null)
    .groupBy("event_id")
    .execute();
  return rows.map((r) => ({ eventId: r.event_id!, count: Number(r.n) }));
}

/** Signatures typed in from each paper sheet, by sheet id: verified, and invalidated by staff. */
export async function countSignaturesBySheet({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select((eb) => [
      "sheet_id",
      eb.fn.count<number>(eb.case().when("invalidated_at", "is", null).then(eb.ref("verified_at")).end()).as("verified"),
      eb.fn.count<number>("invalidated_at").as("invalidated"),
    ])
    .where("campaign_id", "=", campaignId)
    .where("source", "=", "paper")
    .where("sheet_id", "is not", null)
    .groupBy("sheet_id")
    .execute();
  return rows.map((r) => ({ sheetId: r.sheet_id!, verified: Number(r.verified), invalidated: Number(r.invalidated) }));
}

/** Rows of each of a campaign's sheets still to settle (the two typings differ) and rows of people who had signed already, by sheet id. */
export async function countSheetRowOutcomes({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("sheet_rows")
    .innerJoin("sheets", "sheets.id", "sheet_rows.sheet_id")
    .select(["sheet_rows.sheet_id", "sheet_rows.status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("sheets.campaign_id", "=", campaignId)
    .where("sheet_rows.status", "in", ["disputed", "duplicate"])
    .groupBy(["sheet_rows.sheet_id", "sheet_rows.status"])
    .execute();
  return rows.map((r) => ({ sheetId: r.sheet_id, status: r.status, count: Number(r.n) }));
}
