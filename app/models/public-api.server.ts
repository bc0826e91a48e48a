import { db, type Executor } from "~/utils/db.server";
import { publicCampaignColumns } from "./campaigns.server";

// Reads for the public open-data API (services/public-api.server.ts). Like every public page's,
// these select no email, IP address, comment or helper of anyone.

/** A campaign as the API describes it, drafts included (the service decides what is public). */
export function getApiCampaign({ slug }: { slug: string }, trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .leftJoin("campaign_counts", "campaign_counts.campaign_id", "campaigns.id")
    .select([
      ...publicCampaignColumns,
      "campaigns.created_at",
      "campaigns.updated_at",
      "campaign_counts.updated_at as count_updated_at",
    ])
    .where("campaigns.slug", "=", slug)
    .executeTakeFirst();
}

/**
 * Campaigns open now, and those closed or delivered since `endedSince` (when they ended: `ended_at`,
 * or their last change for one created closed), newest first by id, `limit` after the id `afterId`.
 */
export function listApiCampaigns({ endedSince, afterId, limit }: { endedSince: string; afterId?: number; limit: number }, trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .leftJoin("campaign_counts", "campaign_counts.campaign_id", "campaigns.id")
    .select([...publicCampaignColumns, "campaign_counts.verified_count"])
    .where((eb) =>
      eb.or([
        eb("campaigns.status", "=", "open"),
        eb.and([eb("campaigns.status", "in", ["closed", "delivered"]), eb(eb.fn.coalesce("campaigns.ended_at", "campaigns.updated_at"), ">=", endedSince)]),
      ]),
    )
    .$if(afterId !== undefined, (qb) => qb.where("campaigns.id", "<", afterId!))
    .orderBy("campaigns.id", "desc")
    .limit(limit)
    .execute();
}

/**
 * A page of the signatories the public campaign page lists (verified, the name shown by choice and
 * not hidden by moderation, not invalidated; withdrawn ones no longer exist), newest first by id,
 * `limit` after the id `afterId`. Read through the (campaign_id, id) index.
 */
export function listPublicSignatoriesAfter({ campaignId, afterId, limit }: { campaignId: number; afterId?: number; limit: number }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .select(["id", "name", "signer_type", "organisation", "role"])
    .where("campaign_id", "=", campaignId)
    .$if(afterId !== undefined, (qb) => qb.where("id", "<", afterId!))
    .where("verified_at", "is not", null)
    .where("show_name", "=", 1)
    .where("name_hidden", "=", 0)
    .where("invalidated_at", "is", null)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** When a campaign's status changed, oldest first (from the audit log; no one's identity). */
export function listStatusChanges({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("audit_log")
    .select(["after", "created_at"])
    .where("campaign_id", "=", campaignId)
    .where("action", "in", ["campaign.create", "campaign.status"])
    .orderBy("id")
    .execute();
}

