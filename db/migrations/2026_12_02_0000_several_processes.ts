import type { Kysely } from "kysely";

// Several app processes on one PostgreSQL database: a message being sent names the process sending
// it (its key, held as an advisory lock while the process lives: utils/app-process.server.ts), so
// another process takes it over as soon as that process is gone, not only when its lease runs out.
// And readiness (/readyz) finds the oldest waiting message by an index.
export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable("outbox").addColumn("claimed_by", "integer").execute();
  // /readyz asks how long the oldest waiting message has waited (models/health.server.ts).
  await db.schema.createIndex("outbox_waiting_idx").on("outbox").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex("outbox_waiting_idx").execute();
  await db.schema.alterTable("outbox").dropColumn("claimed_by").execute();
}
