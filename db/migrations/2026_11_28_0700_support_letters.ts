import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // Who may send a letter of support: anyone with the link ("open") or invited people only.
  await db.schema
    .alterTable("campaigns")
    .addColumn("support_letters", "text", (c) => c.notNull().defaultTo("open"))
    .execute();

  // A campaigner's personal invitation to write a letter of support. No expiry: it lasts while the
  // campaign collects letters, and can be cancelled.
  await db.schema
    .createTable("support_invitations")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("name", "text")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("message", "text")
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("reminders_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_reminded_at", "text")
    .addColumn("answered_at", "text")
    .addColumn("cancelled_at", "text")
    .execute();
  await db.schema.createIndex("support_invitations_campaign_idx").on("support_invitations").columns(["campaign_id", "created_at"]).execute();

  // A letter of support: a record of its own, confirmed by its author's email, moderated, published.
  await db.schema
    .createTable("support_letters")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("invitation_id", "integer", (c) => c.references("support_invitations.id"))
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text")
    .addColumn("organisation", "text")
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("body", "text")
    .addColumn("body_sha256", "text")
    .addColumn("pdf_file", "text")
    .addColumn("pdf_bytes", "integer")
    .addColumn("pdf_sha256", "text")
    .addColumn("consent_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("moderation_note", "text")
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("confirm_token_hash", "text", (c) => c.unique())
    .addColumn("revise_token_hash", "text", (c) => c.unique())
    .addColumn("mails_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("ip_address", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .execute();
  await db.schema.createIndex("support_letters_campaign_idx").on("support_letters").columns(["campaign_id", "status", "id"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("support_letters").execute();
  await db.schema.dropTable("support_invitations").execute();
  await db.schema.alterTable("campaigns").dropColumn("support_letters").execute();
}
