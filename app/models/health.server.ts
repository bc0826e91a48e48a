import { sql } from "kysely";
import { migrations } from "#db/migrations/index";
import { db, type Executor } from "~/utils/db.server";

// What /readyz asks the database: that it answers, which migrations it has, and how long the
// oldest mail has waited. Each is one small read.

export async function pingDatabase(trx: Executor = db) {
  await sql`select 1 as one`.execute(trx);
}

/** Migrations this build knows (db/migrations/index.ts) that the database has not recorded as applied. */
export async function getUnappliedMigrations(trx: Executor = db) {
  // Kysely's own table, on both engines; not in db/schema.ts, which describes the app's tables.
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(trx);
  const applied = new Set(rows.map((row) => row.name));
  return Object.keys(migrations).filter((name) => !applied.has(name));
}

/**
 * The oldest message still waiting to go out: pending (a retry's next attempt is moved later, so
 * the time it was queued tells how long it has waited), or left "sending" by a process that died.
 * The app queues every message to go at once (next_attempt_at starts at created_at), so each of
 * these has been due since it was queued. Reads the outbox's (status, created_at) index for
 * the waiting rows only: none, or a few, while mail flows.
 */
export async function getOldestWaitingMessage(trx: Executor = db) {
  return trx
    .selectFrom("outbox")
    .select(["created_at", "attempts"])
    .where("status", "in", ["pending", "sending"])
    // Mail only: a webhook receiver that is down must not make the app unready (webhooks.server.ts).
    .where("webhook_id", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}
