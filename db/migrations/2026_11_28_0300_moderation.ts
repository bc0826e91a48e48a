import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>) {
  // Moderation: a hidden name or comment is still counted; an invalidated signature is kept for
  // the record (who, when, why) but leaves every count.
  await db.schema.alterTable("signatures").addColumn("name_hidden", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("signatures").addColumn("comment_hidden", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("signatures").addColumn("invalidated_at", "text").execute();
  await db.schema.alterTable("signatures").addColumn("invalidated_reason", "text").execute();
  await db.schema.alterTable("signatures").addColumn("invalidated_by", "integer", (c) => c.references("users.id")).execute();
  // Bulk invalidation by time window reads a campaign's signatures by when they were made.
  await db.schema.createIndex("signatures_campaign_created_idx").on("signatures").columns(["campaign_id", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex("signatures_campaign_created_idx").execute();
  for (const column of ["invalidated_by", "invalidated_reason", "invalidated_at", "comment_hidden", "name_hidden"]) {
    await db.schema.alterTable("signatures").dropColumn(column).execute();
  }
}
