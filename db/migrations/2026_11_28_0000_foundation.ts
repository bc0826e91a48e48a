import { type Kysely, sql } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  const id = idColumn(db);

  await db.schema
    .createTable("campaigns")
    .addColumn("id", "integer", id)
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("goal", "integer")
    .addColumn("closes_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("campaigns_status_idx").on("campaigns").column("status").execute();

  await db.schema
    .createTable("letter_versions")
    .addColumn("id", "integer", id)
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("letter_versions_campaign_number_uq", ["campaign_id", "number"])
    .execute();

  await db.schema
    .createTable("letter_texts")
    .addColumn("id", "integer", id)
    .addColumn("letter_version_id", "integer", (c) =>
      c.notNull().references("letter_versions.id").onDelete("cascade"),
    )
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("variant", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("letter_texts_version_language_variant_uq", [
      "letter_version_id",
      "language",
      "variant",
    ])
    .execute();

  await db.schema
    .createTable("recipients")
    .addColumn("id", "integer", id)
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recipients_campaign_idx").on("recipients").columns(["campaign_id", "position"]).execute();

  await db.schema
    .createTable("signatures")
    .addColumn("id", "integer", id)
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id"))
    .addColumn("letter_version_id", "integer", (c) => c.notNull().references("letter_versions.id"))
    .addColumn("letter_text_id", "integer", (c) => c.notNull().references("letter_texts.id"))
    .addColumn("letter_sha256", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("signer_type", "text", (c) => c.notNull())
    .addColumn("organisation", "text")
    .addColumn("role", "text")
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("show_name", "integer", (c) => c.notNull())
    .addColumn("wants_updates", "integer", (c) => c.notNull())
    .addColumn("ip_address", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("verified_at", "text")
    .addColumn("count_pending", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("mails_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("signatures_campaign_email_uq", ["campaign_id", "email"])
    .execute();
  await db.schema
    .createIndex("signatures_public_list_idx")
    .on("signatures")
    .columns(["campaign_id", "verified_at", "id"])
    .execute();
  await db.schema
    .createIndex("signatures_count_pending_idx")
    .on("signatures")
    .column("count_pending")
    .where(sql.ref("count_pending"), "<>", 0)
    .execute();

  await db.schema
    .createTable("verification_tokens")
    .addColumn("id", "integer", id)
    .addColumn("signature_id", "integer", (c) => c.notNull().references("signatures.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", id)
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text")
    .addColumn("html_body", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_due_idx").on("outbox").columns(["status", "next_attempt_at"]).execute();

  await db.schema
    .createTable("campaign_counts")
    .addColumn("campaign_id", "integer", (c) => c.primaryKey().references("campaigns.id").onDelete("cascade"))
    .addColumn("verified_count", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>) {
  for (const table of [
    "campaign_counts",
    "outbox",
    "verification_tokens",
    "signatures",
    "recipients",
    "letter_texts",
    "letter_versions",
    "campaigns",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
