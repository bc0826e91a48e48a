import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../helpers/app";
import { execute, query } from "../../helpers/db";
import { textOf } from "../../helpers/http";
import { pdfFile } from "../../helpers/pdf";
import { type Browser, form, signInAs } from "../../helpers/session";
import { type Mailbox, withAppAndMailbox } from "../../helpers/smtp";
import { readZip, sha256 } from "../../helpers/zip";

// A file that only looks like a PDF (right first and last bytes) is refused when it arrives; one
// stored before that check, which qpdf cannot read, no longer stops the signature pack.

const run = promisify(execFile);
const slug = "fair-care-now";

let app: RunningApp;
let mailbox: Mailbox;
let staff: Browser;
let work: string;

withAppAndMailbox(async (started) => {
  ({ app, mailbox } = started);
  staff = await signInAs(app, "staff@example.org", "staff");
});
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-uploads-test-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Starts and ends as a PDF does, and is nothing else. */
const fakePdf = () => Buffer.from("%PDF-1.7\n garbage \n%%EOF\n", "latin1");
/** A PDF qpdf can open that has no pages: nothing to append to letter.pdf. */
const pagelessPdf = () =>
  Buffer.from(
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 3 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
    "latin1",
  );

const letter = {
  authorName: "Dr Ama Mensah",
  email: "ama@example.org",
  role: "Professor of Social Care",
  organisation: "University of Ghana",
  country: "GH",
  body: "",
  consent: "on",
};

function postLetter(fields: Record<string, string>, pdf: Buffer) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append("pdf", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "letter.pdf");
  return fetch(`${app.url}/c/${slug}/support/new`, { method: "POST", body, redirect: "manual" });
}

const letterCount = () => query<{ n: number }>(app, "select count(*) as n from support_letters")[0].n;
const uploadsDir = () => path.join(app.dataDir, "uploads");
const uploads = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).sort() : []);

async function pdfText(pdf: Buffer) {
  const file = path.join(work, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"]);
  return stdout;
}

describe("a PDF is read as a PDF when it arrives", () => {
  it("refuses a letter of support whose file only starts and ends like a PDF, keeping what was typed, with no row and no file", async () => {
    const before = { letters: letterCount(), uploads: uploads() };
    for (const pdf of [fakePdf(), pagelessPdf()]) {
      const response = await postLetter(letter, pdf);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(textOf(html)).toContain("The selected file must be a PDF");
      expect(html).toContain('value="Dr Ama Mensah"');
      expect(html).toContain('value="Professor of Social Care"');
      expect(letterCount()).toBe(before.letters);
      expect(uploads()).toEqual(before.uploads);
    }
    expect(app.logs()).not.toMatch(/"level":50/);
  });

  it("refuses a response whose file only starts and ends like a PDF, keeping what was typed", async () => {
    const [jane] = query<{ id: number }>(app, "select r.id from recipients r join campaigns c on c.id = r.campaign_id where c.slug = ? and r.name = 'Jane Minister'", slug);
    const body = new FormData();
    body.append("recipientId", String(jane.id));
    body.append("receivedOn", "2026-11-20");
    body.append("body", "Thank you for your letter.");
    body.append("pdf", new Blob([new Uint8Array(fakePdf())], { type: "application/pdf" }), "reply.pdf");
    const before = uploads();
    const response = await staff(`/workspace/c/${slug}/responses`, { method: "POST", body });
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("The selected file must be a PDF");
    expect(text).toContain("Thank you for your letter.");
    expect(query(app, "select count(*) as n from responses")).toEqual([{ n: 0 }]);
    expect(uploads()).toEqual(before);
  });

  it("still takes a real PDF", async () => {
    const pdf = pdfFile("A real letter of support");
    const response = await postLetter({ ...letter, email: "real@example.org" }, pdf);
    expect(response.status).toBe(302);
    const [row] = query<{ pdf_file: string; pdf_sha256: string }>(app, "select pdf_file, pdf_sha256 from support_letters where email = 'real@example.org'");
    expect(row.pdf_sha256).toBe(sha256(pdf));
    expect(fs.readFileSync(path.join(uploadsDir(), row.pdf_file))).toEqual(pdf);
    await mailbox.waitFor(1, "real@example.org");
  });
});

describe("a stored PDF that cannot be read", { timeout: 60_000 }, () => {
  it("does not stop the pack: its letter's page says so, the rest is there, and the pack checks out", async () => {
    // Two approved letters: one whose stored PDF is then broken (as a file stored before the check
    // at upload would be), and one whose PDF is fine and is still appended.
    const author = { ...letter, body: "I support this letter, and attach it signed." };
    expect((await postLetter({ ...author, authorName: "Broken Upload", email: "broken@example.org" }, pdfFile("Never seen"))).status).toBe(302);
    expect((await postLetter({ ...letter, authorName: "Good Upload", email: "good@example.org" }, pdfFile("Appended as sent"))).status).toBe(302);
    execute(app, "update support_letters set status = 'approved', confirmed_at = '2026-11-20', decided_at = '2026-11-21' where email in ('broken@example.org', 'good@example.org')");
    const [broken] = query<{ id: number; pdf_file: string }>(app, "select id, pdf_file from support_letters where email = 'broken@example.org'");
    fs.writeFileSync(path.join(uploadsDir(), broken.pdf_file), fakePdf());

    const started = await staff(`/workspace/c/${slug}/pack`, form({}));
    expect(started.status).toBe(302);
    const id = Number(started.headers.get("location")!.match(/started=(\d+)$/)![1]);
    let progress: { status: string } | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      progress = await (await staff(`/workspace/c/${slug}/pack/${id}/progress.json`)).json();
      if (progress!.status === "done" || progress!.status === "failed") break;
    }
    expect(progress?.status, JSON.stringify(query(app, "select status, error from pack_exports where id = ?", id))).toBe("done");

    const zip = Buffer.from(await (await staff(`/workspace/c/${slug}/pack/${id}/download`)).arrayBuffer());
    const zipFile = path.join(work, "pack.zip");
    fs.writeFileSync(zipFile, zip);
    const files = await readZip(zipFile);

    const text = (await pdfText(files.get("letter.pdf")!)).replace(/\s+/g, " ");
    expect(text).toContain("Letter of support from Broken Upload");
    expect(text).toContain("I support this letter, and attach it signed.");
    expect(text).toContain("could not be read");
    expect(text).not.toContain("Never seen");
    expect(text).toContain("Letter of support from Good Upload");
    expect(text).toContain("Appended as sent");

    // The file as it was stored is kept in the pack, listed with its hash, for whoever can open it.
    const brokenPath = `support-letters/${broken.id}-broken-upload.pdf`;
    expect(files.get(brokenPath)).toEqual(fakePdf());
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    expect(manifest.files).toContainEqual({ path: brokenPath, bytes: fakePdf().length, sha256: sha256(fakePdf()) });

    const check = new FormData();
    check.set("pack", new Blob([new Uint8Array(zip)], { type: "application/zip" }), "pack.zip");
    const checked = await fetch(`${app.url}/verify-pack`, { method: "POST", body: check });
    expect(checked.status).toBe(200);
    expect(textOf(await checked.text())).toContain("This pack is intact");

    // A warning for the operator, not an error.
    const logged = app
      .logs()
      .split("\n")
      .filter((line) => line.includes(`"letterId":${broken.id}`));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(JSON.parse(line).level).toBe(40);
    expect(app.logs()).not.toMatch(/"level":50/);
  });
});
