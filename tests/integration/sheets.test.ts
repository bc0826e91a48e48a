import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { type Browser, form, signInAs } from "../helpers/session";

// Printed signature sheets: numbered per campaign, recorded with who printed them, when and for
// which event, and drawn as one PDF with every sheet's number, check code, the campaign's title,
// the whole letter in each of its languages, a QR code to the campaign's page and ten rows.

const run = promisify(execFile);
const SLUG = "fair-care-now";
const page = `/workspace/c/${SLUG}/sheets`;
const CHECK_CODE = /^[2-9A-HJ-NP-Z]{6}$/;

let app: RunningApp;
let work: string;
let member: Browser;
let stranger: Browser;
let staff: Browser;
let eventId: number;
let otherEventId: number;

const campaignId = (slug: string) => query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
const userId = (email: string) => query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;
const sheetsOf = (slug: string) =>
  query<{ number: number; check_code: string; letter_version_id: number; event_id: number | null; issued_by: number; issued_at: string }>(
    app,
    "select number, check_code, letter_version_id, event_id, issued_by, issued_at from sheets where campaign_id = ? order by number",
    campaignId(slug),
  );
const sheetCount = () => query<{ n: number }>(app, "select count(*) as n from sheets")[0].n;

function addEvent(slug: string, name: string, place: string) {
  const at = new Date().toISOString();
  return Number(
    execute(app, "insert into events (campaign_id, name, place, starts_on, ends_on, language, created_at) values (?, ?, ?, '2027-07-20', '2027-07-23', 'en', ?)", campaignId(slug), name, place, at)
      .lastInsertRowid,
  );
}

async function pdfText(bytes: Buffer, ...options: string[]) {
  const file = path.join(work, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  const text = (await run("pdftotext", ["-enc", "UTF-8", ...options, file, "-"])).stdout;
  const info = (await run("pdfinfo", [file])).stdout;
  const images = (await run("pdfimages", ["-list", file])).stdout;
  return { text, info, images };
}

async function download(as: Browser, slug: string, first: number, last: number) {
  const response = await as(`/workspace/c/${slug}/sheets.pdf?first=${first}&last=${last}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  app = await startApp();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-sheets-"));
  [member, stranger, staff] = await Promise.all([
    signInAs(app, "member@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  execute(app, "insert into campaign_members (campaign_id, user_id, role, created_at) values (?, ?, 'editor', ?)", campaignId(SLUG), userId("member@example.org"), new Date().toISOString());
  eventId = addEvent(SLUG, "Royal Welsh Show", "Llanelwedd");
  otherEventId = addEvent("old-letter", "Another campaign's stall", "Cardiff");
});
afterAll(async () => {
  await stopApp(app);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("issuing sheets", () => {
  it("records two batches numbered one after the other, with who printed them, when, the event and the letter version, audited", async () => {
    const empty = await member(page);
    expect(empty.status).toBe(200);
    const emptyText = textOf(await empty.text());
    expect(emptyText).toContain("Signature sheets");
    expect(emptyText).toContain("No sheets have been printed yet.");
    // The campaign's events are offered.
    expect(emptyText).toContain("Royal Welsh Show");
    expect(emptyText).not.toContain("Another campaign's stall");

    const first = await member(page, form({ count: "10" }));
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${page}?first=1&last=10`);
    const second = await staff(page, form({ count: "3", eventId: String(eventId) }));
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(`${page}?first=11&last=13`);

    const version = query<{ id: number }>(app, "select id from letter_versions where campaign_id = ? order by number desc limit 1", campaignId(SLUG))[0].id;
    const sheets = sheetsOf(SLUG);
    expect(sheets.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    for (const sheet of sheets) {
      expect(sheet.check_code).toMatch(CHECK_CODE);
      expect(sheet.letter_version_id).toBe(version);
      expect(Date.now() - Date.parse(sheet.issued_at)).toBeLessThan(60_000);
    }
    expect(new Set(sheets.map((s) => s.check_code)).size).toBeGreaterThan(1);
    expect(sheets.slice(0, 10).every((s) => s.issued_by === userId("member@example.org") && s.event_id === null)).toBe(true);
    expect(sheets.slice(10).every((s) => s.issued_by === userId("staff@example.org") && s.event_id === eventId)).toBe(true);
    // One batch, one moment.
    expect(new Set(sheets.slice(0, 10).map((s) => s.issued_at)).size).toBe(1);

    const audit = query<{ user_id: number; after: string }>(app, "select user_id, after from audit_log where action = 'sheets.issue' order by id");
    expect(audit.map((a) => ({ user: a.user_id, ...JSON.parse(a.after) }))).toEqual([
      { user: userId("member@example.org"), first: "S-0001", last: "S-0010", count: 10, eventId: null, letterVersion: 1 },
      { user: userId("staff@example.org"), first: "S-0011", last: "S-0013", count: 3, eventId, letterVersion: 1 },
    ]);

    // Back on the page: what was recorded, the link to its PDF, and both batches, newest first.
    const html = await (await staff(`${page}?first=11&last=13`)).text();
    const text = textOf(html);
    expect(text).toContain("Sheets S-0011 to S-0013 are recorded.");
    expect(html).toContain(`href="${page}.pdf?first=11&amp;last=13"`);
    expect(html).toContain(`href="${page}.pdf?first=1&amp;last=10"`);
    expect(text).toMatch(/S-0011 to S-0013\s*Royal Welsh Show\s*staff@example\.org/);
    expect(text).toMatch(/S-0001 to S-0010\s*None\s*member@example\.org/);
    expect(text.indexOf("S-0011 to S-0013")).toBeLessThan(text.indexOf("S-0001 to S-0010"));
    // A range that is no batch says nothing.
    expect(textOf(await (await staff(`${page}?first=2&last=5`)).text())).not.toContain("are recorded");
  });

  it("refuses a bad count or someone else's event with a message, and records nothing", async () => {
    const before = sheetCount();
    const cases: [Record<string, string>, string][] = [
      [{ count: "" }, "Enter how many sheets to print"],
      [{ count: "0" }, "Enter a whole number of sheets from 1 to 200"],
      [{ count: "201" }, "Enter a whole number of sheets from 1 to 200"],
      [{ count: "ten" }, "Enter a whole number of sheets from 1 to 200"],
      [{ count: "2", eventId: String(otherEventId) }, "Choose an event from the list"],
      [{ count: "2", eventId: "999999" }, "Choose an event from the list"],
    ];
    for (const [fields, message] of cases) {
      const response = await member(page, form(fields));
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(textOf(await response.text())).toContain(message);
    }
    expect(sheetCount()).toBe(before);
  });

  it("is for the campaign's team and staff only: anyone else finds nothing, and nothing is recorded", async () => {
    const before = sheetCount();
    expect((await stranger(page)).status).toBe(404);
    expect((await stranger(page, form({ count: "5" }))).status).toBe(404);
    expect((await stranger(`${page}.pdf?first=1&last=10`)).status).toBe(404);
    const anonymous = await fetch(`${app.url}${page}`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(sheetCount()).toBe(before);
    // The tab is there for the team.
    expect(await (await member(`/workspace/c/${SLUG}`)).text()).toContain(`href="${page}"`);
  });

  it("prints only for an open campaign: a draft's letter may still change, and its page is not public", async () => {
    const before = sheetCount();
    const draft = await staff("/workspace/c/secret-draft/sheets");
    expect(draft.status).toBe(200);
    const text = textOf(await draft.text());
    expect(text).toContain("Sheets can be printed while the campaign is open.");
    expect(text).not.toContain("Record and print the sheets");
    const refused = await staff("/workspace/c/secret-draft/sheets", form({ count: "5" }));
    expect(refused.status).toBe(409);
    expect(textOf(await refused.text())).toContain("Sheets can only be printed while the campaign is open.");
    expect((await staff("/workspace/c/old-letter/sheets", form({ count: "5" }))).status).toBe(409);
    expect(sheetCount()).toBe(before);
  });
});

describe("the sheets' PDF", () => {
  it("has, for every sheet, its number, check code, the title, the whole letter, the QR code and ten rows", async () => {
    const { response, bytes } = await download(member, SLUG, 1, 10);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="fair-care-now-sheets-S-0001-S-0010.pdf"');
    const { text, info, images } = await pdfText(bytes);
    const sheets = sheetsOf(SLUG).slice(0, 10);

    // The letter fits on a page; the table takes the next: two pages a sheet, every page headed.
    expect(info).toMatch(/^Pages:\s+20$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Signature sheets S-0001 to S-0010: Fair care now$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);

    const pages = text.split("\f").slice(0, -1);
    expect(pages).toHaveLength(20);
    for (const [i, sheet] of sheets.entries()) {
      const [front, back] = [pages[2 * i], pages[2 * i + 1]];
      const label = `S-${String(sheet.number).padStart(4, "0")}`;
      for (const side of [front, back]) {
        expect(side).toContain(label);
        expect(side).toContain(`Check code: ${sheet.check_code}`);
      }
      expect(front).toContain("Fair care now");
      // The letter's Markdown as text, its raw HTML shown as written, never run.
      expect(front).toContain("Dear Minister,");
      expect(front).toContain("Please pay care workers fairly.");
      expect(front).toContain("<script>alert('x')</script>");
      expect(front).toContain("Yours, the undersigned");
      expect(front).toContain(`go to ${app.url}/c/${SLUG}.`);
      expect(front).not.toContain("Royal Welsh Show");
      for (const heading of ["Full name", "Town", "Signing as (tick one)", "Organisation and", "Email (optional: to", "Show", "Signature"]) {
        expect(back).toContain(heading);
      }
      expect(back.match(/^(?:10|[1-9])$/gm)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
      expect(back.match(/Individual/g)).toHaveLength(10);
      expect(back).toContain("Sign only once: on a sheet or online, not both.");
    }

    // The QR code: one picture, embedded once and drawn on each sheet's first page, 8 pixels a module.
    const modules = QRCode.create(`${app.url}/c/${SLUG}`, { errorCorrectionLevel: "M" }).modules.size;
    const pictures = images.split("\n").filter((line) => /^\s*\d+\s+\d+\s+image\b/.test(line));
    expect(pictures).toHaveLength(10);
    expect(pictures.map((line) => line.split(/\s+/).filter(Boolean)[0])).toEqual(["1", "3", "5", "7", "9", "11", "13", "15", "17", "19"]);
    for (const line of pictures) expect(line).toMatch(new RegExp(`\\bimage\\s+${modules * 8}\\s+${modules * 8}\\b`));
    expect(new Set(pictures.map((line) => line.split(/\s+/).filter(Boolean)[10])).size).toBe(1);
  });

  it("names the event the sheets were printed for, and prints the same file every time", async () => {
    const once = await download(staff, SLUG, 11, 13);
    const again = await download(member, SLUG, 11, 13);
    expect(again.bytes.equals(once.bytes)).toBe(true);
    const { text } = await pdfText(once.bytes);
    for (const label of ["S-0011", "S-0012", "S-0013"]) expect(text).toContain(label);
    expect(text).toContain("Event: Royal Welsh Show, Llanelwedd, 20 July 2027 – 23 July 2027");
  });

  it("answers 404 for sheets not issued, a range that is too long or not a range", async () => {
    for (const query of ["first=1&last=14", "first=14&last=14", "first=5&last=4", "first=1&last=200", "first=0&last=3", "first=a&last=3", ""]) {
      expect((await member(`${page}.pdf?${query}`)).status, query).toBe(404);
    }
  });

  it("prints a bilingual campaign's sheets in both languages, primary first", async () => {
    const slug = "gofal-teg-taflenni";
    const body = new URLSearchParams({
      language: "cy",
      slug,
      "title.cy": "Gofal teg nawr",
      "title.en": "Fair care now, in Welsh and English",
      "summary.cy": "Llythyr agored am dâl teg.",
      "summary.en": "An open letter about fair pay.",
      "body.cy": "Annwyl Weinidog,\n\nTalwch weithwyr gofal yn deg, os gwelwch yn dda.",
      "body.en": "Dear Minister,\n\nPlease pay care workers fairly, in every county.",
      "recipients[0].name": "Ada Minister",
      "recipients[0].title.cy": "Gweinidog Gofal",
      "recipients[0].title.en": "Minister for Care",
      "recipients[0].role": "to",
      _action: "save",
    });
    body.append("languages", "cy");
    body.append("languages", "en");
    expect((await staff("/workspace/new", { method: "POST", body })).status).toBe(302);
    expect((await staff(`/workspace/c/${slug}?index`, form({ action: "publish" }))).status).toBe(302);
    expect((await staff(`/workspace/c/${slug}/sheets`, form({ count: "1" }))).status).toBe(302);

    const { bytes } = await download(staff, slug, 1, 1);
    const { text, info } = await pdfText(bytes);
    expect(info).toMatch(/^Title:\s+Taflenni llofnodion S-0001 i S-0001: Gofal teg nawr \/ Signature sheets S-0001 to S-0001: Gofal teg nawr$/m);
    const flat = text.replace(/\s+/g, " ");
    const code = sheetsOf(slug)[0].check_code;
    expect(flat).toContain("Taflen lofnodion / Signature sheet S-0001");
    expect(flat).toContain(`Cod gwirio / Check code: ${code}`);
    // Both titles and both letters, Welsh first; the QR code opens the Welsh page.
    expect(flat.indexOf("Gofal teg nawr")).toBeLessThan(flat.indexOf("Fair care now, in Welsh and English"));
    expect(flat).toContain("Talwch weithwyr gofal yn deg, os gwelwch yn dda.");
    expect(flat).toContain("Please pay care workers fairly, in every county.");
    expect(flat.indexOf("Cymraeg")).toBeLessThan(flat.indexOf("Talwch weithwyr"));
    expect(flat.indexOf("Talwch weithwyr")).toBeLessThan(flat.indexOf("English Dear Minister"));
    expect(flat).toContain(`ewch i ${app.url}/cy/c/${slug}.`);
    // The table's headings in both languages, and the tick boxes' labels.
    for (const heading of ["Enw llawn", "Full name", "Tref", "Town", "Llofnod", "Signature", "Unigolyn / Individual", "Sefydliad / Organisation"]) {
      expect(flat).toContain(heading);
    }
  });
});
