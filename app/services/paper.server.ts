import { getT, type MessageKey } from "~/i18n";
import { insertAuditEntry } from "~/models/audit.server";
import type { WorkspaceCampaign } from "~/models/campaigns.server";
import {
  getSheetForKeying,
  getSheetLetterText,
  getSheetRow,
  insertKeyedRows,
  insertKeying,
  insertSheetRow,
  isUniqueViolation,
  type KeyingSheet,
  listCampaignSheets,
  listKeyedRows,
  listKeyings,
  listSheetProgress,
  listSheetRows,
  setSheetScan,
  settleDisputedRow,
} from "~/models/paper.server";
import { getSignatureByEmail, insertSignatureOnce } from "~/models/signatures.server";
import { getUserByEmail } from "~/models/users.server";
import { sheetLabel } from "~/schemas/paper";
import {
  differingFields,
  emptyRow,
  type PaperCsvColumn,
  paperCsvColumns,
  PaperCsvPlaceSchema,
  PaperCsvRowSchema,
  type PaperField,
  type PaperRow,
  type PaperRowInput,
  PaperRowSchema,
  type PaperSettleInput,
  SHEET_ROWS,
  type SettleSource,
  storedRow,
} from "~/schemas/paper-keying";
import { CsvError, parseCsv } from "~/utils/csv";
import { db, type Executor, type Language, now } from "~/utils/db.server";
import { conflict, DomainError, invalid, notFound } from "~/utils/domain-error";
import { mailUrl } from "~/utils/email.server";
import { discardScan, removeScan, type ScanUpload, scanResponse, storeScan } from "~/utils/scans.server";
import { commandLine, requireCampaignAccess } from "./access.server";
import { campaignTitleIn } from "./campaigns.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { queueSignatureVerified } from "./webhooks.server";
import { withdrawUrl } from "./withdrawal.server";

// Paper signatures, typed in twice. A printed sheet's ten rows are keyed by one person, then again
// by a different person who is never shown the first keying. When the second arrives, the two are
// compared row by row: rows that agree become signatures (or duplicates of one already made with
// the same email), rows that differ wait for someone looking at the sheet to settle them, field by
// field. The same from a spreadsheet (`paper:import`), one keying of one or more sheets at a time.

/** Who keys or settles: a person with an account, named on every keying and settlement. */
type Person = { id: number };

/** Paper signatures join a campaign that is collecting, or has closed with sheets still to type in. */
function requireCollecting(campaign: Pick<WorkspaceCampaign, "status">) {
  if (campaign.status !== "open" && campaign.status !== "closed") throw conflict("paperErrors.notCollecting");
}

async function requireSheet(trx: Executor, campaign: Pick<WorkspaceCampaign, "id">, number: number) {
  const sheet = await getSheetForKeying({ campaignId: campaign.id, number }, trx);
  if (!sheet) throw notFound("paperErrors.noSheet", { sheet: sheetLabel(number) });
  return sheet;
}

/** Who a keying or a settlement is shown as: their name, or else their address. */
const personShown = (person: { user_name: string | null; user_email: string | null }) => person.user_name || person.user_email || null;

/** Each keying's rows, by row number: `first` and `second` (a row left empty is absent). */
async function keyedRowsOf(trx: Executor, sheetId: number) {
  const keyed = await listKeyedRows({ sheetId }, trx);
  const of = (keying: number) => new Map(keyed.filter((k) => k.keying === keying).map((k) => [k.row, k.values]));
  return { first: of(1), second: of(2) };
}

/**
 * A row both keyings agree on (or settled) becomes a signature: from paper, traced to its sheet and
 * row, bound to the text of the letter version printed on the sheet in the campaign's main language,
 * and verified now (two people read it off the sheet), so the batch counter counts it. An email
 * that already signed this campaign (online, at an event, or on another sheet or row) makes no
 * second signature: the row is a duplicate of the first, counted once. A signer who gave an email
 * gets one mail, in the sheet's event's language or else the campaign's, and hears the campaign's
 * news (the sheet's email column says so).
 */
async function recordPaperSignature(
  trx: Executor,
  { campaign, sheet, row, values, at }: { campaign: WorkspaceCampaign; sheet: KeyingSheet; row: number; values: PaperRow; at: string },
): Promise<{ signatureId: number; duplicateOf: null } | { signatureId: null; duplicateOf: number }> {
  if (values.email) {
    const existing = await getSignatureByEmail({ campaignId: campaign.id, email: values.email }, trx);
    if (existing) return { signatureId: null, duplicateOf: existing.id };
  }
  const letter = await getSheetLetterText({ letterVersionId: sheet.letter_version_id, language: campaign.language }, trx);
  if (!letter) throw new Error(`Sheet ${sheetLabel(sheet.number)} of ${campaign.slug}: its letter version has no text in ${campaign.language}`);
  const language: Language = sheet.event_language ?? campaign.language;
  const signatureId = await insertSignatureOnce(
    {
      signature: {
        campaign_id: campaign.id,
        letter_version_id: letter.letter_version_id,
        letter_text_id: letter.id,
        letter_sha256: letter.sha256,
        language,
        name: values.name,
        email: values.email,
        signer_type: values.signerType,
        organisation: values.organisation,
        role: values.role,
        location: values.town,
        comment: null,
        show_name: values.showName ? 1 : 0,
        wants_updates: values.email ? 1 : 0,
        ip_address: null,
        created_at: at,
        verified_at: at,
        count_pending: 1,
        mails_sent: values.email ? 1 : 0,
        source: "paper",
        sheet_id: sheet.id,
        sheet_row: row,
      },
    },
    trx,
  );
  if (signatureId === undefined) {
    // The address signed in the moment between the look-up and the insert.
    const existing = await getSignatureByEmail({ campaignId: campaign.id, email: values.email! }, trx);
    return { signatureId: null, duplicateOf: existing!.id };
  }
  await queueSignatureVerified(trx, { signatureId });
  if (values.email) {
    await queueMail(trx, {
      template: "paper-signature",
      to: values.email,
      language,
      data: {
        name: values.name,
        campaignTitle: await campaignTitleIn(trx, campaign, language),
        sheet: sheetLabel(sheet.number),
        campaignUrl: mailUrl(language, `/c/${campaign.slug}`),
        withdrawUrl: withdrawUrl(language, signatureId),
      },
    });
  }
  return { signatureId, duplicateOf: null };
}

/** Both keyings are in: each row that either typed is agreed (a signature or a duplicate) or disputed. */
async function compareKeyings(trx: Executor, { campaign, sheet, at }: { campaign: WorkspaceCampaign; sheet: KeyingSheet; at: string }) {
  const { first, second } = await keyedRowsOf(trx, sheet.id);
  const outcome = { agreed: 0, duplicates: 0, disputed: 0 };
  for (let row = 1; row <= SHEET_ROWS; row++) {
    const a = first.get(row) ?? null;
    const b = second.get(row) ?? null;
    if (!a && !b) continue;
    if (!a || differingFields(a, b).length) {
      await insertSheetRow({ sheetId: sheet.id, row, status: "disputed" }, trx);
      outcome.disputed++;
      continue;
    }
    const made = await recordPaperSignature(trx, { campaign, sheet, row, values: a, at });
    await insertSheetRow({ sheetId: sheet.id, row, status: made.signatureId ? "agreed" : "duplicate", ...made }, trx);
    if (made.signatureId) outcome.agreed++;
    else outcome.duplicates++;
  }
  return outcome;
}

type KeyingOutcome = { sheet: string; keying: number; compared: { agreed: number; duplicates: number; disputed: number } | null };

/**
 * One keying of one sheet, inside the caller's transaction. Refused (409) when this person keyed
 * the sheet already — one person's typing must never decide what a sheet says — or when it has
 * been keyed twice. The second keying is compared with the first at once.
 */
async function keyInTransaction(
  trx: Executor,
  { campaign, number, keyer, rows, via, at }: { campaign: WorkspaceCampaign; number: number; keyer: Person; rows: Map<number, PaperRow>; via: "form" | "csv"; at: string },
): Promise<KeyingOutcome> {
  const sheet = await requireSheet(trx, campaign, number);
  const label = sheetLabel(number);
  const keyings = await listKeyings({ sheetId: sheet.id }, trx);
  if (keyings.some((k) => k.keyed_by === keyer.id)) throw conflict("paperErrors.sameKeyer", { sheet: label });
  if (keyings.length >= 2) throw conflict("paperErrors.keyedTwice", { sheet: label });
  const keying = keyings.length + 1;
  const keyingId = await insertKeying({ sheetId: sheet.id, keying, keyedBy: keyer.id, via, createdAt: at }, trx);
  await insertKeyedRows({ keyingId, rows: [...rows].map(([row, values]) => ({ row, values })) }, trx);
  const compared = keying === 2 ? await compareKeyings(trx, { campaign, sheet, at }) : null;
  await insertAuditEntry(
    { userId: keyer.id, campaignId: campaign.id, action: "paper.key", after: { sheet: label, keying, via, rowsTyped: rows.size, ...compared }, createdAt: at },
    trx,
  );
  return { sheet: label, keying, compared };
}

/** A keying's transaction; a unique pair broken by someone keying the same sheet at the same moment is a 409. */
async function inKeyingTransaction<T>(work: (trx: Executor) => Promise<T>, label: string) {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("paperErrors.keyedMeanwhile", { sheet: label });
    throw error;
  }
}

/** The keying form's rows (the first is row 1) as stored rows; empty ones left out. */
function typedRows(rows: (PaperRowInput | undefined)[]) {
  const typed = new Map<number, PaperRow>();
  rows.slice(0, SHEET_ROWS).forEach((input, index) => {
    const values = storedRow(input);
    if (values) typed.set(index + 1, values);
  });
  return typed;
}

/** A keying from the workspace form. */
export async function keySheet({ user, campaign, number, rows }: { user: Person; campaign: WorkspaceCampaign; number: number; rows: (PaperRowInput | undefined)[] }) {
  requireCollecting(campaign);
  const at = now();
  const outcome = await inKeyingTransaction((trx) => keyInTransaction(trx, { campaign, number, keyer: user, rows: typedRows(rows), via: "form", at }), sheetLabel(number));
  outboxWorker.wake();
  return outcome;
}

/** A sheet number someone typed to find a sheet: refused (400) when the campaign has no such sheet. */
export async function requireSheetNumber({ campaign, number }: { campaign: WorkspaceCampaign; number: number }) {
  const sheet = await getSheetForKeying({ campaignId: campaign.id, number });
  if (!sheet) throw invalid("paperErrors.noSuchSheet");
  return sheetLabel(number);
}

export type SheetState = "notKeyed" | "keyedOnce" | "disputed" | "done";

/** The paper page: every sheet of the campaign with how far its typing has got. */
export async function getPaperOverview({ campaign }: { campaign: WorkspaceCampaign }) {
  const [sheets, progress] = await Promise.all([listCampaignSheets({ campaignId: campaign.id }), listSheetProgress({ campaignId: campaign.id })]);
  return {
    collecting: campaign.status === "open" || campaign.status === "closed",
    sheets: sheets.map((sheet) => {
      const keyings = progress.keyings.filter((k) => k.sheet_id === sheet.id);
      const count = (status: string) => progress.outcomes.find((o) => o.sheet_id === sheet.id && o.status === status)?.n ?? 0;
      const disputed = count("disputed");
      const state: SheetState = keyings.length === 0 ? "notKeyed" : keyings.length === 1 ? "keyedOnce" : disputed ? "disputed" : "done";
      const first = keyings.find((k) => k.keying === 1);
      return {
        number: sheet.number,
        label: sheetLabel(sheet.number),
        event: sheet.event_name,
        issuedAt: sheet.issued_at,
        hasScan: Boolean(sheet.scan_file),
        state,
        firstKeyer: state === "keyedOnce" && first ? personShown(first) : null,
        disputed,
        signatures: count("agreed") + count("settled"),
        duplicates: count("duplicate"),
      };
    }),
  };
}

/** A row's values for a page: "" for what was not given. */
const shownRow = (row: PaperRow) => ({ ...row, organisation: row.organisation ?? "", role: row.role ?? "", email: row.email ?? "" });

/**
 * One sheet's page. Before both keyings are in, no typed value is shown to anyone: the second
 * keyer must read the sheet, not the first keying. After, each row's outcome; a disputed row's
 * two keyings side by side, field by field (with its emails: the team needs them to settle, and
 * typed them in). Agreed rows show no email.
 */
export async function getSheetPage({ user, campaign, number }: { user: Person; campaign: WorkspaceCampaign; number: number }) {
  const sheet = await requireSheet(db, campaign, number);
  const keyings = await listKeyings({ sheetId: sheet.id });
  const collecting = campaign.status === "open" || campaign.status === "closed";
  const base = {
    sheet: {
      number: sheet.number,
      label: sheetLabel(sheet.number),
      event: sheet.event_name,
      issuedAt: sheet.issued_at,
      scan: sheet.scan_file && sheet.scan_type && sheet.scan_bytes !== null ? { type: sheet.scan_type, bytes: sheet.scan_bytes } : null,
    },
    collecting,
    keyings: keyings.map((k) => ({ keying: k.keying, by: personShown(k), at: k.created_at, via: k.via, mine: k.keyed_by === user.id })),
    mayKey: collecting && keyings.length < 2 && !keyings.some((k) => k.keyed_by === user.id),
  };
  if (keyings.length < 2) return { ...base, rows: null };
  const [{ first, second }, outcomes] = await Promise.all([keyedRowsOf(db, sheet.id), listSheetRows({ sheetId: sheet.id })]);
  return {
    ...base,
    rows: outcomes.map((outcome) => {
      const a = first.get(outcome.row) ?? null;
      const b = second.get(outcome.row) ?? null;
      const settled = outcome.choices ? (JSON.parse(outcome.choices) as { values: PaperRow | null }).values : null;
      const values = settled ?? a ?? b ?? emptyRow;
      const settledBy = outcome.settled_at ? outcome.settled_by_name || outcome.settled_by_email || null : null;
      return {
        row: outcome.row,
        status: outcome.status,
        name: values.name,
        town: values.town,
        settledBy,
        settledAt: outcome.settled_at,
        dispute: outcome.status === "disputed" ? { first: shownRow(a ?? emptyRow), second: shownRow(b ?? emptyRow), differing: differingFields(a, b) } : null,
      };
    }),
  };
}

/** Where the field of a settlement refusal is, for the form to mark it. */
const settleRefusal = (key: MessageKey, field: PaperField, from: "choice" | "typed") => invalid(key, { field, from });

/**
 * Settles a disputed row: for each field the keyings differ on, the first keying's value, the
 * second's, or one typed by the person looking at the sheet (anyone on the team or staff, either
 * keyer included). The row that results is checked as a keyed row is, then becomes a signature,
 * a duplicate, or (every field empty) nothing. Guarded by the row's state: of two people settling
 * at once, one wins and the other gets a 409. Audited as `paper.settle` with both keyings and the
 * choice.
 */
export async function settleSheetRow({ user, campaign, number, input }: { user: Person; campaign: WorkspaceCampaign; number: number; input: PaperSettleInput }) {
  requireCollecting(campaign);
  const at = now();
  const label = sheetLabel(number);
  const status = await db.transaction().execute(async (trx) => {
    const sheet = await requireSheet(trx, campaign, number);
    const current = await getSheetRow({ sheetId: sheet.id, row: input.row }, trx);
    if (current?.status !== "disputed") throw conflict("paperErrors.notDisputed", { sheet: label, row: input.row });
    const keyed = await keyedRowsOf(trx, sheet.id);
    const a = keyed.first.get(input.row) ?? null;
    const b = keyed.second.get(input.row) ?? null;
    const first = a ?? emptyRow;
    const second = b ?? emptyRow;
    const composed: PaperRow = { ...first };
    const from: Partial<Record<PaperField, SettleSource>> = {};
    for (const field of differingFields(a, b)) {
      const source = input.choice[field];
      if (!source || (source === "typed" && field === "showName")) throw settleRefusal("paperErrors.choose", field, "choice");
      if (source === "typed" && field === "signerType" && !input.typed.signerType) throw settleRefusal("paperErrors.signerType", field, "typed");
      from[field] = source;
      const typed = field === "showName" ? false : (input.typed as Partial<Record<PaperField, string>>)[field] ?? "";
      (composed as Record<PaperField, unknown>)[field] = source === "first" ? first[field] : source === "second" ? second[field] : typed;
    }
    const parsed = PaperRowSchema.safeParse({
      name: composed.name || undefined,
      town: composed.town || undefined,
      signerType: composed.signerType,
      organisation: composed.organisation || undefined,
      role: composed.role || undefined,
      email: composed.email || undefined,
      showName: composed.showName,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0]) as PaperField;
      throw settleRefusal(issue.message as MessageKey, field, from[field] === "typed" ? "typed" : "choice");
    }
    const values = storedRow(parsed.data);
    const made = values ? await recordPaperSignature(trx, { campaign, sheet, row: input.row, values, at }) : { signatureId: null, duplicateOf: null };
    const outcome = !values ? "blank" : made.signatureId ? "settled" : "duplicate";
    const changed = await settleDisputedRow(
      { sheetId: sheet.id, row: input.row, status: outcome, ...made, settledBy: user.id, settledAt: at, choices: { values, from } },
      trx,
    );
    if (!changed) throw conflict("paperErrors.notDisputed", { sheet: label, row: input.row });
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "paper.settle",
        before: { sheet: label, row: input.row, status: "disputed", first: a, second: b },
        after: { sheet: label, row: input.row, status: outcome, values, from, signatureId: made.signatureId, duplicateOf: made.duplicateOf },
        createdAt: at,
      },
      trx,
    );
    return outcome;
  });
  outboxWorker.wake();
  return status;
}

/** Attaches a checked scan to a sheet (replacing any earlier one), audited as `paper.scan`. */
export async function attachSheetScan({ user, campaign, number, scan }: { user: Person; campaign: WorkspaceCampaign; number: number; scan: Extract<ScanUpload, { status: "ok" }> }) {
  let sheet: KeyingSheet;
  try {
    sheet = await requireSheet(db, campaign, number);
  } catch (error) {
    await discardScan(scan);
    throw error;
  }
  const file = await storeScan(scan);
  let replaced: string | null | undefined;
  try {
    replaced = await db.transaction().execute(async (trx) => {
      const before = await setSheetScan({ sheetId: sheet.id, file, type: scan.type, sha256: scan.sha256, bytes: scan.bytes }, trx);
      await insertAuditEntry(
        {
          userId: user.id,
          campaignId: campaign.id,
          action: "paper.scan",
          before: { sheet: sheetLabel(number), sha256: before?.scan_sha256 ?? null },
          after: { sheet: sheetLabel(number), type: scan.type, bytes: scan.bytes, sha256: scan.sha256 },
          createdAt: now(),
        },
        trx,
      );
      return before?.scan_file;
    });
  } catch (error) {
    await removeScan(file);
    throw error;
  }
  if (replaced && replaced !== file) await removeScan(replaced);
}

/** A sheet's scan, for the campaign's team and staff (the route has asked the access policy). */
export async function sheetScanForTeam({ campaign, number }: { campaign: WorkspaceCampaign; number: number }) {
  const sheet = await requireSheet(db, campaign, number);
  if (!sheet.scan_file) throw notFound();
  return scanResponse({ file: sheet.scan_file, downloadName: sheetLabel(number) });
}

// --- paper:import --------------------------------------------------------------------------------

/**
 * One keying of one or more sheets from a spreadsheet (`npm run cli -- paper:import`), by the
 * person `byEmail` names, who must be able to key the campaign's sheets. The file is read whole
 * first: any bad line is named by sheet, row and column ("S-0003 row 4, email: …") and nothing
 * is imported. Then every sheet is keyed in one transaction, under the form's rules: a sheet this
 * person keyed already, or keyed twice, stops the whole file. Messages are in `messagesIn`.
 */
export async function importPaperKeying({ slug, byEmail, csv, messagesIn }: { slug: string; byEmail: string; csv: string; messagesIn: Language }) {
  const t = getT(messagesIn);
  const { campaign } = await requireCampaignAccess({ actor: commandLine, slug, need: "paper" }).catch((error) => {
    throw error instanceof DomainError && error.status === 404 ? invalid("paperErrors.noCampaign", { slug }) : error;
  });
  const email = byEmail.trim().toLowerCase();
  const keyer = await getUserByEmail({ email });
  if (!keyer) throw invalid("paperErrors.noAccount", { email });
  await requireCampaignAccess({ actor: keyer, slug, need: "paper" }).catch((error) => {
    throw error instanceof DomainError && (error.status === 404 || error.status === 403) ? invalid("paperErrors.keyerNotOnTeam", { email, slug }) : error;
  });
  requireCollecting(campaign);

  const sheets = readKeyingFile(csv, t);
  const at = now();
  const outcomes = await inKeyingTransaction(async (trx) => {
    const done: KeyingOutcome[] = [];
    for (const [number, rows] of [...sheets].sort(([a], [b]) => a - b)) {
      done.push(await keyInTransaction(trx, { campaign, number, keyer, rows, via: "csv", at }));
    }
    return done;
  }, [...sheets.keys()].map(sheetLabel).join(", "));
  outboxWorker.wake();
  return outcomes;
}

const importInvalid = (problems: string[]) => invalid("paperErrors.importInvalid", { problems: problems.map((p) => `  - ${p}`).join("\n") });

/** The file's rows by sheet and row, every line checked; a file with any problem is refused whole. */
function readKeyingFile(csv: string, t: ReturnType<typeof getT>) {
  let records;
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvError) throw importInvalid([t(`paperErrors.csv.${error.problem}`, { line: error.line })]);
    throw error;
  }
  const [header, ...lines] = records;
  if (!header) throw importInvalid([t("paperErrors.csv.empty")]);
  const columns = header.fields.map((name) => paperCsvColumns.find((column) => column.toLowerCase() === name.trim().toLowerCase()));
  const unknown = header.fields.filter((_, i) => !columns[i]);
  const missing = (["sheet", "row", "name", "town"] as const).filter((column) => !columns.includes(column));
  if (unknown.length || missing.length) {
    throw importInvalid([t("paperErrors.csv.header", { columns: paperCsvColumns.join(","), unknown: unknown.join(", ") || "–", missing: missing.join(", ") || "–" })]);
  }
  const problems: string[] = [];
  const sheets = new Map<number, Map<number, PaperRow>>();
  const seen = new Map<string, number>();
  for (const { line, fields } of lines) {
    if (fields.length > columns.length) {
      problems.push(t("paperErrors.csv.tooManyCells", { line }));
      continue;
    }
    const record = Object.fromEntries(columns.map((column, i) => [column, fields[i] ?? ""])) as Partial<Record<PaperCsvColumn, string>>;
    const parsed = PaperCsvRowSchema.safeParse(record);
    const where = (sheet: number, row: number) => t("paperErrors.csv.where", { sheet: sheetLabel(sheet), row });
    if (!parsed.success) {
      // Named by sheet and row when those are readable, else by the line of the file.
      const known = PaperCsvPlaceSchema.safeParse(record);
      const place = known.success ? where(known.data.sheet, known.data.row) : t("paperErrors.csv.line", { line });
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] === "entry" ? issue.path[1] : issue.path[0]);
        problems.push(`${place}, ${column}: ${t(issue.message as MessageKey)}`);
      }
      continue;
    }
    const { sheet, row, entry } = parsed.data;
    const key = `${sheet}:${row}`;
    if (seen.has(key)) {
      problems.push(`${where(sheet, row)}: ${t("paperErrors.csv.rowTwice", { first: seen.get(key)!, line })}`);
      continue;
    }
    seen.set(key, line);
    const rows = sheets.get(sheet) ?? new Map<number, PaperRow>();
    sheets.set(sheet, rows);
    const values = storedRow(entry);
    if (values) rows.set(row, values);
  }
  if (problems.length) throw importInvalid(problems);
  if (!sheets.size) throw importInvalid([t("paperErrors.csv.noRows")]);
  return sheets;
}
