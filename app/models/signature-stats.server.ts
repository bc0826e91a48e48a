import { sql } from "kysely";
import { db, type Executor } from "~/utils/db.server";

// Figures for a campaign's dashboard. Counts here are exact (computed now), unlike the public
// batch count, because only the campaign's team and staff read them.

export async function countSignaturesByState({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const row = await trx
    .selectFrom("signatures")
    .select((eb) => [
      eb.fn.count<number>("verified_at").as("verified"),
      eb.fn.countAll<number>().as("total"),
    ])
    .where("campaign_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  return { verified: Number(row.verified), pending: Number(row.total) - Number(row.verified) };
}

export async function countVerifiedByDay({ campaignId, since }: { campaignId: number; since: string }, trx: Executor = db) {
  const day = sql<string>`substr(verified_at, 1, 10)`;
  const rows = await trx
    .selectFrom("signatures")
    .select([day.as("day"), (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .where("verified_at", ">=", since)
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
    .groupBy("signer_type")
    .execute();
  return rows.map((r) => ({ signerType: r.signer_type, count: Number(r.n) }));
}

export async function countVerifiedByLetterVersion({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .innerJoin("letter_versions", "letter_versions.id", "signatures.letter_version_id")
    .select(["letter_versions.number", "signatures.letter_sha256", (eb) => eb.fn.countAll<number>().as("n")])
    .where("signatures.campaign_id", "=", campaignId)
    .where("signatures.verified_at", "is not", null)
    .groupBy(["letter_versions.number", "signatures.letter_sha256"])
    .orderBy("letter_versions.number")
    .execute();
  return rows.map((r) => ({ version: r.number, sha256: r.letter_sha256, count: Number(r.n) }));
}

/**
 * Signatures for the team's search and latest list. The email column is selected only when the
 * caller says the reader is staff: campaigners never receive a signer's address.
 */
export async function searchSignatures(
  { campaignId, q, withEmail, limit, offset }: { campaignId: number; q?: string; withEmail: boolean; limit: number; offset: number },
  trx: Executor = db,
) {
  let query = trx
    .selectFrom("signatures")
    .select(["id", "name", "signer_type", "organisation", "role", "location", "created_at", "verified_at"])
    .$if(withEmail, (qb) => qb.select("email"))
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
