import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // One row per wrong sign-in code, kept for an hour: the cap on wrong codes is per address
  // across all its attempts, and held here rather than in memory so that it survives a restart
  // and holds across processes. Keyed by the address's SHA-256, not the account, so an address
  // with no account is counted (and answered) the same way; the address itself is not stored.
  await db.schema
    .createTable("sign_in_code_failures")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("email_hash", "text", (c) => c.notNull())
    .addColumn("failed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_code_failures_email_idx").on("sign_in_code_failures").columns(["email_hash", "failed_at"]).execute();
  await db.schema.createIndex("sign_in_code_failures_time_idx").on("sign_in_code_failures").column("failed_at").execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("sign_in_code_failures").execute();
}
