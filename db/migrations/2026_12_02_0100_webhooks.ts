import { type Kysely, sql } from "kysely";
import { idColumn } from "../dialect";

// Webhooks (app/services/webhooks.server.ts): a campaign's team names URLs to be told of
// `signature.verified`, `campaign.delivered` and `response.published`. Each delivery is an outbox
// row (`outbox.webhook_id` set, template "webhook", payload = the JSON body) queued in the
// transaction of the change and delivered by the webhook worker beside the mail's; every try is a webhook_attempts row.
export async function up(db: Kysely<unknown>) {
  await db.schema
    .createTable("webhooks")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    // 32 random bytes as hex, kept as they are: deliveries are signed with it (HMAC-SHA256).
    .addColumn("secret", "text", (c) => c.notNull())
    // The events it wants, a JSON list of names.
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("include_emails", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("disabled_at", "text")
    .execute();
  // Every verification asks "has this campaign any webhook?": one index look-up.
  await db.schema.createIndex("webhooks_campaign_idx").on("webhooks").column("campaign_id").execute();

  // No foreign key (SQLite could not drop the column again): deleting a webhook deletes its
  // deliveries still queued in the same transaction, and the worker fails one whose webhook is gone.
  await db.schema.alterTable("outbox").addColumn("webhook_id", "integer").execute();
  await db.schema.createIndex("outbox_webhook_idx").on("outbox").column("webhook_id").execute();
  // The webhook worker's claims find the few due deliveries among a backlog of mail (a partial index:
  // SQLite and PostgreSQL both have them).
  await db.schema
    .createIndex("outbox_webhook_due_idx")
    .on("outbox")
    .columns(["status", "next_attempt_at"])
    .where(sql.ref("webhook_id"), "is not", null)
    .execute();

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("webhook_id", "integer", (c) => c.notNull().references("webhooks.id").onDelete("cascade"))
    // The delivery (its outbox row, whose message_id is the delivery's id); kept after the row is.
    .addColumn("outbox_id", "integer")
    .addColumn("delivery_id", "text", (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("delivered", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("webhook_attempts_webhook_idx").on("webhook_attempts").columns(["webhook_id", "id"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("webhook_attempts").execute();
  await db.schema.dropIndex("outbox_webhook_due_idx").execute();
  await db.schema.dropIndex("outbox_webhook_idx").execute();
  await db.schema.alterTable("outbox").dropColumn("webhook_id").execute();
  await db.schema.dropTable("webhooks").execute();
}
