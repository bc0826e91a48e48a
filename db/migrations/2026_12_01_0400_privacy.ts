import { type Kysely, sql } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // A withdrawn signature is deleted; what remains is that it was withdrawn, from which campaign
  // and when, and what the count still owes for it (-1 while the batch counter has not taken a
  // counted signature out). No personal data.
  await db.schema
    .createTable("signature_withdrawals")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("signature_id", "integer", (c) => c.notNull())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("withdrawn_at", "text", (c) => c.notNull())
    .addColumn("count_pending", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // A withdraw link opened again finds its withdrawal.
  await db.schema.createIndex("signature_withdrawals_signature").on("signature_withdrawals").column("signature_id").execute();
  await db.schema
    .createIndex("signature_withdrawals_pending")
    .on("signature_withdrawals")
    .column("count_pending")
    .where(sql.ref("count_pending"), "<>", sql.lit(0))
    .execute();

  // Quiet abuse flags: a flagged signature waits for a moderator. Confirming it by email records
  // flag_confirmed_at, not verified_at, so it is neither counted, listed nor packed until cleared
  // (clearing moves flag_confirmed_at into verified_at and queues it for the batch counter).
  await db.schema.alterTable("signatures").addColumn("flag_reason", "text").execute();
  await db.schema.alterTable("signatures").addColumn("flagged_at", "text").execute();
  await db.schema.alterTable("signatures").addColumn("flag_confirmed_at", "text").execute();
  await db.schema.alterTable("signatures").addColumn("flag_cleared_at", "text").execute();
  await db.schema.alterTable("signatures").addColumn("flag_cleared_by", "integer", (c) => c.references("users.id")).execute();
  await db.schema
    .createIndex("signatures_flagged")
    .on("signatures")
    .columns(["campaign_id", "id"])
    .where(sql.ref("flag_reason"), "is not", null)
    .execute();
  // Same name and town within minutes; and how fast one address signs.
  await db.schema.createIndex("signatures_name_town").on("signatures").columns(["campaign_id", "location", "name", "created_at"]).execute();
  await db.schema.createIndex("signatures_address").on("signatures").columns(["campaign_id", "ip_address", "created_at"]).execute();
  // The retention run's sweeps: unconfirmed signatures, and addresses kept for abuse review.
  await db.schema
    .createIndex("signatures_unconfirmed")
    .on("signatures")
    .column("created_at")
    .where(sql.ref("verified_at"), "is", null)
    .execute();
  await db.schema
    .createIndex("signatures_with_address")
    .on("signatures")
    .column("created_at")
    .where(sql.ref("ip_address"), "is not", null)
    .execute();

  // What a campaign's team marks suspicious: address ranges (CIDR, one per line) and a rate from
  // one address (signatures an hour).
  await db.schema
    .createTable("abuse_rules")
    .addColumn("campaign_id", "integer", (c) => c.primaryKey().references("campaigns.id").onDelete("cascade"))
    .addColumn("ranges", "text")
    .addColumn("hourly_limit", "integer")
    .addColumn("updated_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // When a campaign last closed or was delivered: its personal data is kept for the retention
  // period after that. Campaigns already ended take the time of their last change.
  await db.schema.alterTable("campaigns").addColumn("ended_at", "text").execute();
  await sql`update campaigns set ended_at = updated_at where status in ('closed', 'delivered', 'archived')`.execute(db);

  // The retention run per campaign: held back by staff (with why), or anonymised in batches up to
  // `cursor` (the last signature id done), finished at `anonymised_at`.
  await db.schema
    .createTable("campaign_retention")
    .addColumn("campaign_id", "integer", (c) => c.primaryKey().references("campaigns.id").onDelete("cascade"))
    .addColumn("held_reason", "text")
    .addColumn("held_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("held_at", "text")
    .addColumn("cursor", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("started_at", "text")
    .addColumn("anonymised_at", "text")
    .execute();

  // A pack ZIP deleted by the retention run: its row, hashes and signature stay for /verify-pack.
  await db.schema.alterTable("pack_exports").addColumn("file_deleted_at", "text").execute();

  // /my-data: a link mailed to an address, single use, 15 minutes; opening it starts a short
  // session (its id's SHA-256 kept) in which the person sees, downloads and erases their data.
  await db.schema
    .createTable("my_data_links")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("language", "text", (c) => c.notNull().defaultTo("en"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("session_hash", "text", (c) => c.unique())
    .addColumn("session_expires_at", "text")
    .execute();

  // An account erased at its owner's request: address and name gone, the id kept for the audit log.
  await db.schema.alterTable("users").addColumn("erased_at", "text").execute();
}
