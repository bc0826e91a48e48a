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

export interface AuditFilter {
  campaign?: string;
  person?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The audit log for staff, newest first, filtered by campaign, person, action and time. */
export function listAuditEntries({ filter, limit, offset }: { filter: AuditFilter; limit: number; offset: number }, trx: Executor = db) {
  return trx
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.user_id")
    .leftJoin("campaigns", "campaigns.id", "audit_log.campaign_id")
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.before",
      "audit_log.after",
      "audit_log.created_at",
      "users.email as user_email",
      "campaigns.slug as campaign_slug",
    ])
    .$if(Boolean(filter.campaign), (q) => q.where("campaigns.slug", "=", filter.campaign!))
    .$if(Boolean(filter.person), (q) => q.where("users.email", "=", filter.person!))
    .$if(Boolean(filter.action), (q) => q.where("audit_log.action", "=", filter.action!))
    .$if(Boolean(filter.from), (q) => q.where("audit_log.created_at", ">=", filter.from!))
    .$if(Boolean(filter.to), (q) => q.where("audit_log.created_at", "<", filter.to!))
    .orderBy("audit_log.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function listAuditActions(trx: Executor = db) {
  const rows = await trx.selectFrom("audit_log").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}

/**
 * What the keyers typed, taken out of the record of settling a sheet's rows: for one row whose signer
 * withdrew, or for every row of a campaign being anonymised. The record keeps who settled, when,
 * the outcome and where each field came from; the values become null.
 */
export async function redactPaperSettlements({ campaignId, sheet, row }: { campaignId: number; sheet?: string; row?: number }, trx: Executor = db) {
  const entries = await trx
    .selectFrom("audit_log")
    .select(["id", "before", "after"])
    .where("campaign_id", "=", campaignId)
    .where("action", "=", "paper.settle")
    .execute();
  for (const entry of entries) {
    const before = entry.before ? (JSON.parse(entry.before) as Record<string, unknown>) : {};
    const after = entry.after ? (JSON.parse(entry.after) as Record<string, unknown>) : {};
    if ((sheet !== undefined && before.sheet !== sheet) || (row !== undefined && before.row !== row)) continue;
    if (before.first === null && before.second === null && after.values === null) continue;
    await trx
      .updateTable("audit_log")
      .set({ before: JSON.stringify({ ...before, first: null, second: null }), after: JSON.stringify({ ...after, values: null }) })
      .where("id", "=", entry.id)
      .execute();
  }
}
