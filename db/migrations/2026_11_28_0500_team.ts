import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // An owner's invitation to work on a campaign: single use, 14 days, the link's token hashed.
  await db.schema
    .createTable("campaign_invitations")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addColumn("cancelled_at", "text")
    .execute();
  await db.schema.createIndex("campaign_invitations_campaign_idx").on("campaign_invitations").columns(["campaign_id", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("campaign_invitations").execute();
}
