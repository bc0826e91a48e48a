import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // What the outbox needs for a delivery and a newsletter: a file to attach (a name under
  // DATA_DIR/packs/, never a path) and extra headers (JSON), such as List-Unsubscribe.
  await db.schema.alterTable("outbox").addColumn("attachment_file", "text").execute();
  await db.schema.alterTable("outbox").addColumn("attachment_name", "text").execute();
  await db.schema.alterTable("outbox").addColumn("headers", "text").execute();

  // One record per recipient and delivery of a pack. The recipient's name, title, role and address
  // are copied, because the editor replaces recipient rows and the record must say who it went to.
  await db.schema
    .createTable("deliveries")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("recipient_id", "integer", (c) => c.references("recipients.id").onDelete("set null"))
    .addColumn("recipient_name", "text", (c) => c.notNull())
    .addColumn("recipient_title", "text", (c) => c.notNull())
    .addColumn("recipient_role", "text", (c) => c.notNull())
    .addColumn("recipient_email", "text")
    .addColumn("pack_export_id", "integer", (c) => c.notNull().references("pack_exports.id"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("covering_message", "text")
    // By email: the outbox message it went out as (the last one, after a re-send) and the
    // SHA-256 of the token in its download link.
    .addColumn("outbox_id", "integer", (c) => c.references("outbox.id"))
    .addColumn("download_token_hash", "text", (c) => c.unique())
    .addColumn("first_downloaded_at", "text")
    // By hand or post: when, who took it, and a note.
    .addColumn("delivered_on", "text")
    .addColumn("delivered_by", "text")
    .addColumn("note", "text")
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("deliveries_campaign_idx").on("deliveries").columns(["campaign_id", "id"]).execute();

  // A recipient's response, published on the campaign page and mailed to signers who asked for
  // news. The mailing is a background job: `mailing_cursor` is the last signature id queued, moved
  // in the same transaction as each batch of mail, so a restart resumes without duplicates.
  await db.schema
    .createTable("responses")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("recipient_id", "integer", (c) => c.references("recipients.id").onDelete("set null"))
    .addColumn("from_name", "text", (c) => c.notNull())
    .addColumn("from_title", "text", (c) => c.notNull())
    .addColumn("received_on", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("pdf_file", "text")
    .addColumn("pdf_bytes", "integer")
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("mailing_status", "text", (c) => c.notNull())
    .addColumn("mailing_cursor", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("mailed_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("mailing_finished_at", "text")
    .execute();
  await db.schema.createIndex("responses_campaign_idx").on("responses").columns(["campaign_id", "received_on"]).execute();
  await db.schema.createIndex("responses_mailing_idx").on("responses").column("mailing_status").execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("responses").execute();
  await db.schema.dropTable("deliveries").execute();
  await db.schema.alterTable("outbox").dropColumn("headers").execute();
  await db.schema.alterTable("outbox").dropColumn("attachment_name").execute();
  await db.schema.alterTable("outbox").dropColumn("attachment_file").execute();
}
