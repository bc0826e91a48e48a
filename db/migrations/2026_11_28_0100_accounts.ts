import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  const id = idColumn(db);

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", id)
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_sign_in_at", "text")
    .execute();

  // One row per request for a sign-in mail: the link's token and the typed code, both hashed.
  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "integer", id)
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("code_tries", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("redirect_to", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("sign_in_attempts_user_idx").on("sign_in_attempts").columns(["user_id", "created_at"]).execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  // Who may work on a campaign: its owner and the co-campaigners the owner invited.
  await db.schema
    .createTable("campaign_members")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("campaign_members_pk", ["campaign_id", "user_id"])
    .execute();
  await db.schema.createIndex("campaign_members_user_idx").on("campaign_members").column("user_id").execute();
}

export async function down(db: Kysely<unknown>) {
  for (const table of ["campaign_members", "sessions", "sign_in_attempts", "users"]) await db.schema.dropTable(table).execute();
}
