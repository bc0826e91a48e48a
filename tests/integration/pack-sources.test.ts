import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { textOf, waitForCount } from "../helpers/http";
import { pdfFile } from "../helpers/pdf";
import { type Browser, signInAs } from "../helpers/session";
import { readZip, sha256 } from "../helpers/zip";
import { parseCsv as readCsv } from "~/utils/csv";
import { cliBundle } from "../helpers/cli";

// Issue 14 in the signature pack and on the pages that count: signatures typed in from paper sheets
// and made at events carry their source, sheet and row, and event in signatures.csv and
// signatures.json; letter.pdf's cover counts them by source and its table says where each was
// signed; each scanned sheet with a signature in the pack goes in under sheets/ with its exact
// bytes, listed in manifest.json; the public page says how many signed on paper and at events; the
// dashboard shows signatures by source (each event named) and by sheet.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/** A real one-pixel PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

let app: RunningApp;
let staff: Browser;
let work: string;

function cli(args: string[]) {
  return run(process.execPath, [cliBundle(), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn" },
  });
}

async function createCampaign(slug: string, title: string) {
  const file = path.join(work, `${slug}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      slug,
      title,
      summary: "An open letter.",
      body: "Dear Minister,\n\nPlease act.",
      language: "en",
      recipients: [{ name: "Jane Minister", title: "Minister", role: "to" }],
      status: "open",
    }),
  );
  await cli(["campaign:create", "--file", file]);
  const [campaign] = query<{ id: number; version: number; text: number; sha256: string }>(
    app,
    `select c.id, v.id as version, t.id as text, t.sha256 from campaigns c join letter_versions v on v.campaign_id = c.id
     join letter_texts t on t.letter_version_id = v.id where c.slug = ? and t.language = 'en' and t.variant = 'standard'`,
    slug,
  );
  return campaign;
}

async function exportPack(slug: string) {
  const zip = path.join(work, `${slug}.zip`);
  await cli(["pack:export", slug, "--out", zip]);
  return { zip, files: await readZip(zip) };
}

/** A scan in the uploads folder under a generated name, as the keying pages store one. */
function storeScan(bytes: Buffer, extension: "pdf" | "png") {
  const name = `scan-${crypto.randomBytes(16).toString("hex")}.${extension}`;
  fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, "uploads", name), bytes);
  return name;
}

function insertSheet(campaign: { id: number; version: number }, number: number, scan?: { file: string; type: string; bytes: Buffer }) {
  execute(
    app,
    `insert into sheets (campaign_id, number, check_code, letter_version_id, issued_at, scan_file, scan_type, scan_sha256, scan_bytes)
     values (?, ?, ?, ?, '2026-12-01T09:00:00.000Z', ?, ?, ?, ?)`,
    campaign.id,
    number,
    `CHK${number}`,
    campaign.version,
    scan?.file ?? null,
    scan?.type ?? null,
    scan ? sha256(scan.bytes) : null,
    scan?.bytes.length ?? null,
  );
  return query<{ id: number }>(app, "select id from sheets where campaign_id = ? and number = ?", campaign.id, number)[0].id;
}

interface Signer {
  name: string;
  email: string | null;
  source: "online" | "paper" | "event";
  sheet?: { id: number; row: number };
  eventId?: number;
  helper?: { name: string; relation: string };
  invalidated?: boolean;
}

/** A verified signature as signing, keying or a kiosk leaves it, counted by the batch counter. */
function sign(campaign: { id: number; version: number; text: number; sha256: string }, s: Signer) {
  execute(
    app,
    `insert into signatures (campaign_id, letter_version_id, letter_text_id, letter_sha256, language, name, email, signer_type, location,
       show_name, wants_updates, ip_address, created_at, verified_at, count_pending, invalidated_at, invalidated_reason,
       helper_name, helper_relation, source, sheet_id, sheet_row, event_id)
     values (?, ?, ?, ?, 'en', ?, ?, 'individual', 'Cardiff', 1, 0, null, '2026-12-01T10:00:00.000Z', '2026-12-01T10:05:00.000Z', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    campaign.id,
    campaign.version,
    campaign.text,
    campaign.sha256,
    s.name,
    s.email,
    s.invalidated ? 0 : 1,
    s.invalidated ? "2026-12-01T11:00:00.000Z" : null,
    s.invalidated ? "Typed twice" : null,
    s.helper?.name ?? null,
    s.helper?.relation ?? null,
    s.source,
    s.sheet?.id ?? null,
    s.sheet?.row ?? null,
    s.eventId ?? null,
  );
}

/** The CSV's rows as arrays of cells, read by the app's own RFC 4180 reader. */
const parseCsv = (text: string) => readCsv(text).map((record) => record.fields);

async function pdfText(pdf: Buffer) {
  const file = path.join(work, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"]);
  return stdout.replace(/\s+/g, " ");
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-sources-"));
  app = await startApp();
  staff = await signInAs(app, "staff@example.org", "staff");
}, 60_000);
afterAll(async () => {
  await stopApp(app);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("a campaign signed online, on paper and at an event", { timeout: 90_000 }, () => {
  const slug = "room-and-web";
  const sheetPdf = pdfFile("Sheet S-0001, as scanned");
  let files: Map<string, Buffer>;
  let zip: string;

  beforeAll(async () => {
    const campaign = await createCampaign(slug, "Libraries open on Sundays");
    execute(
      app,
      `insert into events (campaign_id, name, place, starts_on, ends_on, language, created_at)
       values (?, 'Cardiff Book Fair', 'City Hall', '2026-12-01', '2026-12-02', 'en', '2026-11-30T10:00:00.000Z')`,
      campaign.id,
    );
    const eventId = query<{ id: number }>(app, "select id from events where campaign_id = ?", campaign.id)[0].id;
    const first = insertSheet(campaign, 1, { file: storeScan(sheetPdf, "pdf"), type: "application/pdf", bytes: sheetPdf });
    const second = insertSheet(campaign, 2, { file: storeScan(PNG, "png"), type: "image/png", bytes: PNG });
    const third = insertSheet(campaign, 3);
    // Scanned, but its only signature was invalidated: neither it nor its scan is in the pack.
    const fourth = insertSheet(campaign, 4, { file: storeScan(pdfFile("Sheet S-0004"), "pdf"), type: "application/pdf", bytes: pdfFile("Sheet S-0004") });
    const signers: Signer[] = [
      { name: "Olwen Online", email: "olwen@example.org", source: "online" },
      { name: "Pedr Paper", email: null, source: "paper", sheet: { id: first, row: 1 } },
      { name: "Pam Paper", email: "pam@example.org", source: "paper", sheet: { id: first, row: 2 } },
      { name: "Prys Picture", email: null, source: "paper", sheet: { id: second, row: 1 } },
      { name: "Efa Event", email: null, source: "event", eventId },
      { name: "Emlyn Event", email: "emlyn@example.org", source: "event", eventId, helper: { name: "Mari Help", relation: "friend" } },
      { name: "Ivy Invalid", email: null, source: "paper", sheet: { id: fourth, row: 1 }, invalidated: true },
    ];
    for (const s of signers) sign(campaign, s);
    // As the typing-in leaves them: row 3 of S-0001 was someone who had signed online already; the two
    // typings of row 1 of S-0003 differ, waiting for someone to settle it.
    const olwen = query<{ id: number }>(app, "select id from signatures where name = 'Olwen Online'")[0].id;
    execute(app, "insert into sheet_rows (sheet_id, row, status, duplicate_of) values (?, 3, 'duplicate', ?)", first, olwen);
    execute(app, "insert into sheet_rows (sheet_id, row, status) values (?, 1, 'disputed')", third);
    ({ zip, files } = await exportPack(slug));
  }, 90_000);

  it("gives each signatory's source, sheet and row, and event in signatures.csv and signatures.json, and no email", () => {
    const [header, ...lines] = parseCsv(files.get("signatures.csv")!.toString());
    expect(header.slice(-4)).toEqual(["source", "sheet", "sheet_row", "event"]);
    const column = (name: string) => header.indexOf(name);
    const byName = new Map(lines.map((r) => [r[column("name")], r]));
    const view = (name: string) => ["source", "sheet", "sheet_row", "event"].map((c) => byName.get(name)![column(c)]);
    expect(lines).toHaveLength(6);
    expect(view("Olwen Online")).toEqual(["online", "", "", ""]);
    expect(view("Pedr Paper")).toEqual(["paper", "S-0001", "1", ""]);
    expect(view("Pam Paper")).toEqual(["paper", "S-0001", "2", ""]);
    expect(view("Prys Picture")).toEqual(["paper", "S-0002", "1", ""]);
    expect(view("Efa Event")).toEqual(["event", "", "", "Cardiff Book Fair"]);
    expect(view("Emlyn Event")).toEqual(["event", "", "", "Cardiff Book Fair"]);
    expect(byName.has("Ivy Invalid")).toBe(false);

    const json = JSON.parse(files.get("signatures.json")!.toString()) as Record<string, unknown>[];
    expect(Object.keys(json[0])).toEqual(header);
    expect(json.map(({ name, source, sheet, sheet_row, event }) => ({ name, source, sheet, sheet_row, event }))).toEqual([
      { name: "Olwen Online", source: "online", sheet: null, sheet_row: null, event: null },
      { name: "Pedr Paper", source: "paper", sheet: "S-0001", sheet_row: 1, event: null },
      { name: "Pam Paper", source: "paper", sheet: "S-0001", sheet_row: 2, event: null },
      { name: "Prys Picture", source: "paper", sheet: "S-0002", sheet_row: 1, event: null },
      { name: "Efa Event", source: "event", sheet: null, sheet_row: null, event: "Cardiff Book Fair" },
      { name: "Emlyn Event", source: "event", sheet: null, sheet_row: null, event: "Cardiff Book Fair" },
    ]);
    for (const name of ["signatures.csv", "signatures.json"]) expect(files.get(name)!.toString()).not.toContain("@");
  });

  it("puts the scans of the sheets it draws on under sheets/ with their exact bytes, each listed in the signed manifest, and pack:verify accepts it", async () => {
    expect(files.get("sheets/S-0001.pdf")!.equals(sheetPdf)).toBe(true);
    expect(files.get("sheets/S-0002.png")!.equals(PNG)).toBe(true);
    expect([...files.keys()].filter((name) => name.startsWith("sheets/"))).toEqual(["sheets/S-0001.pdf", "sheets/S-0002.png"]);
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    expect(manifest.files).toEqual(
      expect.arrayContaining([
        { path: "sheets/S-0001.pdf", bytes: sheetPdf.length, sha256: sha256(sheetPdf) },
        { path: "sheets/S-0002.png", bytes: PNG.length, sha256: sha256(PNG) },
      ]),
    );
    expect(manifest.counts.signatures).toBe(6);
    expect(manifest.counts.bySource).toEqual({ online: 1, paper: 3, event: 2 });
    const { stdout } = await cli(["pack:verify", zip]);
    expect(stdout).toContain("The pack is intact");
    expect(stdout).toContain("Verified signatures: 6");
  });

  it("counts signatures by source on the cover of letter.pdf, and says under each name where it was signed", async () => {
    const text = await pdfText(files.get("letter.pdf")!);
    expect(text).toContain("Signatures by where they were made: online 1, on paper 3, at events 2.");
    expect(text).toContain("Event: Cardiff Book Fair (City Hall): 2");
    expect(text).toContain("Scanned paper sheets: 2.");
    expect(text).toContain("Signatories online confirmed their signature by email.");
    expect(text).not.toContain("Every signatory confirmed their signature by email.");
    expect(text).toContain("Pedr Paper");
    expect(text).toContain("on paper: sheet S-0001, row 1");
    expect(text).toContain("on paper: sheet S-0002, row 1");
    expect(text).toContain("signed with help from Mari Help (friend) · at an event: Cardiff Book Fair");
    expect(text.indexOf("Pedr Paper")).toBeLessThan(text.indexOf("on paper: sheet S-0001, row 1"));
    expect(text.match(/at an event: Cardiff Book Fair/g)).toHaveLength(2);
    expect(text).not.toContain("Ivy Invalid");
  });

  it("shows the public the total and how many came on paper and at events, in English and in Welsh", async () => {
    await waitForCount(app, slug, 6);
    const english = textOf(await (await fetch(`${app.url}/c/${slug}`)).text());
    expect(english).toContain("6 people have signed including 3 on paper and 2 at events");
    const welsh = textOf(await (await fetch(`${app.url}/cy/c/${slug}`)).text());
    expect(welsh).toContain("Mae 6 pherson wedi llofnodi gan gynnwys 3 ar bapur a 2 mewn digwyddiadau");
  });

  it("shows the team signatures by source, each event named, and by sheet", async () => {
    const text = textOf(await (await staff(`/workspace/c/${slug}`)).text());
    expect(text).toMatch(/By where they signed Online ?: 1 On paper ?: 3 At events ?: 2 Cardiff Book Fair ?: 2/);
    expect(text).toMatch(
      /By paper sheet Sheet Signatures Rows to settle Already signed Invalidated Scan S-0001 2 0 1 0 Uploaded S-0002 1 0 0 0 Uploaded S-0003 0 1 0 0 Not yet S-0004 0 0 0 1 Uploaded/,
    );
  });
});

describe("a campaign signed online only", { timeout: 90_000 }, () => {
  it("says nothing of paper or events on its page, its pack has no sheets/ and says everyone confirmed by email", async () => {
    const slug = "web-only";
    const campaign = await createCampaign(slug, "Online only");
    sign(campaign, { name: "Wyn Web", email: "wyn@example.org", source: "online" });
    await waitForCount(app, slug, 1);
    const html = await (await fetch(`${app.url}/c/${slug}`)).text();
    expect(textOf(html)).toContain("1 person has signed");
    expect(html).not.toContain("signature-count-sources");
    const { files } = await exportPack(slug);
    expect([...files.keys()].some((name) => name.startsWith("sheets/"))).toBe(false);
    expect(JSON.parse(files.get("manifest.json")!.toString()).counts.bySource).toEqual({ online: 1, paper: 0, event: 0 });
    const text = await pdfText(files.get("letter.pdf")!);
    expect(text).toContain("Every signatory confirmed their signature by email.");
    expect(text).not.toContain("Signatures by where they were made");
  });
});

describe("a sheet whose scan is gone or changed", { timeout: 90_000 }, () => {
  it("ends the export naming the sheet, rather than make a pack without it or with other bytes", async () => {
    const campaign = await createCampaign("lost-scan", "Lost scan");
    const bytes = pdfFile("Sheet S-0001");
    const file = storeScan(bytes, "pdf");
    const sheet = insertSheet(campaign, 1, { file, type: "application/pdf", bytes });
    sign(campaign, { name: "Paul Paper", email: null, source: "paper", sheet: { id: sheet, row: 1 } });

    fs.writeFileSync(path.join(app.dataDir, "uploads", file), pdfFile("Another sheet"));
    await expect(exportPack("lost-scan")).rejects.toMatchObject({ stderr: expect.stringContaining("the scan of paper sheet S-0001 has changed since it was uploaded") });
    fs.rmSync(path.join(app.dataDir, "uploads", file));
    await expect(exportPack("lost-scan")).rejects.toMatchObject({ stderr: expect.stringContaining("the scan of paper sheet S-0001 is missing from the uploads folder") });
  });
});
