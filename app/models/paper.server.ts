import type { PaperRow } from "~/schemas/paper-keying";
import { db, type Executor, type Language, type SheetRowStatus, type SignerType } from "~/utils/db.server";

// Paper signatures as they are typed in: each sheet's two keyings, the rows each typed, what
// became of each row, and the sheet's scan.

/** A campaign's sheet by its number, with its event's name and language (the signers' mail is in it). */
export function getSheetForKeying({ campaignId, number }: { campaignId: number; number: number }, trx: Executor = db) {
  return trx
    .selectFrom("sheets")
    .leftJoin("events", "events.id", "sheets.event_id")
    .select([
      "sheets.id",
      "sheets.number",
      "sheets.letter_version_id",
      "sheets.issued_at",
      "sheets.scan_file",
      "sheets.scan_type",
      "sheets.scan_bytes",
      "sheets.scan_sha256",
      "events.name as event_name",
      "events.language as event_language",
    ])
    .where("sheets.campaign_id", "=", campaignId)
    .where("sheets.number", "=", number)
    .executeTakeFirst();
}

export type KeyingSheet = NonNullable<Awaited<ReturnType<typeof getSheetForKeying>>>;

/** A sheet's keyings, first then second, with who typed each. */
export function listKeyings({ sheetId }: { sheetId: number }, trx: Executor = db) {
  return trx
    .selectFrom("sheet_keyings")
    .leftJoin("users", "users.id", "sheet_keyings.keyed_by")
    .select(["sheet_keyings.id", "sheet_keyings.keying", "sheet_keyings.keyed_by", "sheet_keyings.via", "sheet_keyings.created_at", "users.name as user_name", "users.email as user_email"])
    .where("sheet_keyings.sheet_id", "=", sheetId)
    .orderBy("sheet_keyings.keying")
    .execute();
}

export async function insertKeying(
  { sheetId, keying, keyedBy, via, createdAt }: { sheetId: number; keying: number; keyedBy: number; via: "form" | "csv"; createdAt: string },
  trx: Executor = db,
) {
  const row = await trx
    .insertInto("sheet_keyings")
    .values({ sheet_id: sheetId, keying, keyed_by: keyedBy, via, created_at: createdAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The rows a keying typed (a row left empty is not stored). */
export async function insertKeyedRows({ keyingId, rows }: { keyingId: number; rows: { row: number; values: PaperRow }[] }, trx: Executor = db) {
  if (!rows.length) return;
  await trx
    .insertInto("sheet_keyed_rows")
    .values(
      rows.map(({ row, values }) => ({
        keying_id: keyingId,
        row,
        name: values.name,
        town: values.town,
        signer_type: values.signerType,
        organisation: values.organisation,
        role: values.role,
        email: values.email,
        show_name: values.showName ? 1 : 0,
      })),
    )
    .execute();
}

/** Every row each keying of a sheet typed, as stored rows, by keying (1 or 2) and row. */
export async function listKeyedRows({ sheetId }: { sheetId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("sheet_keyed_rows")
    .innerJoin("sheet_keyings", "sheet_keyings.id", "sheet_keyed_rows.keying_id")
    .select([
      "sheet_keyings.keying",
      "sheet_keyed_rows.row",
      "sheet_keyed_rows.name",
      "sheet_keyed_rows.town",
      "sheet_keyed_rows.signer_type",
      "sheet_keyed_rows.organisation",
      "sheet_keyed_rows.role",
      "sheet_keyed_rows.email",
      "sheet_keyed_rows.show_name",
    ])
    .where("sheet_keyings.sheet_id", "=", sheetId)
    .execute();
  return rows.map((r) => ({
    keying: r.keying,
    row: r.row,
    values: {
      name: r.name,
      town: r.town,
      signerType: r.signer_type as SignerType,
      organisation: r.organisation,
      role: r.role,
      email: r.email,
      showName: r.show_name === 1,
    } satisfies PaperRow,
  }));
}

export async function insertSheetRow(
  { sheetId, row, status, signatureId = null, duplicateOf = null }: { sheetId: number; row: number; status: SheetRowStatus; signatureId?: number | null; duplicateOf?: number | null },
  trx: Executor = db,
) {
  await trx.insertInto("sheet_rows").values({ sheet_id: sheetId, row, status, signature_id: signatureId, duplicate_of: duplicateOf }).execute();
}

/** What became of a sheet's rows, with who settled each that was settled. */
export function listSheetRows({ sheetId }: { sheetId: number }, trx: Executor = db) {
  return trx
    .selectFrom("sheet_rows")
    .leftJoin("users", "users.id", "sheet_rows.settled_by")
    .select([
      "sheet_rows.row",
      "sheet_rows.status",
      "sheet_rows.signature_id",
      "sheet_rows.duplicate_of",
      "sheet_rows.settled_at",
      "sheet_rows.choices",
      "users.name as settled_by_name",
      "users.email as settled_by_email",
    ])
    .where("sheet_rows.sheet_id", "=", sheetId)
    .orderBy("sheet_rows.row")
    .execute();
}

export function getSheetRow({ sheetId, row }: { sheetId: number; row: number }, trx: Executor = db) {
  return trx.selectFrom("sheet_rows").select(["row", "status"]).where("sheet_id", "=", sheetId).where("row", "=", row).executeTakeFirst();
}

/**
 * Records how a disputed row was settled, only while it is still disputed: of two people settling
 * it at once, one wins. Returns whether it changed.
 */
export async function settleDisputedRow(
  {
    sheetId,
    row,
    status,
    signatureId,
    duplicateOf,
    settledBy,
    settledAt,
    choices,
  }: { sheetId: number; row: number; status: SheetRowStatus; signatureId: number | null; duplicateOf: number | null; settledBy: number; settledAt: string; choices: unknown },
  trx: Executor = db,
) {
  const result = await trx
    .updateTable("sheet_rows")
    .set({ status, signature_id: signatureId, duplicate_of: duplicateOf, settled_by: settledBy, settled_at: settledAt, choices: JSON.stringify(choices) })
    .where("sheet_id", "=", sheetId)
    .where("row", "=", row)
    .where("status", "=", "disputed")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A campaign's sheets, by number, with the event each was printed for. */
export function listCampaignSheets({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("sheets")
    .leftJoin("events", "events.id", "sheets.event_id")
    .select(["sheets.id", "sheets.number", "sheets.issued_at", "sheets.scan_file", "events.name as event_name"])
    .where("sheets.campaign_id", "=", campaignId)
    .orderBy("sheets.number")
    .execute();
}

/** Per sheet of a campaign: how many keyings it has, who made the first, and its rows by outcome. */
export async function listSheetProgress({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const [keyings, outcomes] = await Promise.all([
    trx
      .selectFrom("sheet_keyings")
      .innerJoin("sheets", "sheets.id", "sheet_keyings.sheet_id")
      .leftJoin("users", "users.id", "sheet_keyings.keyed_by")
      .select(["sheet_keyings.sheet_id", "sheet_keyings.keying", "users.name as user_name", "users.email as user_email"])
      .where("sheets.campaign_id", "=", campaignId)
      .execute(),
    trx
      .selectFrom("sheet_rows")
      .innerJoin("sheets", "sheets.id", "sheet_rows.sheet_id")
      .select((eb) => ["sheet_rows.sheet_id", "sheet_rows.status", eb.fn.countAll<number>().as("n")])
      .where("sheets.campaign_id", "=", campaignId)
      .groupBy(["sheet_rows.sheet_id", "sheet_rows.status"])
      .execute(),
  ]);
  return { keyings, outcomes: outcomes.map((o) => ({ ...o, n: Number(o.n) })) };
}

/** The letter text a sheet carries, in a language: the standard text of the version printed on it. */
export function getSheetLetterText({ letterVersionId, language }: { letterVersionId: number; language: Language }, trx: Executor = db) {
  return trx
    .selectFrom("letter_texts")
    .select(["id", "letter_version_id", "sha256"])
    .where("letter_version_id", "=", letterVersionId)
    .where("language", "=", language)
    .where("variant", "=", "standard")
    .executeTakeFirst();
}

/** Attaches a scan to a sheet; returns the file it replaces, if any. */
export async function setSheetScan(
  { sheetId, file, type, sha256, bytes }: { sheetId: number; file: string; type: string; sha256: string; bytes: number },
  trx: Executor = db,
) {
  const before = await trx.selectFrom("sheets").select(["scan_file", "scan_sha256"]).where("id", "=", sheetId).executeTakeFirst();
  await trx.updateTable("sheets").set({ scan_file: file, scan_type: type, scan_sha256: sha256, scan_bytes: bytes }).where("id", "=", sheetId).execute();
  return before;
}

/** Whether an insert failed on a unique pair (SQLite's and PostgreSQL's codes): someone else got there first. */
export function isUniqueViolation(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}
