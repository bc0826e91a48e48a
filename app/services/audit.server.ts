import { type AuditFilter, listAuditActions, listAuditEntries } from "~/models/audit.server";
import type { SessionUser } from "~/models/users.server";
import { requireSiteAccess } from "./access.server";

export const AUDIT_PAGE_SIZE = 50;

/** What changed between before and after: only the fields that differ, as text. */
function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]))
    .map((key) => ({ field: key, before: show(before?.[key]), after: show(after?.[key]) }));
}

const show = (value: unknown) => (value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value));

export async function getAuditLog({ user, filter, page }: { user: SessionUser; filter: AuditFilter; page: number }) {
  requireSiteAccess({ actor: user, need: "readAudit" });
  const to = filter.to ? new Date(Date.parse(filter.to) + 86_400_000).toISOString() : undefined; // the whole "to" day
  const [rows, actions] = await Promise.all([
    listAuditEntries({
      filter: { ...filter, from: filter.from ? new Date(filter.from).toISOString() : undefined, to },
      limit: AUDIT_PAGE_SIZE + 1,
      offset: (page - 1) * AUDIT_PAGE_SIZE,
    }),
    listAuditActions(),
  ]);
  return {
    actions,
    hasMore: rows.length > AUDIT_PAGE_SIZE,
    entries: rows.slice(0, AUDIT_PAGE_SIZE).map((row) => ({
      id: row.id,
      at: row.created_at,
      by: row.user_email,
      campaign: row.campaign_slug,
      action: row.action,
      changes: changes(row.before ? JSON.parse(row.before) : null, row.after ? JSON.parse(row.after) : null),
    })),
  };
}
