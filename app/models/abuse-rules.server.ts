import { db, type Executor } from "~/utils/db.server";

// What a campaign's team marks suspicious (address ranges, signatures an hour from one address),
// and the two counts the quiet abuse flags ask at signing, each read through its own index.

export function getAbuseRules({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx.selectFrom("abuse_rules").select(["ranges", "hourly_limit", "updated_at"]).where("campaign_id", "=", campaignId).executeTakeFirst();
}

export async function saveAbuseRules(
  { campaignId, ranges, hourlyLimit, userId, at }: { campaignId: number; ranges: string | null; hourlyLimit: number | null; userId: number; at: string },
  trx: Executor = db,
) {
  await trx
    .insertInto("abuse_rules")
    .values({ campaign_id: campaignId, ranges, hourly_limit: hourlyLimit, updated_by: userId, updated_at: at })
    .onConflict((oc) => oc.column("campaign_id").doUpdateSet({ ranges, hourly_limit: hourlyLimit, updated_by: userId, updated_at: at }))
    .execute();
}

/** Signatures of this campaign from this client address since `since` (index signatures_address). */
export async function countSignaturesFromAddressSince(
  { campaignId, ipAddress, since }: { campaignId: number; ipAddress: string; since: string },
  trx: Executor = db,
) {
  const row = await trx
    .selectFrom("signatures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("ip_address", "=", ipAddress)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Signatures of this campaign since `since` whose name is one of `names` and town one of `towns`
 * (the spellings of one name and town the caller thinks likely): exact matches, so that the index
 * signatures_name_town (campaign_id, location, name, created_at) answers with a few seeks.
 */
export async function countSignaturesByNameAndTownSince(
  { campaignId, names, towns, since }: { campaignId: number; names: string[]; towns: string[]; since: string },
  trx: Executor = db,
) {
  const row = await trx
    .selectFrom("signatures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("location", "in", towns)
    .where("name", "in", names)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
