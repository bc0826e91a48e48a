import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { htmlFile, oversizePdf, pdfFile, pngFile } from "../helpers/pdf";
import { type Mailbox, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;

withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true });

const validLetter = {
  authorName: "Dr Ama Mensah",
  email: " Ama@Example.org ",
  role: "Professor of Social Care",
  organisation: "University of Ghana",
  country: "GH",
  body: "Dear Minister,\r\n\r\nI **support** this letter.\r\n",
  consent: "on",
};

interface Upload {
  name: string;
  content: Buffer;
  type?: string;
}

/** Posts the form as a browser would: multipart, with the file field even when no file is chosen. */
function postLetter(fields: Record<string, string>, { file, to = "/c/fair-care-now/support/new" }: { file?: Upload; to?: string } = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const upload = file ?? { name: "", content: Buffer.alloc(0), type: "application/octet-stream" };
  body.append("pdf", new Blob([new Uint8Array(upload.content)], { type: upload.type ?? "application/pdf" }), upload.name);
  return fetch(`${app.url}${to}`, { method: "POST", body, redirect: "manual" });
}

const letters = () => query<Record<string, string | number | null>>(app, "SELECT * FROM support_letters ORDER BY id");
const uploads = () => (fs.existsSync(path.join(app.dataDir, "uploads")) ? fs.readdirSync(path.join(app.dataDir, "uploads")) : []);
/** Puts a PDF in the uploads folder as the app would have stored it; returns its name. */
function storeUpload(pdf: Buffer) {
  const file = `${crypto.randomBytes(16).toString("hex")}.pdf`;
  fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, "uploads", file), pdf);
  return file;
}
const sha256 = (value: string | Buffer) => crypto.createHash("sha256").update(value).digest("hex");
const campaignId = (slug: string) => query<{ id: number }>(app, "SELECT id FROM campaigns WHERE slug = ?", slug)[0].id;

function confirmLink(mail: ParsedMail) {
  const link = mail.text?.match(/https?:\/\/\S+\/support\/confirm\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`No confirmation link in:\n${mail.text}`);
  return link;
}

async function page(pathname: string) {
  const response = await fetch(`${app.url}${pathname}`);
  return { status: response.status, html: await response.text() };
}

describe("writing a letter of support", () => {
  it("stores a text letter unconfirmed, and its emailed link confirms it (twice is harmless)", async () => {
    const response = await postLetter(validLetter);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/c/fair-care-now/support/check-email");

    const [row] = letters();
    expect(row).toMatchObject({
      campaign_id: campaignId("fair-care-now"),
      author_name: "Dr Ama Mensah",
      email: "ama@example.org",
      role: "Professor of Social Care",
      organisation: "University of Ghana",
      country: "GH",
      body: "Dear Minister,\n\nI **support** this letter.",
      body_sha256: sha256("Dear Minister,\n\nI **support** this letter."),
      pdf_file: null,
      status: "unconfirmed",
      invitation_id: null,
      mails_sent: 1,
      confirmed_at: null,
    });
    expect(row.consent_at).toBeTruthy();
    expect(row.confirm_token_hash).toMatch(/^[0-9a-f]{64}$/);

    const checkEmail = await page("/c/fair-care-now/support/check-email");
    expect(textOf(checkEmail.html)).toContain("Open the link in it to confirm your letter of support");

    const [mail] = await mailbox.waitFor(1, "ama@example.org");
    expect(mail.subject).toBe("Confirm your letter of support: Fair care now");
    const link = confirmLink(mail);
    expect(link.startsWith(`${app.url}/support/confirm/`)).toBe(true);
    expect(sha256(link.split("/").pop()!)).toBe(row.confirm_token_hash);

    const first = await fetch(link);
    expect(first.status).toBe(200);
    const text = textOf(await first.text());
    expect(text).toContain("Your letter of support for “Fair care now” is confirmed");
    expect(text).toContain("It now goes to the campaign team for review");
    const [confirmed] = letters();
    expect(confirmed.status).toBe("pending");
    expect(confirmed.confirmed_at).toBeTruthy();

    const again = await fetch(link);
    expect(again.status).toBe(200);
    expect(letters()[0]).toMatchObject({ status: "pending", confirmed_at: confirmed.confirmed_at });
    expect((await fetch(`${app.url}/support/confirm/${"x".repeat(43)}`)).status).toBe(404);
  });

  it("stores a PDF letter under a generated name with its size and SHA-256", async () => {
    const pdf = pdfFile("I support fair care");
    const response = await postLetter({ ...validLetter, body: "" }, { file: { name: "../My letter.pdf", content: pdf } });
    expect(response.status).toBe(302);

    const [row] = letters();
    expect(row).toMatchObject({ body: null, body_sha256: null, pdf_bytes: pdf.length, pdf_sha256: sha256(pdf), status: "unconfirmed" });
    expect(row.pdf_file).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(uploads()).toEqual([row.pdf_file]);
    expect(fs.readFileSync(path.join(app.dataDir, "uploads", String(row.pdf_file)))).toEqual(pdf);
    await mailbox.waitFor(1, "ama@example.org");
  });

  it("lists every problem at once, keeps what was typed, and stores nothing", async () => {
    const response = await postLetter({ authorName: " ", email: "ama@example", role: "Professor <b>", country: "ZZ", body: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    const text = textOf(html);
    expect(text).toContain("There is a problem");
    for (const message of [
      "Enter your full name",
      "Enter an email address in the correct format, like name@example.com",
      "Choose your country",
      "Write your letter, or attach it as a PDF",
      "Tick the box to agree that your letter will be published and delivered with the campaign",
    ]) {
      expect(text).toContain(message);
    }
    expect(html).toContain('value="ama@example"');
    expect(html).toContain('value="Professor &lt;b&gt;"');
    expect(html).not.toContain("Professor <b>");

    const tooLong = await postLetter({ ...validLetter, body: "x".repeat(20_001) });
    expect(tooLong.status).toBe(400);
    expect(textOf(await tooLong.text())).toContain("Your letter must be 20,000 characters or fewer");
    expect(letters()).toEqual([]);
    expect(uploads()).toEqual([]);
    expect(mailbox.messages).toEqual([]);
  });

  it("refuses each kind of bad upload with its own message, keeps what was typed, and leaves no row and no file", async () => {
    const cases: { file?: Upload; status: number[]; message: string }[] = [
      { file: { name: "letter.pdf", content: Buffer.alloc(0) }, status: [400], message: "The selected file is empty" },
      { file: { name: "letter.pdf", content: oversizePdf() }, status: [400, 413], message: "The selected file must be 10 MB or smaller" },
      { file: { name: "letter.pdf", content: pngFile() }, status: [400], message: "The selected file must be a PDF" },
      { file: { name: "letter.pdf", content: htmlFile(), type: "text/html" }, status: [400], message: "The selected file must be a PDF" },
      { status: [400], message: "Write your letter, or attach it as a PDF" },
    ];
    for (const { file, status, message } of cases) {
      const response = await postLetter({ ...validLetter, body: "" }, { file });
      expect(status, message).toContain(response.status);
      const html = await response.text();
      expect(textOf(html), message).toContain(message);
      expect(html).toContain('value="Dr Ama Mensah"');
      expect(html).toContain('value="Professor of Social Care"');
      expect(html).toMatch(/<option value="GH" selected="">Ghana<\/option>/);
      expect(letters()).toEqual([]);
      expect(uploads()).toEqual([]);
    }
    expect(mailbox.messages).toEqual([]);
  });

  it("asks for a good PDF again when another field is wrong, and keeps no copy of it", async () => {
    const response = await postLetter({ ...validLetter, email: "" }, { file: { name: "letter.pdf", content: pdfFile() } });
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("Enter your email address");
    expect(text).toContain("Choose your PDF again");
    expect(uploads()).toEqual([]);
    expect(letters()).toEqual([]);
  });

  it("replaces an unconfirmed letter sent again from the same address, with a new link, at most 5 mails", async () => {
    await postLetter(validLetter, { file: { name: "first.pdf", content: pdfFile("First") } });
    const [firstMail] = await mailbox.waitFor(1, "ama@example.org");
    const second = await postLetter({ ...validLetter, email: "ama@example.org", body: "Second version" });
    expect(second.headers.get("location")).toBe("/c/fair-care-now/support/check-email");
    await mailbox.waitFor(2, "ama@example.org");

    const [row] = letters();
    expect(letters()).toHaveLength(1);
    expect(row).toMatchObject({ body: "Second version", pdf_file: null, mails_sent: 2, status: "unconfirmed" });
    expect(uploads()).toEqual([]); // the first letter's PDF went with it
    expect((await fetch(confirmLink(firstMail))).status).toBe(404);

    for (let i = 0; i < 4; i += 1) await postLetter(validLetter);
    await mailbox.waitFor(5, "ama@example.org");
    await new Promise((r) => setTimeout(r, 1000));
    expect(mailbox.messages).toHaveLength(5);
    expect(letters()).toHaveLength(1);
    expect(letters()[0].mails_sent).toBe(5);
  });

  it("answers a broken or cut-off upload with a 4xx or a dropped connection, never a 500, and keeps nothing of it", async () => {
    const garbage = await fetch(`${app.url}/c/fair-care-now/support/new`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 and then nothing",
    });
    expect(garbage.status).toBe(400);

    // The browser goes away half-way through the file.
    const boundary = "cutoff";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="authorName"\r\n\r\nAma\r\n--${boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    await new Promise<void>((resolve) => {
      const request = http.request(`${app.url}/c/fair-care-now/support/new`, {
        method: "POST",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.length + 5_000_000) },
      });
      request.on("error", () => resolve());
      request.on("response", () => resolve());
      request.write(head);
      request.write(pdfFile("Half", { padTo: 2_000_000 }), () => setTimeout(() => request.destroy(), 300));
    });
    const deadline = Date.now() + 15_000; // the server sees the connection go as soon as it reads on
    while (uploads().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(uploads()).toEqual([]);
    expect(letters()).toEqual([]);
    expect(app.logs()).not.toMatch(/"level":50/);
    expect((await page("/c/fair-care-now/support/new")).status).toBe(200); // the server is still up
  });

  it("slows down a flood of letters from one network address, keeping what was typed", async () => {
    for (let i = 0; i < 10; i += 1) expect((await postLetter({ ...validLetter, email: `writer${i}@example.org` })).status).toBe(302);
    const refused = await postLetter({ ...validLetter, email: "late@example.org" });
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(textOf(html)).toContain("Too many letters have come from your network in the last few minutes");
    expect(html).toContain('value="late@example.org"');
    expect(letters()).toHaveLength(10);
  });

  it("tells a bot that fills the hidden field it succeeded, and stores nothing", async () => {
    const response = await postLetter({ ...validLetter, website: "https://spam.example" });
    expect(response.status).toBe(302);
    expect(letters()).toEqual([]);
  });

  it("takes letters only for open campaigns: closed says so, drafts and unknown addresses are not found", async () => {
    const closed = await page("/c/old-letter/support/new");
    expect(closed.status).toBe(200);
    expect(textOf(closed.html)).toContain("This campaign is closed. It is no longer collecting letters of support.");
    expect(closed.html).not.toContain('name="authorName"');
    const posted = await postLetter(validLetter, { to: "/c/old-letter/support/new" });
    expect(posted.status).toBe(403);
    expect(textOf(await posted.text())).toContain("It is no longer collecting letters of support");

    for (const slug of ["secret-draft", "no-such-campaign"]) {
      expect((await page(`/c/${slug}/support/new`)).status).toBe(404);
      expect((await postLetter(validLetter, { to: `/c/${slug}/support/new` })).status).toBe(404);
    }
    expect(letters()).toEqual([]);
  });
});

describe("letters of support by invitation only", () => {
  function invite(slug: string, { name = "Prof. Kofi Boateng", email = "kofi@example.org" } = {}) {
    const token = crypto.randomBytes(32).toString("base64url");
    const owner = query<{ id: number }>(app, "SELECT id FROM users WHERE email = 'owner@example.org'")[0];
    const userId = owner?.id ?? Number(execute(app, "INSERT INTO users (email, role, created_at) VALUES ('owner@example.org', 'campaigner', ?)", new Date().toISOString()).lastInsertRowid);
    const id = Number(
      execute(app, 
        "INSERT INTO support_invitations (campaign_id, name, email, token_hash, invited_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        campaignId(slug),
        name,
        email,
        sha256(token),
        userId,
        new Date().toISOString(),
      ).lastInsertRowid,
    );
    return { id, token };
  }

  beforeEach(() => {
    execute(app, "UPDATE campaigns SET support_letters = 'invitation' WHERE slug = 'fair-care-now'");
  });

  it("answers 403 without a valid invitation, and says so plainly", async () => {
    const form = await page("/c/fair-care-now/support/new");
    expect(form.status).toBe(403);
    expect(textOf(form.html)).toContain("This campaign takes letters of support by invitation only.");
    expect(form.html).not.toContain('name="authorName"');
    expect((await page(`/c/fair-care-now/support/new?invitation=${"a".repeat(43)}`)).status).toBe(403);
    const otherCampaign = invite("old-letter");
    expect((await page(`/c/fair-care-now/support/new?invitation=${otherCampaign.token}`)).status).toBe(403);

    const posted = await postLetter(validLetter);
    expect(posted.status).toBe(403);
    expect(letters()).toEqual([]);
  });

  it("works with an open invitation: fills in the invitee, stores the invitation and marks it answered", async () => {
    const { id, token } = invite("fair-care-now");
    const form = await page(`/c/fair-care-now/support/new?invitation=${token}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Prof. Kofi Boateng"');
    expect(form.html).toContain('value="kofi@example.org"');
    expect(form.html).toContain(`action="/c/fair-care-now/support/new?invitation=${token}"`);

    const { authorName, email, ...rest } = validLetter;
    const response = await postLetter({ ...rest, authorName: "Prof. Kofi Boateng", email: "kofi@example.org" }, { to: `/c/fair-care-now/support/new?invitation=${token}` });
    expect(response.status).toBe(302);
    expect(letters()[0]).toMatchObject({ invitation_id: id, email: "kofi@example.org", status: "unconfirmed" });
    expect(query(app, "SELECT answered_at FROM support_invitations WHERE id = ?", id)[0].answered_at).toBeTruthy();

    // Used once, the link no longer opens the form.
    expect((await page(`/c/fair-care-now/support/new?invitation=${token}`)).status).toBe(403);
    const again = await postLetter(validLetter, { to: `/c/fair-care-now/support/new?invitation=${token}` });
    expect(again.status).toBe(403);
    expect(letters()).toHaveLength(1);
  });

  it("refuses a cancelled invitation", async () => {
    const { id, token } = invite("fair-care-now");
    execute(app, "UPDATE support_invitations SET cancelled_at = ? WHERE id = ?", new Date().toISOString(), id);
    expect((await page(`/c/fair-care-now/support/new?invitation=${token}`)).status).toBe(403);
    expect((await postLetter(validLetter, { to: `/c/fair-care-now/support/new?invitation=${token}` })).status).toBe(403);
    expect(letters()).toEqual([]);
  });
});

describe("the public letters of support", () => {
  let at = Date.parse("2026-11-01T10:00:00Z");

  /** A letter as the moderation would leave it; `pdf` writes its file to the uploads folder. */
  function addLetter(fields: { slug?: string; name: string; country: string; status: string; body?: string | null; pdf?: Buffer; email?: string }) {
    const pdfFileName = fields.pdf ? storeUpload(fields.pdf) : null;
    at += 60_000;
    const when = new Date(at).toISOString();
    return Number(
      execute(app, 
        `INSERT INTO support_letters (campaign_id, author_name, email, role, organisation, country, body, pdf_file, pdf_bytes, pdf_sha256,
           consent_at, status, decided_at, created_at, updated_at)
         VALUES (?, ?, ?, 'Social worker', 'Care Union', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        campaignId(fields.slug ?? "fair-care-now"),
        fields.name,
        fields.email ?? `${fields.name.split(" ")[0].toLowerCase()}@example.org`,
        fields.country,
        fields.body === undefined ? "We support this." : fields.body,
        pdfFileName,
        fields.pdf?.length ?? null,
        fields.pdf ? sha256(fields.pdf) : null,
        when,
        fields.status,
        fields.status === "approved" ? when : null,
        when,
        when,
      ).lastInsertRowid,
    );
  }

  it("shows only approved letters, newest first, with an opening and never an email", async () => {
    const long = `# A heading\n\nWe **strongly** support <script>alert(1)</script> this letter. ${"Fair pay matters to every care worker. ".repeat(10)}`;
    const ama = addLetter({ name: "Ama Mensah", country: "GH", status: "approved", body: long });
    const pdfOnly = addLetter({ name: "Lena Berg", country: "SE", status: "approved", body: null, pdf: pdfFile() });
    addLetter({ name: "Pending Person", country: "FR", status: "pending" });
    addLetter({ name: "Rejected Person", country: "FR", status: "rejected" });
    addLetter({ name: "Sent Back", country: "FR", status: "sent_back" });
    addLetter({ name: "Unconfirmed Person", country: "FR", status: "unconfirmed" });
    addLetter({ name: "Other Campaign", country: "FR", status: "approved", slug: "old-letter" });

    const list = await page("/c/fair-care-now/support");
    expect(list.status).toBe(200);
    const text = textOf(list.html);
    expect(text).toContain("Lena Berg");
    expect(text.indexOf("Lena Berg")).toBeLessThan(text.indexOf("Ama Mensah"));
    for (const hidden of ["Pending Person", "Rejected Person", "Sent Back", "Unconfirmed Person", "Other Campaign"]) expect(text).not.toContain(hidden);
    expect(text).toContain("Social worker, Care Union, Ghana");
    expect(text).toContain("Social worker, Care Union, Sweden");
    expect(text).toContain("Letter attached as a PDF");
    expect(text).toMatch(/A heading We strongly support &lt;script&gt;alert\(1\)&lt;\/script&gt; this letter\. Fair pay matters[^…]{50,150}…/);
    expect(list.html).not.toContain("<script>alert");
    expect(list.html).toContain(`href="/c/fair-care-now/support/${ama}"`);
    expect(list.html).toContain(`href="/c/fair-care-now/support/${pdfOnly}"`);
    expect(list.html).not.toMatch(/@example\.org/);

    const one = await page(`/c/fair-care-now/support/${ama}`);
    expect(one.status).toBe(200);
    expect(one.html).toContain("<strong>strongly</strong>");
    expect(one.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(textOf(one.html)).toContain("Letter of support from Ama Mensah");
    expect(textOf(one.html)).toContain("Social worker, Care Union, Ghana");
    expect(one.html).not.toMatch(/@example\.org/);
    expect(one.html).not.toContain("letter.pdf");
    const withPdf = await page(`/c/fair-care-now/support/${pdfOnly}`);
    expect(withPdf.html).toContain(`href="/c/fair-care-now/support/${pdfOnly}/letter.pdf"`);
    expect(textOf(withPdf.html)).toMatch(/Read the letter as a PDF \(PDF, \d+ KB\)/);
  });

  it("answers 404 for a letter not approved, of another campaign, or not a number", async () => {
    const pending = addLetter({ name: "Pending Person", country: "FR", status: "pending", pdf: pdfFile() });
    const other = addLetter({ name: "Other Campaign", country: "FR", status: "approved", slug: "old-letter", pdf: pdfFile() });
    for (const pathname of [
      `/c/fair-care-now/support/${pending}`,
      `/c/fair-care-now/support/${pending}/letter.pdf`,
      `/c/fair-care-now/support/${other}`,
      `/c/fair-care-now/support/${other}/letter.pdf`,
      "/c/fair-care-now/support/abc",
      "/c/fair-care-now/support/1e3/letter.pdf",
      "/c/secret-draft/support",
    ]) {
      expect((await page(pathname)).status, pathname).toBe(404);
    }
    expect((await page(`/c/old-letter/support/${other}`)).status).toBe(200);
  });

  it("serves an approved letter's PDF as application/pdf", async () => {
    const pdf = pdfFile("Published");
    const id = addLetter({ name: "Lena Berg", country: "SE", status: "approved", pdf });
    const response = await fetch(`${app.url}/c/fair-care-now/support/${id}/letter.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe('inline; filename="Letter of support - Lena Berg.pdf"');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(pdf);
  });

  it("pages the list 50 at a time", async () => {
    for (let i = 1; i <= 52; i += 1) addLetter({ name: `Author ${String(i).padStart(2, "0")}`, country: "GB", status: "approved" });
    const first = textOf((await page("/c/fair-care-now/support")).html);
    expect(first).toContain("Page 1 of 2");
    expect(first).toContain("Author 52");
    expect(first).not.toContain("Author 02");
    const second = await page("/c/fair-care-now/support?page=2");
    expect(textOf(second.html)).toContain("Author 01");
    expect(textOf(second.html)).not.toContain("Author 03");
    expect(second.html).toContain('href="/c/fair-care-now/support?page=1"');
  });

  it("sums up the letters and their countries on the campaign page, with the way to write one", async () => {
    const before = textOf((await page("/c/fair-care-now")).html);
    expect(before).not.toContain("letter of support from");
    expect(before).toContain("Write a letter of support");

    addLetter({ name: "Ama Mensah", country: "GH", status: "approved" });
    addLetter({ name: "Kofi Boateng", country: "GH", status: "approved" });
    addLetter({ name: "Lena Berg", country: "SE", status: "approved" });
    addLetter({ name: "Pending Person", country: "FR", status: "pending" });
    addLetter({ name: "Old Friend", country: "IE", status: "approved", slug: "old-letter" });

    const open = await page("/c/fair-care-now");
    expect(textOf(open.html)).toContain("3 letters of support from 2 countries");
    expect(open.html).toContain('href="/c/fair-care-now/support"');
    expect(open.html).toContain('href="/c/fair-care-now/support/new"');

    const closed = await page("/c/old-letter");
    expect(textOf(closed.html)).toContain("1 letter of support from 1 country");
    expect(closed.html).not.toContain("Write a letter of support");

    execute(app, "UPDATE campaigns SET support_letters = 'invitation' WHERE slug = 'fair-care-now'");
    expect((await page("/c/fair-care-now")).html).not.toContain("Write a letter of support");
  });
});

describe("revising a letter sent back", () => {
  function sentBack({ pdf }: { pdf?: Buffer } = {}) {
    const token = crypto.randomBytes(32).toString("base64url");
    const file = pdf ? storeUpload(pdf) : null;
    const when = "2026-11-20T10:00:00.000Z";
    const id = Number(
      execute(app, 
        `INSERT INTO support_letters (campaign_id, author_name, email, role, organisation, country, body, body_sha256, pdf_file, pdf_bytes, pdf_sha256,
           consent_at, status, moderation_note, revise_token_hash, created_at, updated_at, confirmed_at, mails_sent)
         VALUES (?, 'Ama Mensah', 'ama@example.org', 'Professor', NULL, 'GH', 'First draft', ?, ?, ?, ?, ?, 'sent_back', ?, ?, ?, ?, ?, 1)`,
        campaignId("fair-care-now"),
        sha256("First draft"),
        file,
        pdf?.length ?? null,
        pdf ? sha256(pdf) : null,
        when,
        "Please name your organisation <b>in full</b>.",
        sha256(token),
        when,
        when,
        when,
      ).lastInsertRowid,
    );
    return { id, token, file };
  }

  it("shows the note and the letter, saves the revision as pending, and is then used up", async () => {
    const oldPdf = pdfFile("Old");
    const { id, token, file } = sentBack({ pdf: oldPdf });
    const form = await page(`/support/revise/${token}`);
    expect(form.status).toBe(200);
    const text = textOf(form.html);
    expect(text).toContain("Please name your organisation &lt;b&gt;in full&lt;/b&gt;.");
    expect(form.html).not.toContain("<b>in full</b>");
    expect(form.html).toContain("First draft</textarea>");
    expect(form.html).toContain('value="Ama Mensah"');
    expect(text).toMatch(/Your letter has a PDF attached \(PDF, \d+ KB\)/);
    expect(form.html).not.toContain("ama@example.org");

    // A problem keeps the letter as it was.
    const bad = await postLetter({ authorName: "", country: "GH", body: "Revised" }, { to: `/support/revise/${token}` });
    expect(bad.status).toBe(400);
    expect(textOf(await bad.text())).toContain("Enter your full name");
    expect(letters()[0]).toMatchObject({ status: "sent_back", body: "First draft" });

    const newPdf = pdfFile("New");
    const saved = await postLetter(
      { authorName: "Ama Mensah", role: "Professor", organisation: "University of Ghana", country: "GH", body: "Revised\r\nletter", consent: "on" },
      { to: `/support/revise/${token}`, file: { name: "new.pdf", content: newPdf } },
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/c/fair-care-now/support/revised");
    const [row] = letters();
    expect(row).toMatchObject({
      id,
      status: "pending",
      revise_token_hash: null,
      organisation: "University of Ghana",
      body: "Revised\nletter",
      body_sha256: sha256("Revised\nletter"),
      pdf_bytes: newPdf.length,
      pdf_sha256: sha256(newPdf),
      email: "ama@example.org",
    });
    expect(row.updated_at).not.toBe("2026-11-20T10:00:00.000Z");
    expect(uploads()).toEqual([row.pdf_file]); // the old PDF is gone
    expect(row.pdf_file).not.toBe(file);
    expect(textOf((await page("/c/fair-care-now/support/revised")).html)).toContain("Revised letter sent");
    expect(mailbox.messages).toEqual([]); // the address was confirmed already

    const used = await page(`/support/revise/${token}`);
    expect(used.status).toBe(404);
    expect(textOf(used.html)).toContain("each link to revise a letter works once");
    expect((await postLetter({ authorName: "X", country: "GH", body: "Again", consent: "on" }, { to: `/support/revise/${token}` })).status).toBe(404);
    expect(letters()[0].body).toBe("Revised\nletter");
    expect((await page(`/support/revise/${"b".repeat(43)}`)).status).toBe(404);
  });

  it("keeps the PDF unless it is replaced or removed, and then needs a text", async () => {
    const pdf = pdfFile("Kept");
    const kept = sentBack({ pdf });
    const keep = await postLetter({ authorName: "Ama Mensah", country: "GH", consent: "on" }, { to: `/support/revise/${kept.token}` });
    expect(keep.status).toBe(302);
    expect(letters()[0]).toMatchObject({ pdf_file: kept.file, pdf_sha256: sha256(pdf), body: null, status: "pending" });

    const removed = sentBack({ pdf: pdfFile("Removed") });
    const noText = await postLetter({ authorName: "Ama Mensah", country: "GH", consent: "on", removePdf: "on" }, { to: `/support/revise/${removed.token}` });
    expect(noText.status).toBe(400);
    expect(textOf(await noText.text())).toContain("Write your letter, or attach it as a PDF");
    const remove = await postLetter(
      { authorName: "Ama Mensah", country: "GH", consent: "on", removePdf: "on", body: "Text instead" },
      { to: `/support/revise/${removed.token}` },
    );
    expect(remove.status).toBe(302);
    expect(letters()[1]).toMatchObject({ pdf_file: null, pdf_bytes: null, body: "Text instead" });
    expect(uploads()).toEqual([kept.file]);
  });
});
