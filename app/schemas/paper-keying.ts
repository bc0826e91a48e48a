import { z } from "zod";
import { SheetNumberSchema } from "./paper";
import { type SignerType, signerTypes } from "./signature";
import { typedLine } from "./typed-text";

// A paper sheet's rows as a person types them in (the workspace form, or a spreadsheet for
// `paper:import`), and how two typings of the same row are compared. Messages are keys under
// paperErrors (app/i18n).

/** A printed sheet has ten rows. */
export const SHEET_ROWS = 10;

/** A row's fields, in the order of the printed sheet. */
export const paperFields = ["name", "town", "signerType", "organisation", "role", "email", "showName"] as const;
export type PaperField = (typeof paperFields)[number];

/** A row as it is stored and compared: text trimmed, spaces collapsed, NFC; nothing given is null. */
export interface PaperRow {
  name: string;
  town: string;
  signerType: SignerType;
  organisation: string | null;
  role: string | null;
  email: string | null;
  showName: boolean;
}

const anEmail = z.email();
const line = (max: number, tooLong: string) => typedLine().max(max, tooLong).optional();

/** What a sheet's row may hold: every field may be empty, for a row nobody signed. */
const rowFields = {
  name: line(120, "paperErrors.nameTooLong"),
  town: line(100, "paperErrors.townTooLong"),
  // Left empty on paper, a signer is signing for themselves.
  signerType: z.enum(signerTypes, { error: "paperErrors.signerType" }).default("individual"),
  organisation: line(200, "paperErrors.organisationTooLong"),
  role: line(120, "paperErrors.roleTooLong"),
  email: z
    .string({ error: "paperErrors.email" })
    .trim()
    .toLowerCase()
    .max(254, "paperErrors.email")
    .refine((email) => email === "" || anEmail.safeParse(email).success, "paperErrors.email")
    .optional(),
  showName: z.boolean({ error: "paperErrors.showName" }).default(false),
};

type RowInput = { name?: unknown; town?: unknown; organisation?: unknown; role?: unknown; email?: unknown };

/** A row with no name, town, organisation, role or email is one nobody signed (a tick alone is a slip of the pen). */
export const isBlankRow = (row: RowInput) =>
  ![row.name, row.town, row.organisation, row.role, row.email].some((value) => typeof value === "string" && value.trim() !== "");

// These run even when other fields are wrong (their values are then as typed), so that every
// problem of a row is listed at once.
const always = { when: () => true };

/**
 * One row as typed. A row that is not empty needs a name and a town, like a signature online;
 * someone signing for an organisation needs to name it. A professional's role is asked for on the
 * sheet but not required: a keyer can only type what the signer wrote.
 */
export const PaperRowSchema = z
  .object(rowFields)
  .refine((row) => isBlankRow(row) || Boolean(row.name), { path: ["name"], message: "paperErrors.nameRequired", ...always })
  .refine((row) => isBlankRow(row) || Boolean(row.town), { path: ["town"], message: "paperErrors.townRequired", ...always })
  .refine((row) => isBlankRow(row) || row.signerType !== "organisation" || Boolean(row.organisation), {
    path: ["organisation"],
    message: "paperErrors.organisationRequired",
    ...always,
  });
export type PaperRowInput = z.infer<typeof PaperRowSchema>;

/** The keying form: a sheet's ten rows. */
export const PaperKeyingSchema = z.object({
  intent: z.literal("key"),
  rows: z.array(PaperRowSchema.optional()).max(SHEET_ROWS).default([]),
});

/** The sheet-finding form: "S-0007" or "7". */
export const FindSheetSchema = z.object({ intent: z.literal("find"), sheet: SheetNumberSchema });

/** Which value settles a field the keyings disagree on: the first keying's, the second's, or one typed now. */
export const settleSources = ["first", "second", "typed"] as const;
export type SettleSource = (typeof settleSources)[number];
const source = z.enum(settleSources, { error: "paperErrors.choose" }).optional();

/** Settling a disputed row: per field, where its value comes from, and what was typed for it. */
export const PaperSettleSchema = z.object({
  intent: z.literal("settle"),
  row: z.coerce.number().int().min(1).max(SHEET_ROWS),
  choice: z
    .object({ name: source, town: source, signerType: source, organisation: source, role: source, email: source, showName: source })
    .default({}),
  typed: z
    .object({
      name: line(120, "paperErrors.nameTooLong"),
      town: line(100, "paperErrors.townTooLong"),
      signerType: z.enum(signerTypes, { error: "paperErrors.signerType" }).optional(),
      organisation: line(200, "paperErrors.organisationTooLong"),
      role: line(120, "paperErrors.roleTooLong"),
      email: z.string().max(254, "paperErrors.email").optional(),
    })
    .default({}),
});
export type PaperSettleInput = z.infer<typeof PaperSettleSchema>;

/**
 * The settling form of a row whose entries differ on `differing`: each of those needs a choice, and
 * "something else" needs a signer type typed. For the browser, which knows the fields; the server
 * (services/paper.server.ts) reads the entries themselves.
 */
export const settleSchemaFor = (differing: readonly PaperField[]) =>
  PaperSettleSchema.superRefine((input, ctx) => {
    for (const field of differing) {
      if (!input.choice[field]) ctx.addIssue({ code: "custom", path: ["choice", field], message: "paperErrors.choose" });
    }
    if (differing.includes("signerType") && input.choice.signerType === "typed" && !input.typed.signerType) {
      ctx.addIssue({ code: "custom", path: ["typed", "signerType"], message: "paperErrors.signerType" });
    }
  });

const collapse = (text: string | undefined) => (text ?? "").replace(/\s+/g, " ").trim();

/** A typed row as stored, or null for an empty row. Someone signing for themselves has no organisation (as online). */
export function storedRow(row: PaperRowInput | undefined): PaperRow | null {
  if (!row || isBlankRow(row)) return null;
  return {
    name: collapse(row.name),
    town: collapse(row.town),
    signerType: row.signerType,
    organisation: row.signerType === "individual" ? null : collapse(row.organisation) || null,
    role: collapse(row.role) || null,
    email: collapse(row.email).toLowerCase() || null,
    showName: row.showName,
  };
}

/** An empty row, for comparing with a row one keyer left empty. */
export const emptyRow: PaperRow = { name: "", town: "", signerType: "individual", organisation: null, role: null, email: null, showName: false };

/**
 * How two typings of a field are compared: compatibility-composed (NFKC: "ﬁ" is "fi", a full-width
 * letter its plain one), spaces collapsed, trimmed, and case ignored. Accents are not ignored: "Sian"
 * and "Siân" are different names, for a person looking at the sheet to settle.
 */
export const comparable = (value: string | boolean | null) =>
  typeof value === "boolean" ? value : collapse((value ?? "").normalize("NFKC")).toLowerCase().normalize("NFKC");

/** The fields two typings of a row disagree on (none: they agree). */
export function differingFields(first: PaperRow | null, second: PaperRow | null): PaperField[] {
  const a = first ?? emptyRow;
  const b = second ?? emptyRow;
  return paperFields.filter((field) => comparable(a[field]) !== comparable(b[field]));
}

/** "yes", "no", "true", "false", "1", "0", a tick, or nothing (not ticked): a spreadsheet's showName. */
const yes = new Set(["yes", "y", "true", "1", "x", "✓", "✔", "ticked", "ie"]);
const no = new Set(["", "no", "n", "false", "0", "na"]);

/** A spreadsheet's columns, as `paper:import` reads them (a header row names them, in any order). */
export const paperCsvColumns = ["sheet", "row", "name", "town", "signerType", "organisation", "role", "email", "showName"] as const;
export type PaperCsvColumn = (typeof paperCsvColumns)[number];

const present = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value);

/** A spreadsheet's line as the keying form would send it: empty cells are nothing, showName's words a tick or not. */
function fromSpreadsheet(record: Partial<Record<PaperCsvColumn, string>>) {
  const tick = (record.showName ?? "").trim().toLowerCase();
  return {
    sheet: record.sheet,
    row: record.row,
    entry: {
      name: present(record.name),
      town: present(record.town),
      signerType: present(record.signerType)?.trim().toLowerCase(),
      organisation: present(record.organisation),
      role: present(record.role),
      email: present(record.email),
      showName: yes.has(tick) ? true : no.has(tick) ? false : record.showName,
    },
  };
}

/** Where a line of the spreadsheet belongs: a sheet of the campaign, and one of its rows. */
export const PaperCsvPlaceSchema = z.object({
  sheet: SheetNumberSchema,
  row: z
    .string({ error: "paperErrors.row" })
    .trim()
    .regex(/^\d{1,2}$/, "paperErrors.row")
    .transform(Number)
    .pipe(z.number().min(1, "paperErrors.row").max(SHEET_ROWS, "paperErrors.row")),
});

/** One line of the spreadsheet: which sheet and row, and the row as typed (the same rules as the form). */
export const PaperCsvRowSchema = z.preprocess(
  (record) => fromSpreadsheet(record as Partial<Record<PaperCsvColumn, string>>),
  PaperCsvPlaceSchema.extend({ entry: PaperRowSchema }),
);
