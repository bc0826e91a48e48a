import { db, type Executor } from "~/utils/db.server";

// What a campaign's Atom feed needs that no other model reads: when it was created (its entries'
// tag: ids are dated by it) and when its status changed (the first change to "open" is its opening).
// Only dates and statuses: who made a change is nobody's business in a public feed.

export function getCampaignCreatedAt({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx.selectFrom("campaigns").select("created_at").where("id", "=", campaignId).executeTakeFirst();
}

/** A campaign's status changes, oldest first: `after` is the audit log's JSON ({"status":"open",…}). */
export function listStatusChanges({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("audit_log")
    .select(["after", "created_at"])
    .where("campaign_id", "=", campaignId)
    .where("action", "=", "campaign.status")
    .orderBy("id", "asc")
    .execute();
}
