import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { cli, CLI_TIMEOUT } from "../helpers/cli";
import { execute, query, tableNames } from "../helpers/db";
import { getCount, postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";
import { readZip, sha256 } from "../helpers/zip";

// Withdrawing a signature (issue 15): the link in every confirmation mail and on the "you are
// counted" page shows the signature and a button; the POST takes it out of the count (through the
// batch counter), erases what its signer gave at once, keeps it out of later packs and leaves a
// record without personal data. A withdrawn person may sign again.

const slug = "fair-care-now";
const run = promisify(execFile);

let app: RunningApp;
let mailbox: Mailbox;

// TRUST_PROXY: each signer here comes from an address of their own, so the test can look for it.
withAppAndMailbox((started) => ({ app, mailbox } = started), { env: { TRUST_PROXY: "1" } });

/** The withdraw link in a message's plain-text body. */
function withdrawLinkIn(mail: ParsedMail) {
  const link = mail.text?.match(/https?:\/\/\S+?\/withdraw\/\d+-[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`No withdraw link in:\n${mail.text}`);
  return link;
}

const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);
const idOf = (link: string) => Number(tokenOf(link).split("-")[0]);
const post = (url: string) => fetch(url, { method: "POST", body: new URLSearchParams(), redirect: "manual" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every row of every table, as text: to show that something is nowhere in the database. */
function everything() {
  return tableNames(app).map((name) => `${name}: ${JSON.stringify(query(app, `select * from "${name}"`))}`).join("\n");
}

/** Waits until the outbox has recorded every message to `email` as sent. */
async function allSentTo(email: string) {
  const deadline = Date.now() + 10_000;
  while (query<{ n: number }>(app, "select count(*) as n from outbox where recipient = ? and status <> 'sent'", email)[0].n > 0) {
    if (Date.now() > deadline) throw new Error(`mail to ${email} was not sent`);
    await sleep(50);
  }
}

/** Signs the campaign and confirms by the mail's link; returns the mail and the confirmed page's HTML. */
async function signAndConfirm(fields: Record<string, string>, address: string, count: number) {
  const before = (await mailbox.waitFor(0, fields.email)).length;
  expect((await postSignature(app, slug, fields, { "X-Forwarded-For": address })).status).toBe(302);
  const mail = (await mailbox.waitFor(before + 1, fields.email))[before];
  const confirmed = await fetch(verifyLink(mail));
  expect(confirmed.status).toBe(200);
  await waitForCount(app, slug, count);
  return { mail, page: await confirmed.text() };
}

/** letter.pdf's text. */
async function pdfText(bytes: Buffer) {
  const file = path.join(app.dataDir, `letter-${Date.now()}.pdf`);
  fs.writeFileSync(file, bytes);
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"]);
  return stdout.replace(/\s+/g, " ");
}

const wynne = {
  name: "Wynne Withdrawer",
  email: "wynne@example.org",
  signerType: "organisation",
  organisation: "Guild of Quills",
  role: "Keeper of Inkwells",
  location: "Aberaeron",
  comment: "A comment nobody else wrote",
  showName: "on",
};
const wynneAddress = "203.0.113.77";

describe("withdrawing a signature", () => {
  it(
    "from the link in the mail: shown, then withdrawn, erased at once, out of the count and the pack; signing again works",
    async () => {
      const { mail, page } = await signAndConfirm(wynne, wynneAddress, 1);
      const link = withdrawLinkIn(mail);
      const token = tokenOf(link);
      expect(link).toBe(`${app.url}/withdraw/${token}`);
      expect(mail.text).toContain(`Changed your mind? Withdraw your signature:\n${link}`);
      expect(mail.html).toContain(`href="${link}"`);
      const id = idOf(link);
      expect(query(app, "select name from signatures where id = ?", id)).toEqual([{ name: wynne.name }]);

      // The "you are counted" page carries the same link.
      expect(page).toContain(`href="/withdraw/${token}"`);
      expect(textOf(page)).toContain("Changed your mind? You can withdraw your signature.");

      // Opening the link (twice, or a mail scanner first) shows the signature and a button, and changes nothing.
      for (let i = 0; i < 2; i++) {
        const shown = await fetch(link);
        expect(shown.status).toBe(200);
        expect(shown.headers.get("cache-control")).toBe("private, no-store");
        expect(shown.headers.get("referrer-policy")).toBe("no-referrer");
        const html = await shown.text();
        const text = textOf(html);
        expect(text).toContain("Withdraw your signature");
        expect(text).toContain("This is your signature on “Fair care now”.");
        expect(text).toContain(`Name ${wynne.name}`);
        expect(text).toContain("Confirmed Yes");
        expect(html).toMatch(/<form method="post"[^>]*>[\s\S]*<button type="submit"[^>]*>Withdraw my signature<\/button>/);
        expect(text).not.toContain(wynne.email);
        expect(html).toContain("<title>Withdraw your signature – Undersigned</title>");
      }
      await sleep(1200); // a counting batch passes
      expect(query(app, "select count(*) as n from signatures where id = ?", id)).toEqual([{ n: 1 }]);
      expect(query(app, "select count(*) as n from signature_withdrawals")).toEqual([{ n: 0 }]);
      expect((await getCount(app, slug)).count).toBe(1);

      // The button withdraws it, then says so.
      await allSentTo(wynne.email);
      const withdrawn = await post(link);
      expect(withdrawn.status).toBe(302);
      expect(withdrawn.headers.get("location")).toBe(`/withdraw/${token}?done=withdrawn`);
      const done = await fetch(`${link}?done=withdrawn`);
      expect(done.status).toBe(200);
      const doneHtml = await done.text();
      expect(textOf(doneHtml)).toContain("Your signature has been withdrawn");
      expect(textOf(doneHtml)).toContain("If you change your mind, you may sign again.");
      expect(doneHtml).toContain(`href="/c/${slug}"`);
      expect(doneHtml).not.toContain(wynne.name);

      // Safe to repeat; opened later, the link says it is already withdrawn.
      expect((await post(link)).headers.get("location")).toBe(`/withdraw/${token}?done=withdrawn`);
      const later = textOf(await (await fetch(link)).text());
      expect(later).toContain("This signature has already been withdrawn");

      // Out of the count through the batch counter.
      await waitForCount(app, slug, 0);

      // Nothing the signer gave is left anywhere; the withdrawal is recorded by id, campaign and time.
      expect(query(app, "select * from signatures where id = ?", id)).toEqual([]);
      const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
      const [record] = query<Record<string, unknown>>(app, "select * from signature_withdrawals");
      expect(Object.keys(record).sort()).toEqual(["campaign_id", "count_pending", "id", "signature_id", "withdrawn_at"]);
      expect(record).toMatchObject({ signature_id: id, campaign_id: campaignId, count_pending: 0 });
      expect(Date.parse(record.withdrawn_at as string)).toBeGreaterThan(Date.now() - 60_000);
      const database = everything();
      for (const given of [wynne.name, wynne.email, wynne.organisation, wynne.role, wynne.comment, wynneAddress]) expect(database).not.toContain(given);

      // A later pack has someone else, and not the withdrawn signer.
      await signAndConfirm({ ...validSignature, name: "Olwen Other", email: "olwen@example.org" }, "203.0.113.8", 1);
      const zip = path.join(app.dataDir, "after-withdrawal.zip");
      const exported = await cli(app, ["pack:export", slug, "--out", zip]);
      expect(exported.code, exported.stderr).toBe(0);
      const files = await readZip(zip);
      const csv = files.get("signatures.csv")!.toString();
      expect(csv).toContain("Olwen Other");
      const letter = await pdfText(files.get("letter.pdf")!);
      expect(letter).toContain("Olwen Other");
      for (const [name, bytes] of files) {
        const text = name.endsWith(".pdf") ? await pdfText(bytes) : bytes.toString();
        expect(text, name).not.toContain(wynne.name);
        expect(text, name).not.toContain(wynne.organisation);
      }

      // The same address signs again: a new signature, confirmed and counted, with a new link.
      const again = await signAndConfirm(wynne, wynneAddress, 2);
      expect(again.mail.subject).toBe("Confirm your signature: Fair care now");
      const newLink = withdrawLinkIn(again.mail);
      expect(idOf(newLink)).not.toBe(id);
      expect(query(app, "select name, email from signatures where email = ?", wynne.email)).toEqual([{ name: wynne.name, email: wynne.email }]);
      // The old link still only says it is withdrawn: it never reaches the new signature.
      expect(textOf(await (await fetch(link)).text())).toContain("This signature has already been withdrawn");
      expect((await post(link)).status).toBe(302);
      await sleep(1200);
      expect((await getCount(app, slug)).count).toBe(2);
    },
    CLI_TIMEOUT,
  );

  it("refuses a forged link, or one signature's MAC with another's id, with a 404 and changes nothing", async () => {
    await postSignature(app, slug, { ...validSignature, name: "Fiona Forge", email: "fiona@example.org" }, { "X-Forwarded-For": "203.0.113.9" });
    const link = withdrawLinkIn((await mailbox.waitFor(1, "fiona@example.org"))[0]);
    const [id, mac] = tokenOf(link).split(/-(.*)/s);
    const other = query<{ id: number }>(app, "select id from signatures where id <> ? order by id limit 1", Number(id))[0].id;
    const before = [query(app, "select id from signatures order by id"), query(app, "select * from signature_withdrawals order by id")];
    for (const forged of [`${id}-${"A".repeat(43)}`, `${other}-${mac}`, `${id}-${mac.slice(0, -1)}`, "not-a-token", `0-${mac}`]) {
      const shown = await fetch(`${app.url}/withdraw/${forged}`);
      expect(shown.status, forged).toBe(404);
      const text = textOf(await shown.text());
      expect(text).toContain("This link does not work");
      expect(text).not.toContain("Fiona Forge");
      expect((await post(`${app.url}/withdraw/${forged}`)).status, forged).toBe(404);
    }
    expect([query(app, "select id from signatures order by id"), query(app, "select * from signature_withdrawals order by id")]).toEqual(before);
  });

  it("is in Welsh under /cy, and a Welsh signer's mail leads there", async () => {
    const signed = await fetch(`${app.url}/cy/c/${slug}/sign`, {
      method: "POST",
      body: new URLSearchParams({ ...validSignature, name: "Siân Gymraeg", email: "sian@example.org" }),
      redirect: "manual",
      headers: { "X-Forwarded-For": "203.0.113.10" },
    });
    expect(signed.status).toBe(302);
    const [mail] = await mailbox.waitFor(1, "sian@example.org");
    const link = withdrawLinkIn(mail);
    expect(link).toBe(`${app.url}/cy/withdraw/${tokenOf(link)}`);
    expect(mail.text).toContain("Wedi newid eich meddwl? Tynnwch eich llofnod yn ôl:");

    const html = await (await fetch(link)).text();
    expect(html).toContain('<html lang="cy"');
    const text = textOf(html);
    expect(text).toContain("Tynnu eich llofnod yn ôl");
    expect(text).toContain("Wedi'i gadarnhau Nac ydy, dim eto");
    expect(text).toContain("Tynnu fy llofnod yn ôl");

    const withdrawn = await post(link);
    expect(withdrawn.headers.get("location")).toBe(`/cy/withdraw/${tokenOf(link)}?done=withdrawn`);
    expect(textOf(await (await fetch(`${link}?done=withdrawn`)).text())).toContain("Mae eich llofnod wedi'i dynnu'n ôl");
    expect(query(app, "select * from signatures where email = ?", "sian@example.org")).toEqual([]);
  });

  it(
    "an event's kiosk, a device strangers share, never shows the link: its signer finds it in their mail",
    async () => {
      const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
      const created = await cli(app, ["event:create", slug, "--name", "Market day", "--date", today]);
      expect(created.code, created.stderr).toBe(0);
      const kiosk = created.stdout.match(/https?:\/\/\S+\/kiosk\/[A-Za-z0-9_-]{43}/)?.[0];
      if (!kiosk) throw new Error(`no kiosk link in: ${created.stdout}`);
      const signed = await fetch(kiosk, {
        method: "POST",
        body: new URLSearchParams({ name: "Kit Kiosk", email: "kit@example.org", signerType: "individual", location: "Cardigan", helped: "no" }),
        redirect: "manual",
      });
      expect(signed.status).toBe(302);
      const thanks = await fetch(new URL(signed.headers.get("location")!, app.url));
      expect(thanks.status).toBe(200);
      const html = await thanks.text();
      expect(html).not.toContain("/withdraw/");
      const [mail] = await mailbox.waitFor(1, "kit@example.org");
      const link = withdrawLinkIn(mail);
      expect(textOf(await (await fetch(link)).text())).toContain("Name Kit Kiosk");
    },
    CLI_TIMEOUT,
  );

  it(
    "withdraws a paper signature: its sheet row says withdrawn and nothing typed for it is kept",
    async () => {
      const [keyerA, keyerB] = await Promise.all([signInAs(app, "keyer.a@example.org", "staff"), signInAs(app, "keyer.b@example.org", "staff")]);
      const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
      const versionId = query<{ id: number }>(app, "select id from letter_versions where campaign_id = ? order by id desc limit 1", campaignId)[0].id;
      // Its scan, as the keying page stores one: a real one-pixel PNG.
      const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
      fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
      const scanName = `scan-${crypto.randomBytes(16).toString("hex")}.png`;
      fs.writeFileSync(path.join(app.dataDir, "uploads", scanName), png);
      const sheetId = Number(
        execute(
          app,
          `insert into sheets (campaign_id, number, check_code, letter_version_id, event_id, issued_by, issued_at, scan_file, scan_type, scan_sha256, scan_bytes)
           values (?, 1, 'C1X', ?, null, null, ?, ?, 'image/png', ?, ?)`,
          campaignId,
          versionId,
          new Date().toISOString(),
          scanName,
          sha256(png),
          png.length,
        ).lastInsertRowid,
      );
      const rows = [
        { name: "Pat Paper", town: "Tregaron", email: "pat.paper@example.org", organisation: "", role: "" },
        { name: "Rhys Rest", town: "Lampeter", email: "", organisation: "", role: "" },
      ];
      const keying = (typed: typeof rows) => {
        const fields: Record<string, string> = { intent: "key" };
        for (let index = 0; index < 10; index++) {
          const row = typed[index] ?? { name: "", town: "", email: "", organisation: "", role: "" };
          fields[`rows[${index}].signerType`] = "individual";
          for (const [field, value] of Object.entries(row)) fields[`rows[${index}].${field}`] = value;
        }
        return form(fields);
      };
      // The second keyer misreads the name: the row is settled looking at the sheet, and audited with both readings.
      expect((await keyerA(`/workspace/c/${slug}/paper/S-0001`, keying(rows))).status).toBe(302);
      expect((await keyerB(`/workspace/c/${slug}/paper/S-0001`, keying([{ ...rows[0], name: "Pat Papur" }, rows[1]]))).status).toBe(302);
      expect((await keyerB(`/workspace/c/${slug}/paper/S-0001`, form({ intent: "settle", row: "1", "choice.name": "first" }))).status).toBe(302);
      expect(query(app, "select row, status from sheet_rows where sheet_id = ? order by row", sheetId)).toEqual([
        { row: 1, status: "settled" },
        { row: 2, status: "agreed" },
      ]);
      expect(JSON.stringify(query(app, "select before, after from audit_log where action = 'paper.settle'"))).toContain("Pat Papur");

      const [mail] = await mailbox.waitFor(1, "pat.paper@example.org");
      const link = withdrawLinkIn(mail);
      expect(mail.text).toMatch(/take your signature back/);
      expect(textOf(await (await fetch(link)).text())).toContain("Name Pat Paper");
      // Before: the pack carries the sheet's scan.
      const before = path.join(app.dataDir, "before-paper-withdrawal.zip");
      const exportedBefore = await cli(app, ["pack:export", slug, "--out", before]);
      expect(exportedBefore.code, exportedBefore.stderr + exportedBefore.stdout).toBe(0);
      expect([...(await readZip(before)).keys()].filter((name) => name.startsWith("sheets/"))).toEqual(["sheets/S-0001.png"]);

      await allSentTo("pat.paper@example.org");
      expect((await post(link)).status).toBe(302);

      expect(query(app, "select row, status, signature_id, duplicate_of, choices from sheet_rows where sheet_id = ? order by row", sheetId)).toMatchObject([
        { row: 1, status: "withdrawn", signature_id: null, duplicate_of: null, choices: null },
        { row: 2, status: "agreed" },
      ]);
      const keyed = query<{ row: number }>(
        app,
        "select k.row from sheet_keyed_rows k join sheet_keyings s on s.id = k.keying_id where s.sheet_id = ? order by k.row",
        sheetId,
      );
      expect(keyed.map((k) => k.row)).toEqual([2, 2]);
      const database = everything();
      expect(database).not.toContain("Pat Pap"); // neither reading, in the sheet's tables or the audit of settling it
      expect(query(app, "select count(*) as n from audit_log where action = 'paper.settle'")).toEqual([{ n: 1 }]);
      expect(database).not.toContain("pat.paper@example.org");

      // The sheet's page says what became of the row, and names nobody for it.
      const sheetPage = textOf(await (await keyerA(`/workspace/c/${slug}/paper/S-0001`)).text());
      expect(sheetPage).toContain("Withdrawn by its signer: nothing of it is kept");
      expect(sheetPage).toContain("Rhys Rest");
      expect(sheetPage).not.toContain("Pat Paper");

      // A scan cannot be redacted: a sheet with a withdrawn row keeps its scan out of later packs.
      const zip = path.join(app.dataDir, "after-paper-withdrawal.zip");
      const exported = await cli(app, ["pack:export", slug, "--out", zip]);
      expect(exported.code, exported.stderr).toBe(0);
      const files = await readZip(zip);
      expect(files.get("signatures.csv")!.toString()).toContain("Rhys Rest");
      expect(files.get("signatures.csv")!.toString()).not.toContain("Pat Paper");
      expect([...files.keys()].filter((name) => name.startsWith("sheets/"))).toEqual([]);
    },
    CLI_TIMEOUT,
  );
});
