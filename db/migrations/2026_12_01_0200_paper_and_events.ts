import type { Kysely } from "kysely";
import { dropNotNull, idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // An event where people sign in person (a conference stand): its dates, place and language.
  await db.schema
    .createTable("events")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("place", "text")
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_campaign_idx").on("events").columns(["campaign_id", "starts_on"]).execute();

  // A kiosk: a tablet on an event's stand, opened by a secret link (only its hash kept), usable on
  // the event's dates until it is closed.
  await db.schema
    .createTable("kiosks")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("opened_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("closed_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  // A printed signature sheet: numbered per campaign (S-0001), with a check code, the letter version
  // it carries, the event it was printed for, who printed it and when; and a scan once it is back.
  await db.schema
    .createTable("sheets")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("check_code", "text", (c) => c.notNull())
    .addColumn("letter_version_id", "integer", (c) => c.notNull().references("letter_versions.id"))
    .addColumn("event_id", "integer", (c) => c.references("events.id").onDelete("set null"))
    .addColumn("issued_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("scan_file", "text")
    .addColumn("scan_type", "text")
    .addColumn("scan_sha256", "text")
    .addColumn("scan_bytes", "integer")
    .addUniqueConstraint("sheets_campaign_number_uq", ["campaign_id", "number"])
    .execute();

  // Where a signature came from: online (the default), a paper sheet and its row, or an event (a
  // kiosk). A paper or event signer may give no email: the column takes NULL, and the one-per-address
  // rule (a unique pair with the campaign) holds for every address given.
  await db.schema.alterTable("signatures").addColumn("source", "text", (c) => c.notNull().defaultTo("online")).execute();
  await db.schema.alterTable("signatures").addColumn("sheet_id", "integer", (c) => c.references("sheets.id")).execute();
  await db.schema.alterTable("signatures").addColumn("sheet_row", "integer").execute();
  await db.schema.alterTable("signatures").addColumn("event_id", "integer", (c) => c.references("events.id")).execute();
  await dropNotNull(db, "signatures", "email");
}

export async function down(db: Kysely<unknown>) {
  for (const column of ["event_id", "sheet_row", "sheet_id", "source"]) await db.schema.alterTable("signatures").dropColumn(column).execute();
  await db.schema.dropTable("sheets").execute();
  await db.schema.dropTable("kiosks").execute();
  await db.schema.dropTable("events").execute();
}
