import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // An export of a campaign's signature pack: a background job, then a ZIP under DATA_DIR/packs/.
  await db.schema
    .createTable("pack_exports")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("file", "text")
    .addColumn("bytes", "integer")
    .addColumn("sha256", "text")
    .addColumn("manifest_sha256", "text")
    .addColumn("error", "text")
    .addColumn("requested_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("pack_exports_campaign_idx").on("pack_exports").columns(["campaign_id", "id"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("pack_exports").execute();
}
