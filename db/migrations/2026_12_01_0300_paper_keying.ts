import type { Kysely } from "kysely";
import { idColumn } from "../dialect";

export async function up(db: Kysely<unknown>) {
  // One person's typing of a sheet: the first or the second (`keying` 1 or 2), from the workspace
  // form or a spreadsheet. Two unique pairs make the rules hold whatever races: a sheet is keyed at
  // most twice, and never twice by the same person.
  await db.schema
    .createTable("sheet_keyings")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("sheet_id", "integer", (c) => c.notNull().references("sheets.id").onDelete("cascade"))
    .addColumn("keying", "integer", (c) => c.notNull())
    .addColumn("keyed_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("via", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("sheet_keyings_sheet_keying_uq", ["sheet_id", "keying"])
    .addUniqueConstraint("sheet_keyings_sheet_person_uq", ["sheet_id", "keyed_by"])
    .execute();

  // What one keying says a row holds, as typed (a row left empty has no record).
  await db.schema
    .createTable("sheet_keyed_rows")
    .addColumn("keying_id", "integer", (c) => c.notNull().references("sheet_keyings.id").onDelete("cascade"))
    .addColumn("row", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("town", "text", (c) => c.notNull())
    .addColumn("signer_type", "text", (c) => c.notNull())
    .addColumn("organisation", "text")
    .addColumn("role", "text")
    .addColumn("email", "text")
    .addColumn("show_name", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("sheet_keyed_rows_pk", ["keying_id", "row"])
    .execute();

  // What became of each row once both keyings were in: a signature (agreed, or settled by someone
  // looking at the sheet), a duplicate of a signature already made with its email, a dispute still
  // waiting, or nothing (settled as empty). Rows both keyings left empty have no record.
  await db.schema
    .createTable("sheet_rows")
    .addColumn("sheet_id", "integer", (c) => c.notNull().references("sheets.id").onDelete("cascade"))
    .addColumn("row", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("signature_id", "integer", (c) => c.references("signatures.id"))
    .addColumn("duplicate_of", "integer", (c) => c.references("signatures.id"))
    .addColumn("settled_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("settled_at", "text")
    .addColumn("choices", "text")
    .addPrimaryKeyConstraint("sheet_rows_pk", ["sheet_id", "row"])
    .execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable("sheet_rows").execute();
  await db.schema.dropTable("sheet_keyed_rows").execute();
  await db.schema.dropTable("sheet_keyings").execute();
}
