import fs from "node:fs";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { cli, CLI_TIMEOUT } from "../helpers/cli";
import { execute, query } from "../helpers/db";
import { getCount, postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { htmlFile, pdfFile } from "../helpers/pdf";
import { type Browser, browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Paper signatures typed in twice (issue 14): two people agree, disagree and a third settles, one
// person may not be both keyers, an address already signed is counted once, the signer's one
// mail, the spreadsheet import, and the sheet's scan.

const slug = "paper-letter";
const paper = `/workspace/c/${slug}/paper`;
const label = (n: number) => `S-${String(n).padStart(4, "0")}`;
const sheetPath = (n: number) => `${paper}/${label(n)}`;

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let staffA: Browser;
let staffB: Browser;
let stranger: Browser;
let campaignId = 0;
let versionId = 0;
let welshEvent = 0;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  [owner, staffA, staffB, stranger] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "keyer.a@example.org", "staff"),
    signInAs(app, "keyer.b@example.org", "staff"),
    signInAs(app, "stranger@example.org", "campaigner"),
  ]);
  await owner("/workspace/new", campaignForm({ title: "Fair bus fares", slug, summary: "Cheaper buses." }));
  expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
  campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
  versionId = query<{ id: number }>(app, "select id from letter_versions where campaign_id = ?", campaignId)[0].id;
  welshEvent = Number(
    execute(
      app,
      "insert into events (campaign_id, name, place, starts_on, ends_on, language, created_by, created_at) values (?, 'Eisteddfod', 'Boduan', '2026-08-01', '2026-08-08', 'cy', null, ?)",
      campaignId,
      new Date().toISOString(),
    ).lastInsertRowid,
  );
  for (let number = 1; number <= 12; number++) addSheet(number, number === 2 ? welshEvent : null);
});

/** A printed sheet, as the sheets page records one. */
function addSheet(number: number, eventId: number | null = null) {
  execute(
    app,
    "insert into sheets (campaign_id, number, check_code, letter_version_id, event_id, issued_by, issued_at) values (?, ?, ?, ?, ?, null, ?)",
    campaignId,
    number,
    `C${number}X`,
    versionId,
    eventId,
    new Date().toISOString(),
  );
}

type Row = { name?: string; town?: string; signerType?: string; organisation?: string; role?: string; email?: string; showName?: boolean };

/** The keying form as a browser without JavaScript sends it: ten rows, `rows` by row number. */
function keying(rows: Record<number, Row>) {
  const fields: Record<string, string> = { intent: "key" };
  for (let index = 0; index < 10; index++) {
    const row = rows[index + 1] ?? {};
    fields[`rows[${index}].signerType`] = row.signerType ?? "individual";
    for (const field of ["name", "town", "organisation", "role", "email"] as const) fields[`rows[${index}].${field}`] = row[field] ?? "";
    if (row.showName) fields[`rows[${index}].showName`] = "on";
  }
  return form(fields);
}

const sheetId = (n: number) => query<{ id: number }>(app, "select id from sheets where campaign_id = ? and number = ?", campaignId, n)[0].id;
const signaturesOf = (n: number) =>
  query<{ id: number; name: string; email: string | null; location: string; source: string; sheet_id: number; sheet_row: number; verified_at: string | null; language: string; wants_updates: number; show_name: number; letter_version_id: number }>(
    app,
    "select id, name, email, location, source, sheet_id, sheet_row, verified_at, language, wants_updates, show_name, letter_version_id from signatures where sheet_id = ? order by sheet_row",
    sheetId(n),
  );
const rowsOf = (n: number) =>
  query<{ row: number; status: string; signature_id: number | null; duplicate_of: number | null; settled_by: number | null }>(
    app,
    "select row, status, signature_id, duplicate_of, settled_by from sheet_rows where sheet_id = ? order by row",
    sheetId(n),
  );
const userId = (email: string) => query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;
const audit = (action: string) =>
  query<{ user_id: number; before: string | null; after: string }>(app, "select user_id, before, after from audit_log where action = ? order by id", action).map((e) => ({
    userId: e.user_id,
    before: e.before ? JSON.parse(e.before) : null,
    after: JSON.parse(e.after),
  }));
const outboxTo = (email: string) => query<{ template: string; subject: string }>(app, "select template, subject from outbox where recipient = ?", email);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The public count once the batch counter has taken every pending change. */
async function settledCount() {
  const deadline = Date.now() + 10_000;
  while (query<{ n: number }>(app, "select count(*) as n from signatures where count_pending <> 0")[0].n > 0) {
    if (Date.now() > deadline) throw new Error("the batch counter did not take the pending changes");
    await sleep(100);
  }
  return (await getCount(app, slug)).count;
}

/** Everything keying may write, to prove a refused keying wrote nothing. */
const keyingState = () =>
  ["sheet_keyings", "sheet_keyed_rows", "sheet_rows"]
    .map((table) => query(app, `select * from ${table} order by 1`))
    .concat([
      query(app, "select id, name, email, source, sheet_id, sheet_row from signatures order by id"),
      query(app, "select id, recipient, template from outbox order by id"),
      query(app, "select count(*) as n from audit_log"),
    ]);

describe("two people typing in a sheet", () => {
  it("rows they agree on (whatever the case and spaces) become paper signatures, counted, and each signer with an email gets one mail", async () => {
    const before = await settledCount();
    const first = await owner(
      sheetPath(1),
      keying({
        1: { name: "Ann Paper", town: "Cardiff", email: "Ann.Paper@Example.org", showName: true },
        2: { name: "Bryn Jones", town: "Swansea", signerType: "organisation", organisation: "Swansea Bus Users" },
      }),
    );
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${sheetPath(1)}?done=keyed`);
    expect(signaturesOf(1)).toEqual([]);

    // The second keyer sees that a first entry exists, and by whom, but none of what was typed.
    const page = await (await staffA(sheetPath(1))).text();
    expect(textOf(page)).toContain("Entry 1: typed in by owner@example.org");
    for (const typed of ["Ann Paper", "ann.paper", "Bryn", "Swansea"]) expect(page).not.toContain(typed);
    expect(page).toContain('name="rows[9].name"');

    const second = await staffA(
      sheetPath(1),
      keying({
        1: { name: "  ann  paper ", town: "CARDIFF", email: "ann.paper@example.org", showName: true },
        2: { name: "Bryn Jones", town: "Swansea ", signerType: "organisation", organisation: "swansea bus users" },
      }),
    );
    expect(second.headers.get("location")).toBe(`${sheetPath(1)}?done=compared`);

    const signatures = signaturesOf(1);
    expect(signatures).toMatchObject([
      { name: "Ann Paper", email: "ann.paper@example.org", location: "Cardiff", source: "paper", sheet_row: 1, language: "en", wants_updates: 1, show_name: 1, letter_version_id: versionId },
      { name: "Bryn Jones", email: null, location: "Swansea", source: "paper", sheet_row: 2, wants_updates: 0, show_name: 0 },
    ]);
    expect(signatures.every((s) => s.verified_at)).toBe(true);
    expect(rowsOf(1)).toMatchObject([{ row: 1, status: "agreed" }, { row: 2, status: "agreed" }]);
    await waitForCount(app, slug, before + 2);

    const [mail] = await mailbox.waitFor(1, "ann.paper@example.org");
    expect(mail.subject).toBe("Thank you for signing “Fair bus fares” on paper");
    expect(mail.text).toContain("S-0001");
    expect(mail.text).toContain(`${app.url}/withdraw/${signatures[0].id}-`);
    expect(mail.text).toMatch(/take your signature back/);
    expect(outboxTo("ann.paper@example.org")).toHaveLength(1);

    expect(audit("paper.key").slice(-2)).toEqual([
      { userId: userId("owner@example.org"), before: null, after: { sheet: "S-0001", keying: 1, via: "form", rowsTyped: 2 } },
      { userId: userId("keyer.a@example.org"), before: null, after: { sheet: "S-0001", keying: 2, via: "form", rowsTyped: 2, agreed: 2, duplicates: 0, disputed: 0 } },
    ]);
    // The list of sheets says so.
    expect(textOf(await (await owner(paper)).text())).toMatch(/S-0001 None .* Done 2/);
  });

  it("a row they disagree on waits, side by side, for a third person to settle it, which is audited; its signer's mail is in the event's language", async () => {
    const before = await settledCount();
    await owner(sheetPath(2), keying({ 1: { name: "Gareth Evans", town: "Bangor", email: "gareth@example.org" }, 2: { name: "Nia Wyn", town: "Pwllheli" } }));
    await staffA(sheetPath(2), keying({ 1: { name: "Gareth Evens", town: "Bangor", email: "gareth@example.org" }, 2: { name: "Nia Wyn", town: "Pwllheli" } }));
    expect(rowsOf(2)).toMatchObject([{ row: 1, status: "disputed", signature_id: null }, { row: 2, status: "agreed" }]);
    expect(signaturesOf(2).map((s) => s.name)).toEqual(["Nia Wyn"]);
    expect(await settledCount()).toBe(before + 1);

    // Both entries, field by field, for someone looking at the sheet.
    const page = textOf(await (await staffB(sheetPath(2))).text());
    expect(page).toContain("Row 1: the entries differ");
    expect(page).toContain("Full name Gareth Evans Gareth Evens");
    expect(page).toContain("As entry 1: Gareth Evans");
    expect(page).toContain("As entry 2: Gareth Evens");

    // A choice is needed for each field that differs.
    const unchosen = await staffB(sheetPath(2), form({ intent: "settle", row: "1" }));
    expect(unchosen.status).toBe(400);
    expect(textOf(await unchosen.text())).toContain("Full name: Choose what the sheet says");
    expect(rowsOf(2)[0].status).toBe("disputed");

    const settled = await staffB(sheetPath(2), form({ intent: "settle", row: "1", "choice.name": "first" }));
    expect(settled.headers.get("location")).toBe(`${sheetPath(2)}?done=settled`);
    const [gareth] = signaturesOf(2).filter((s) => s.sheet_row === 1);
    expect(gareth).toMatchObject({ name: "Gareth Evans", source: "paper", language: "cy" });
    expect(rowsOf(2)[0]).toMatchObject({ status: "settled", signature_id: gareth.id, settled_by: userId("keyer.b@example.org") });
    expect(audit("paper.settle").at(-1)).toMatchObject({
      userId: userId("keyer.b@example.org"),
      before: { sheet: "S-0002", row: 1, status: "disputed", first: { name: "Gareth Evans" }, second: { name: "Gareth Evens" } },
      after: { sheet: "S-0002", row: 1, status: "settled", values: { name: "Gareth Evans", town: "Bangor" }, from: { name: "first" }, signatureId: gareth.id },
    });
    await waitForCount(app, slug, before + 2);
    expect(textOf(await (await owner(sheetPath(2))).text())).toContain("Signature, settled by keyer.b@example.org");

    // The sheet was printed for an event in Welsh: so is the mail, with the Welsh withdraw page.
    const [mail] = await mailbox.waitFor(1, "gareth@example.org");
    expect(mail.subject).toBe("Diolch am lofnodi “Fair bus fares” ar bapur");
    expect(mail.text).toContain(`${app.url}/cy/withdraw/${gareth.id}-`);

    // Settled once: a second settlement is refused and changes nothing.
    const again = await staffA(sheetPath(2), form({ intent: "settle", row: "1", "choice.name": "second" }));
    expect(again.status).toBe(409);
    expect(signaturesOf(2).find((s) => s.sheet_row === 1)?.name).toBe("Gareth Evans");
  });

  it("a value typed by the person settling is checked like a keyed one", async () => {
    await owner(sheetPath(3), keying({ 1: { name: "Dai Price", town: "Ely", email: "dai@example.net" } }));
    await staffA(sheetPath(3), keying({ 1: { name: "Dai Price", town: "Ely", email: "dia@example.org" } }));
    const bad = await staffB(sheetPath(3), form({ intent: "settle", row: "1", "choice.email": "typed", "typed.email": "not-an-address" }));
    expect(bad.status).toBe(400);
    expect(textOf(await bad.text())).toContain("Enter the email address as written");
    expect(signaturesOf(3)).toEqual([]);
    const good = await owner(sheetPath(3), form({ intent: "settle", row: "1", "choice.email": "typed", "typed.email": "Dai@Example.org" }));
    expect(good.status).toBe(302);
    expect(signaturesOf(3)).toMatchObject([{ name: "Dai Price", email: "dai@example.org" }]);
    expect(audit("paper.settle").at(-1)?.after.from).toEqual({ email: "typed" });
  });

  it("one person cannot type in both entries of a sheet: 409, and nothing is written", async () => {
    expect((await owner(sheetPath(4), keying({ 1: { name: "Eve Solo", town: "Rhyl" } }))).status).toBe(302);
    const page = textOf(await (await owner(sheetPath(4))).text());
    expect(page).toContain("You typed in this sheet. Someone else must now type it in a second time");
    expect(page).not.toContain("Save this entry");

    const state = keyingState();
    const again = await owner(sheetPath(4), keying({ 1: { name: "Eve Solo", town: "Rhyl" } }));
    expect(again.status).toBe(409);
    expect(textOf(await again.text())).toContain("The first entry of S-0004 was typed in by the same person. Someone else must type the second");
    expect(keyingState()).toEqual(state);
  });

  it("refuses a row without a name, naming the row and field, and writes nothing", async () => {
    const state = keyingState();
    const response = await owner(sheetPath(5), keying({ 4: { town: "Conwy", email: "no.name@example.org" }, 6: { name: "Ok", town: "Ok", email: "bad@" } }));
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("Row 4, Full name: Enter the name written in this row");
    expect(text).toContain("Row 6, Email (optional): Enter the email address as written");
    expect(keyingState()).toEqual(state);
  });
});

describe("a signature counted once", () => {
  it("a paper row with an address that signed online is a duplicate of that signature: no new signature, no mail, the count unchanged", async () => {
    await postSignature(app, slug, { ...validSignature, name: "Olwen Online", email: "olwen@example.org" });
    const [confirm] = await mailbox.waitFor(1, "olwen@example.org");
    await fetch(verifyLink(confirm));
    const online = query<{ id: number }>(app, "select id from signatures where email = 'olwen@example.org'")[0].id;
    const before = await settledCount();

    await owner(sheetPath(6), keying({ 1: { name: "Olwen Online", town: "Cardiff", email: "OLWEN@example.org" }, 2: { name: "Pat Paper", town: "Newport" } }));
    await staffA(sheetPath(6), keying({ 1: { name: "Olwen Online", town: "Cardiff", email: "olwen@example.org" }, 2: { name: "Pat Paper", town: "Newport" } }));
    expect(rowsOf(6)).toMatchObject([
      { row: 1, status: "duplicate", signature_id: null, duplicate_of: online },
      { row: 2, status: "agreed" },
    ]);
    expect(signaturesOf(6).map((s) => s.name)).toEqual(["Pat Paper"]);
    await waitForCount(app, slug, before + 1);
    expect(outboxTo("olwen@example.org").map((m) => m.template)).toEqual(["verify-signature"]);
    expect(textOf(await (await owner(sheetPath(6))).text())).toContain("Already signed: counted once");
  });

  it("the same address on two sheets is one signature, and one mail", async () => {
    const before = await settledCount();
    for (const n of [7, 8]) {
      await owner(sheetPath(n), keying({ 3: { name: "Rhys Twice", town: "Wrexham", email: "rhys@example.org" } }));
      await staffA(sheetPath(n), keying({ 3: { name: "Rhys Twice", town: "Wrexham", email: "rhys@example.org" } }));
    }
    const [rhys] = signaturesOf(7);
    expect(signaturesOf(8)).toEqual([]);
    expect(rowsOf(8)).toMatchObject([{ row: 3, status: "duplicate", duplicate_of: rhys.id }]);
    await waitForCount(app, slug, before + 1);
    await mailbox.waitFor(1, "rhys@example.org");
    expect(outboxTo("rhys@example.org")).toHaveLength(1);
  });
});

describe("npm run cli -- paper:import", () => {
  const write = (name: string, content: string) => {
    const file = path.join(app.dataDir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  // A spreadsheet saved as "CSV UTF-8": a byte order mark, CRLF, quoted cells with commas and a line break.
  const header = "\uFEFFsheet,row,name,town,signerType,organisation,role,email,showName\r\n";
  const firstKeying =
    header +
    'S-0009,1,"Jones, Mari",Aberystwyth,,,,mari@example.org,yes\r\n' +
    '9,2,Huw Bell,Llanelli,organisation,"Llanelli Buses, Ltd","Chair\nand treasurer",,no\r\n' +
    "S-0010,5,Sara Lee,Cardigan,professional,,Nurse,,\r\n";

  it(
    "imports one keying of several sheets per run; the second run, by someone else, is compared with the first",
    async () => {
      const before = await settledCount();
      const first = await cli(app, ["paper:import", slug, "--file", write("first.csv", firstKeying), "--by", "owner@example.org"]);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout).toContain("S-0009: first entry saved. A different person must type the sheet in again.");
      expect(first.stdout).toContain("S-0010: first entry saved.");

      // The same person again: refused, nothing of the file written.
      const state = keyingState();
      const same = await cli(app, ["paper:import", slug, "--file", write("same.csv", firstKeying), "--by", "owner@example.org"]);
      expect(same.code).toBe(1);
      expect(same.stderr).toContain("The first entry of S-0009 was typed in by the same person.");
      expect(keyingState()).toEqual(state);

      const secondKeying = firstKeying.replace("Aberystwyth", "aberystwyth").replace(",yes\r\n", ",TRUE\r\n");
      const second = await cli(app, ["paper:import", slug, "--file", write("second.csv", secondKeying), "--by", "KEYER.A@example.org"]);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain("S-0009: second entry saved and compared with the first. Signatures: 2. Already signed: 0. Rows to settle on the sheet's page: 0.");
      expect(signaturesOf(9)).toMatchObject([
        { name: "Jones, Mari", location: "Aberystwyth", email: "mari@example.org", show_name: 1, source: "paper" },
        { name: "Huw Bell", location: "Llanelli", email: null, show_name: 0 },
      ]);
      expect(query(app, "select organisation, role from signatures where name = 'Huw Bell'")).toEqual([{ organisation: "Llanelli Buses, Ltd", role: "Chair and treasurer" }]);
      expect(signaturesOf(10)).toMatchObject([{ name: "Sara Lee", sheet_row: 5 }]);
      await waitForCount(app, slug, before + 3);
      expect(textOf(await (await owner(sheetPath(9))).text())).toContain("Entry 1: imported from a spreadsheet typed by owner@example.org");
    },
    CLI_TIMEOUT,
  );

  it(
    "refuses a file with a bad row, naming its sheet, row and column, and imports nothing of it",
    async () => {
      const state = keyingState();
      const bad =
        header +
        "S-0011,1,Good Row,Bala,,,,,\r\n" +
        "S-0011,4,Tom Bad,Bala,,,,tom@,\r\n" +
        "S-0012,2,,Harlech,,,,,maybe\r\n" +
        "S-0099,1,No Sheet,Bala,,,,,\r\n";
      const result = await cli(app, ["paper:import", slug, "--file", write("bad.csv", bad), "--by", "owner@example.org"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Nothing was imported.");
      expect(result.stderr).toContain("S-0011 row 4, email: Enter the email address as written");
      expect(result.stderr).toContain("S-0012 row 2, name: Enter the name written in this row");
      expect(result.stderr).toContain("S-0012 row 2, showName: Say whether “show my name” is ticked");
      expect(keyingState()).toEqual(state);

      // Every line right but a sheet the campaign does not have: still nothing.
      const unknown = await cli(app, ["paper:import", slug, "--file", write("unknown.csv", `${header}S-0011,1,Good Row,Bala,,,,,\r\nS-0099,1,No Sheet,Bala,,,,,\r\n`), "--by", "owner@example.org"]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("This campaign has no sheet S-0099.");
      expect(keyingState()).toEqual(state);

      // Someone not on the campaign's team may not be named as the keyer.
      const outsider = await cli(app, ["paper:import", slug, "--file", write("outsider.csv", `${header}S-0011,1,Good Row,Bala,,,,,\r\n`), "--by", "stranger@example.org"]);
      expect(outsider.code).toBe(1);
      expect(outsider.stderr).toContain("stranger@example.org is not on the team of “paper-letter”");
      expect(keyingState()).toEqual(state);
    },
    CLI_TIMEOUT,
  );
});

describe("a sheet's scan", () => {
  const png = () => Buffer.from(new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="60"><rect width="40" height="60" fill="#1d70b8"/></svg>').render().asPng());
  const scanForm = (bytes: Buffer, filename: string, type: string) => {
    const body = new FormData();
    body.append("intent", "scan");
    body.append("scan", new Blob([new Uint8Array(bytes)], { type }), filename);
    return { method: "POST", body };
  };
  const scanFiles = () => fs.readdirSync(path.join(app.dataDir, "uploads")).filter((name) => name.startsWith("scan-") || name.endsWith(".part"));

  it("takes a PNG, shows it beside the sheet, and serves it to the team only, never cached", async () => {
    const response = await owner(sheetPath(12), scanForm(png(), "sheet.png", "image/png"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${sheetPath(12)}?done=scan`);
    const page = await (await owner(sheetPath(12))).text();
    expect(page).toContain(`<img class="paper-scan" src="${sheetPath(12)}/scan" alt="Scan of sheet S-0012"/>`);

    const scan = await staffA(`${sheetPath(12)}/scan`);
    expect(scan.status).toBe(200);
    expect(scan.headers.get("content-type")).toBe("image/png");
    expect(scan.headers.get("cache-control")).toBe("private, no-store");
    expect(scan.headers.get("x-content-type-options")).toBe("nosniff");
    expect(scan.headers.get("content-security-policy")).toContain("sandbox");
    const bytes = Buffer.from(await scan.arrayBuffer());
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(query(app, "select scan_type, scan_bytes from sheets where id = ?", sheetId(12))).toEqual([{ scan_type: "image/png", scan_bytes: bytes.length }]);

    expect((await stranger(`${sheetPath(12)}/scan`)).status).toBe(404);
    const signedOut = await browser(app)(`${sheetPath(12)}/scan`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/sign-in/);
    expect(audit("paper.scan").at(-1)).toMatchObject({ userId: userId("owner@example.org"), after: { sheet: "S-0012", type: "image/png" } });
  });

  it("takes a PDF, linked from the sheet, and a new scan replaces the old one", async () => {
    const before = scanFiles();
    expect((await staffA(sheetPath(12), scanForm(pdfFile("Sheet S-0012"), "sheet.pdf", "application/pdf"))).status).toBe(302);
    const page = textOf(await (await owner(sheetPath(12))).text());
    expect(page).toMatch(/Open the scan \(PDF, \d+ KB\)/);
    const scan = await owner(`${sheetPath(12)}/scan`);
    expect(scan.headers.get("content-type")).toBe("application/pdf");
    expect((await scan.text()).startsWith("%PDF-")).toBe(true);
    // The PNG it replaced is gone from the disk.
    expect(scanFiles()).toHaveLength(before.length);
  });

  it("refuses a disguised file, whatever its name and type say, and keeps nothing of it", async () => {
    const before = scanFiles();
    const state = query(app, "select scan_file, scan_sha256 from sheets where id = ?", sheetId(12));
    for (const [bytes, name, type] of [
      [htmlFile(), "sheet.pdf", "application/pdf"],
      [Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "sheet.png", "image/png"],
      [Buffer.concat([png().subarray(0, 40), Buffer.from("not the rest of a PNG")]), "sheet.png", "image/png"],
    ] as const) {
      const response = await owner(sheetPath(12), scanForm(bytes, name, type));
      expect(response.status).toBe(400);
      expect(textOf(await response.text())).toContain("The scan must be a PDF, PNG or JPEG file");
    }
    // Past 20 MB: read to its end and dropped, with its own message.
    const large = await owner(sheetPath(12), scanForm(Buffer.concat([png(), Buffer.alloc(20 * 1024 * 1024)]), "huge.png", "image/png"));
    expect(large.status).toBe(413);
    expect(textOf(await large.text())).toContain("The scan must be 20 MB or smaller");
    expect(query(app, "select scan_file, scan_sha256 from sheets where id = ?", sheetId(12))).toEqual(state);
    expect(scanFiles()).toEqual(before);
  });
});

describe("the paper pages", () => {
  it("are the campaign team's and staff's: someone else finds nothing, and may not type a sheet in", async () => {
    expect((await stranger(paper)).status).toBe(404);
    expect((await stranger(sheetPath(1))).status).toBe(404);
    const state = keyingState();
    expect((await stranger(sheetPath(11), keying({ 1: { name: "Mallory", town: "Nowhere" } }))).status).toBe(404);
    expect(keyingState()).toEqual(state);
  });

  it("find a sheet by its number, typed as printed or as a number, and say so when there is none", async () => {
    for (const typed of ["S-0011", "s-11", "11"]) {
      const found = await owner(paper, form({ intent: "find", sheet: typed }));
      expect(found.headers.get("location")).toBe(sheetPath(11));
    }
    const missing = await owner(paper, form({ intent: "find", sheet: "S-0400" }));
    expect(missing.status).toBe(400);
    expect(textOf(await missing.text())).toContain("This campaign has no sheet with that number");
    expect((await owner(`${paper}/S-0400`)).status).toBe(404);
  });

  it("are in Welsh under /cy", async () => {
    const page = textOf(await (await owner(`/cy${sheetPath(11)}`)).text());
    expect(page).toContain("Taflen S-0011");
    expect(page).toContain("Cadw'r cofnod hwn");
  });
});
