import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // Assisted signing: who helped the signer, and how they know them. The signature stays the
  // signer's own; both are null when nobody helped.
  await db.schema.alterTable("signatures").addColumn("helper_name", "text").execute();
  await db.schema.alterTable("signatures").addColumn("helper_relation", "text").execute();

  // A campaigner's own pictures for Easy Read letters. A letter names one as `upload:{sha256}`, so
  // the letter's SHA-256 covers the picture's exact bytes. `file` is a generated name under
  // UPLOADS_DIR; an SVG is stored as the PNG it was rasterised to, never as SVG.
  await db.schema
    .createTable("pictures")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // One row per campaign and picture: two campaigns may upload the same bytes, each its own.
  await db.schema.createIndex("pictures_campaign_sha256").on("pictures").columns(["campaign_id", "sha256"]).unique().execute();
  await db.schema.createIndex("pictures_sha256").on("pictures").column("sha256").execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("pictures").execute();
  await db.schema.alterTable("signatures").dropColumn("helper_relation").execute();
  await db.schema.alterTable("signatures").dropColumn("helper_name").execute();
}
