import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable("campaigns").addColumn("thank_you", "text").execute();

  // Every change a campaigner or staff member makes: who, when, what, before and after (JSON).
  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("campaign_id", "integer", (c) => c.references("campaigns.id").onDelete("cascade"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_campaign_idx").on("audit_log").columns(["campaign_id", "id"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("audit_log").execute();
  await db.schema.alterTable("campaigns").dropColumn("thank_you").execute();
}
