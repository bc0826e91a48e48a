import { db, type Executor } from "~/utils/db.server";

export async function insertAuditEntry(
  entry: { userId: number | null; campaignId: number | null; action: string; before?: unknown; after?: unknown; createdAt: string },
  trx: Executor = db,
) {
  await trx
    .insertInto("audit_log")
    .values({
      user_id: entry.userId,
      campaign_id: entry.campaignId,
      action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      created_at: entry.createdAt,
    })
    .execute();
}

export function listCampaignAudit({ campaignId, actions }: { campaignId: number; actions?: string[] }, trx: Executor = db) {
  let query = trx
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.user_id")
    .select(["audit_log.id", "audit_log.action", "audit_log.before", "audit_log.after", "audit_log.created_at", "users.email as user_email"])
    .where("audit_log.campaign_id", "=", campaignId)
    .orderBy("audit_log.id", "desc");
  if (actions) query = query.where("audit_log.action", "in", actions);
  return query.execute();
}
