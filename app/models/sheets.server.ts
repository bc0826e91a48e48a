import { db, type Executor } from "~/utils/db.server";

// Printed signature sheets: numbered per campaign (S-0001), each with its check code.

const sheetColumns = ["id", "campaign_id", "number", "check_code", "letter_version_id", "event_id", "issued_by", "issued_at", "scan_file", "scan_type", "scan_sha256", "scan_bytes"] as const;

/** A campaign's sheet by its number (S-0007 is 7), or undefined. */
export function getSheetByNumber({ campaignId, number }: { campaignId: number; number: number }, trx: Executor = db) {
  return trx.selectFrom("sheets").select(sheetColumns).where("campaign_id", "=", campaignId).where("number", "=", number).executeTakeFirst();
}

/** A campaign's sheets, by number. */
export function listSheets({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx.selectFrom("sheets").select(sheetColumns).where("campaign_id", "=", campaignId).orderBy("number").execute();
}

/** The highest sheet number a campaign has issued, or 0 before its first sheet. */
export async function getHighestSheetNumber({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const row = await trx.selectFrom("sheets").select((eb) => eb.fn.max("number").as("highest")).where("campaign_id", "=", campaignId).executeTakeFirst();
  return Number(row?.highest ?? 0);
}

export async function insertSheets(
  {
    rows,
  }: {
    rows: { campaignId: number; number: number; checkCode: string; letterVersionId: number; eventId: number | null; issuedBy: number | null; issuedAt: string }[];
  },
  trx: Executor = db,
) {
  if (!rows.length) return;
  await trx
    .insertInto("sheets")
    .values(
      rows.map((r) => ({
        campaign_id: r.campaignId,
        number: r.number,
        check_code: r.checkCode,
        letter_version_id: r.letterVersionId,
        event_id: r.eventId,
        issued_by: r.issuedBy,
        issued_at: r.issuedAt,
      })),
    )
    .execute();
}

/**
 * Whether an insert failed because a sheet number was taken meanwhile (someone else printing at
 * the same moment): SQLite's and PostgreSQL's unique-violation codes.
 */
export function isSheetNumberTaken(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/** A campaign's sheets from `first` to `last`, by number, with the event each was printed for. */
export function listSheetsInRange({ campaignId, first, last }: { campaignId: number; first: number; last: number }, trx: Executor = db) {
  return trx
    .selectFrom("sheets")
    .leftJoin("events", "events.id", "sheets.event_id")
    .select([
      "sheets.number",
      "sheets.check_code",
      "sheets.letter_version_id",
      "sheets.issued_at",
      "events.name as event_name",
      "events.place as event_place",
      "events.starts_on as event_starts_on",
      "events.ends_on as event_ends_on",
    ])
    .where("sheets.campaign_id", "=", campaignId)
    .where("sheets.number", ">=", first)
    .where("sheets.number", "<=", last)
    .orderBy("sheets.number")
    .execute();
}

/**
 * The batches a campaign's sheets were printed in, newest first: the sheets one person printed at
 * one moment for one event (a batch's numbers run on without a gap), with who and which event.
 */
export function listSheetBatches({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("sheets")
    .leftJoin("users", "users.id", "sheets.issued_by")
    .leftJoin("events", "events.id", "sheets.event_id")
    .select((eb) => [
      eb.fn.min("sheets.number").as("first"),
      eb.fn.max("sheets.number").as("last"),
      "sheets.issued_at",
      "sheets.event_id",
      "events.name as event_name",
      "users.name as issued_by_name",
      "users.email as issued_by_email",
    ])
    .where("sheets.campaign_id", "=", campaignId)
    .groupBy(["sheets.issued_at", "sheets.issued_by", "sheets.event_id", "events.name", "users.name", "users.email"])
    .orderBy((eb) => eb.fn.min("sheets.number"), "desc")
    .execute();
}
