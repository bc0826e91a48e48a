import { db, type Executor } from "~/utils/db.server";

export async function createCampaignCount({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  await trx.insertInto("campaign_counts").values({ campaign_id: campaignId, verified_count: 0, updated_at: at }).execute();
}

/** Adds a batch of verifications to a campaign's count: one write per campaign per batch. */
export async function addToCampaignCount({ campaignId, added, at }: { campaignId: number; added: number; at: string }, trx: Executor = db) {
  await trx
    .insertInto("campaign_counts")
    .values({ campaign_id: campaignId, verified_count: added, updated_at: at })
    .onConflict((oc) =>
      oc.column("campaign_id").doUpdateSet((eb) => ({
        verified_count: eb("campaign_counts.verified_count", "+", eb.ref("excluded.verified_count")),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
}

export function getCountBySlug({ slug }: { slug: string }, trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .leftJoin("campaign_counts", "campaign_counts.campaign_id", "campaigns.id")
    .select(["campaigns.slug", "campaigns.goal", "campaign_counts.verified_count", "campaign_counts.updated_at"])
    .where("campaigns.slug", "=", slug)
    .where("campaigns.status", "not in", ["draft", "submitted"])
    .executeTakeFirst();
}
