import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { getCount, postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { pdfFile } from "../helpers/pdf";
import { browser, type Browser, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;

withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true });

const LINK_SUBJECT = "Your link to see your information on Undersigned";
const SLUG = "fair-care-now";

/** The /my-data mails to `to` that have arrived so far. */
const linkMails = (to: string) =>
  mailbox.messages.filter((m) => m.subject?.includes("Undersigned") && (m.text ?? "").includes("/my-data/") && JSON.stringify(m.to).toLowerCase().includes(to));

async function waitForLinkMail(to: string, count = 1): Promise<ParsedMail> {
  const deadline = Date.now() + 15_000;
  while (linkMails(to).length < count) {
    if (Date.now() > deadline) throw new Error(`no /my-data mail to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return linkMails(to)[count - 1];
}

const linkPath = (mail: ParsedMail) => new URL(mail.text!.match(/https?:\/\/\S+\/my-data\/[\w-]{43}/)![0]).pathname;

/** Signs the open campaign and confirms by the emailed link. */
async function signAndConfirm(fields: Record<string, string>) {
  expect((await postSignature(app, SLUG, { ...validSignature, ...fields })).status).toBe(302);
  const mail = (await mailbox.waitFor(1, fields.email)).find((m) => m.subject?.startsWith("Confirm your signature"))!;
  expect((await fetch(verifyLink(mail))).status).toBe(200);
}

const campaignId = (slug: string) => query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;

function insertLetter(fields: Record<string, string | number | null>) {
  const at = new Date().toISOString();
  const row = {
    campaign_id: campaignId(SLUG),
    author_name: "Dr Cara Price",
    email: "cara@example.org",
    role: "Professor of Social Care",
    organisation: "Cardiff University",
    country: "GB",
    body: "I support this letter.",
    consent_at: at,
    status: "pending",
    created_at: at,
    updated_at: at,
    confirmed_at: at,
    ...fields,
  };
  const columns = Object.keys(row);
  const result = execute(app, `insert into support_letters (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`, ...Object.values(row));
  return Number(result.lastInsertRowid);
}

/** Asks for a link for `email` and opens it: a browser holding the /my-data session. */
async function openMyData(email: string, count = 1): Promise<Browser> {
  const get = browser(app);
  expect((await get("/my-data", form({ email }))).headers.get("location")).toBe("/my-data/sent");
  const mail = await waitForLinkMail(email.toLowerCase(), count);
  const opened = await get(linkPath(mail), form({}));
  expect(opened.status).toBe(302);
  expect(opened.headers.get("location")).toBe("/my-data/yours");
  return get;
}

describe("asking for a link", () => {
  it("says the same for a known and an unknown address, and mails only the known one, in the page's language", async () => {
    await signAndConfirm({ email: "ann@example.org" });
    const known = await fetch(`${app.url}/my-data`, { method: "POST", body: new URLSearchParams({ email: " Ann@Example.org " }), redirect: "manual" });
    const unknown = await fetch(`${app.url}/my-data`, { method: "POST", body: new URLSearchParams({ email: "nobody@example.org" }), redirect: "manual" });
    expect([known.status, unknown.status]).toEqual([302, 302]);
    expect(known.headers.get("location")).toBe("/my-data/sent");
    expect(unknown.headers.get("location")).toBe("/my-data/sent");
    expect(known.headers.get("set-cookie")).toBeNull();
    expect(unknown.headers.get("set-cookie")).toBeNull();

    const sent = await fetch(`${app.url}/my-data/sent`);
    expect(sent.headers.get("cache-control")).toBe("private, no-store");
    expect(textOf(await sent.text())).toContain("If we hold anything for that address, we have sent a link to it. It works once, for 15 minutes.");

    const mail = await waitForLinkMail("ann@example.org");
    expect(mail.subject).toBe(LINK_SUBJECT);
    expect(mail.text).toContain("It works once, for 15 minutes");
    await new Promise((r) => setTimeout(r, 800));
    expect(linkMails("nobody@example.org")).toHaveLength(0);
    expect(query(app, "select count(*) as n from outbox where recipient = 'nobody@example.org'")[0]).toEqual({ n: 0 });
    expect(query(app, "select count(*) as n from my_data_links where email = 'nobody@example.org'")[0]).toEqual({ n: 0 });
    const [link] = query<{ email: string; token_hash: string; created_at: string; expires_at: string; language: string }>(app, "select * from my_data_links");
    expect(link).toMatchObject({ email: "ann@example.org", language: "en" });
    expect(link.token_hash).toBe(crypto.createHash("sha256").update(linkPath(mail).split("/").pop()!).digest("hex"));
    expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(15 * 60_000);

    // From the Welsh page, the mail is Welsh and its link leads to the Welsh page.
    const welshForm = textOf(await (await fetch(`${app.url}/cy/my-data`)).text());
    expect(welshForm).toContain("Gweld neu ddileu eich gwybodaeth");
    const welsh = await fetch(`${app.url}/cy/my-data`, { method: "POST", body: new URLSearchParams({ email: "ann@example.org" }), redirect: "manual" });
    expect(welsh.headers.get("location")).toBe("/cy/my-data/sent");
    const cy = await waitForLinkMail("ann@example.org", 2);
    expect(cy.subject).toBe("Eich dolen i weld eich gwybodaeth ar Undersigned");
    expect(linkPath(cy)).toMatch(/^\/cy\/my-data\//);
  });

  it("refuses an address that is not one, with a message", async () => {
    const response = await fetch(`${app.url}/my-data`, { method: "POST", body: new URLSearchParams({ email: "not an address" }), redirect: "manual" });
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain("Enter an email address in the correct format");
  });
});

describe("the link", () => {
  it("works once, only within 15 minutes, and opens a short session in its own cookie", async () => {
    await signAndConfirm({ email: "ann@example.org" });
    const get = browser(app);
    await get("/my-data", form({ email: "ann@example.org" }));
    const link = linkPath(await waitForLinkMail("ann@example.org"));

    // Opening it (as a mail scanner would) uses nothing: only the button does.
    const opened = await get(link);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("cache-control")).toBe("private, no-store");
    expect(opened.headers.get("referrer-policy")).toBe("no-referrer");
    expect(textOf(await opened.text())).toContain("Show my data");
    const pressed = await get(link, form({}));
    expect(pressed.status).toBe(302);
    const cookie = pressed.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__my_data=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=1800/);
    const [row] = query<{ used_at: string; session_hash: string; session_expires_at: string }>(app, "select used_at, session_hash, session_expires_at from my_data_links");
    expect(row.session_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(row.session_expires_at) - Date.parse(row.used_at)).toBe(30 * 60_000);
    expect((await get("/my-data/yours")).status).toBe(200);

    // Used: a second press fails, and so does opening it again.
    const again = await browser(app)(link, form({}));
    expect(again.status).toBe(410);
    expect(textOf(await again.text())).toContain("This link no longer works");
    expect((await fetch(`${app.url}${link}`)).status).toBe(410);

    // Out of date: another link, its 15 minutes passed.
    await get("/my-data", form({ email: "ann@example.org" }));
    const late = linkPath(await waitForLinkMail("ann@example.org", 2));
    execute(app, "update my_data_links set expires_at = ? where used_at is null", new Date(Date.now() - 1000).toISOString());
    const refused = await browser(app)(late, form({}));
    expect(refused.status).toBe(410);
    expect(textOf(await refused.text())).toContain("Ask for a new link");

    // Made up.
    expect((await browser(app)(`/my-data/${"x".repeat(43)}`, form({}))).status).toBe(410);
    expect((await browser(app)("/my-data/short", form({}))).status).toBe(410);

    // A new link clears the rows that open nothing any more (they hold the address), not a live session.
    await get("/my-data", form({ email: "ann@example.org" }));
    await waitForLinkMail("ann@example.org", 3);
    expect(query(app, "select count(*) as n from my_data_links where expires_at <= ? and session_hash is null", new Date().toISOString())[0]).toEqual({ n: 0 });
    expect((await get("/my-data/yours")).status).toBe(200);

    // Without the session, or once it has ended, the data page and the download say so.
    const stranger = await browser(app)("/my-data/yours");
    expect(stranger.status).toBe(403);
    expect(textOf(await stranger.text())).toContain("This page has closed");
    expect((await browser(app)("/my-data/yours.json")).status).toBe(403);
    execute(app, "update my_data_links set session_expires_at = ? where session_hash is not null", new Date(Date.now() - 1000).toISOString());
    expect((await get("/my-data/yours")).status).toBe(403);
  });
});

describe("seeing and erasing", () => {
  it("lists and downloads everything held for the address, and nothing of anyone else's", async () => {
    await signAndConfirm({ email: "cara@example.org", name: "Cara Price", signerType: "organisation", organisation: "Care Cymru", role: "Director", location: "Swansea", comment: "Pay them fairly.", updates: "on" });
    await signAndConfirm({ email: "dan@example.org", name: "Dan Other", location: "Newport", comment: "Dan's own words" });
    insertLetter({ status: "approved", body: "My published letter." });
    insertLetter({ status: "unconfirmed", body: null, pdf_file: "0123456789abcdef0123456789abcdef.pdf", pdf_bytes: 100, pdf_sha256: "0".repeat(64), confirmed_at: null });
    insertLetter({ email: "dan@example.org", author_name: "Dan Other", status: "approved", body: "Dan's letter." });
    const admin = await signInAs(app, "admin@example.org", "admin");
    await signInAs(app, "Cara@example.org", "campaigner");
    execute(app, "update users set name = 'Cara P' where email = 'cara@example.org'");
    const adminId = query<{ id: number }>(app, "select id from users where email = 'admin@example.org'")[0].id;
    execute(app, "insert into support_invitations (campaign_id, email, token_hash, invited_by, created_at) values (?, 'cara@example.org', ?, ?, ?)", campaignId(SLUG), "a".repeat(64), adminId, new Date().toISOString());
    void admin;

    const get = await openMyData("CARA@example.org");
    const response = await get("/my-data/yours");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const page = textOf(await response.text());
    expect(page).toContain("This is everything we hold for cara@example.org.");
    for (const seen of ["Fair care now", "Cara Price", "Care Cymru", "Director", "Swansea", "Pay them fairly.", "Confirmed", "An organisation", "Online"]) expect(page).toContain(seen);
    expect(page).toContain("My published letter.");
    expect(page).toContain("Published");
    expect(page).toContain("Not confirmed by email");
    expect(page).toContain("You sent your letter as a PDF file.");
    expect(page).toContain("You asked for news about:");
    expect(page).toContain("Cara P");
    expect(page).toContain("Campaigner");
    expect(page).toContain("To write a letter of support for “Fair care now”");
    for (const other of ["Dan", "dan@example.org", "admin@example.org"]) expect(page).not.toContain(other);

    const download = await get("/my-data/yours.json");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toMatch(/^application\/json/);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="my-data.json"');
    const raw = await download.text();
    const json = JSON.parse(raw);
    expect(json.email).toBe("cara@example.org");
    expect(json.signatures).toEqual([
      expect.objectContaining({
        campaign: { slug: SLUG, title: "Fair care now" },
        name: "Cara Price",
        signerType: "organisation",
        organisation: "Care Cymru",
        role: "Director",
        town: "Swansea",
        comment: "Pay them fairly.",
        nameShownPublicly: true,
        wantsNews: true,
        source: "online",
        confirmed: true,
      }),
    ]);
    expect(json.supportLetters.map((l: { status: string; text: string | null; pdfSent: boolean }) => [l.status, l.text, l.pdfSent])).toEqual([
      ["approved", "My published letter.", false],
      ["unconfirmed", null, true],
    ]);
    expect(json.newsSubscriptions).toEqual([{ campaign: { slug: SLUG, title: "Fair care now" } }]);
    expect(json.account).toMatchObject({ email: "cara@example.org", name: "Cara P", role: "campaigner" });
    expect(json.invitations).toEqual([expect.objectContaining({ kind: "support", campaign: { slug: SLUG, title: "Fair care now" } })]);
    for (const other of ["Dan", "dan@example.org", "admin@example.org", "127.0.0.1"]) expect(raw).not.toContain(other);
    expect(raw).not.toMatch(/ip_?address|flag/i);
  });

  it("erases everything on confirmation: signatures leave the count, letters as chosen, the account cannot sign in, the audit keeps counts only", async () => {
    await signAndConfirm({ email: "cara@example.org", name: "Cara Price" });
    await signAndConfirm({ email: "dan@example.org", name: "Dan Other" });
    await waitForCount(app, SLUG, 2);
    const approved = insertLetter({ status: "approved" });
    const pending = insertLetter({ status: "pending" });
    const dans = insertLetter({ email: "dan@example.org", author_name: "Dan Other", status: "approved" });
    const admin = await signInAs(app, "admin@example.org", "admin");
    const cara = await signInAs(app, "cara@example.org", "campaigner");
    expect((await cara("/workspace")).status).toBe(200);
    const caraId = query<{ id: number }>(app, "select id from users where email = 'cara@example.org'")[0].id;

    const get = await openMyData("cara@example.org");
    const confirmPage = await get("/my-data/erase");
    expect(confirmPage.status).toBe(200);
    const confirmText = textOf(await confirmPage.text());
    expect(confirmText).toContain("Also withdraw my published letters of support: they come off the public page and out of later packs");
    expect(confirmText).toContain("Your account is erased.");

    // The question must be answered.
    const unanswered = await get("/my-data/erase", form({}));
    expect(unanswered.status).toBe(400);
    expect(textOf(await unanswered.text())).toContain("Choose yes or no");
    expect(query(app, "select count(*) as n from signatures where email = 'cara@example.org'")[0]).toEqual({ n: 1 });

    const erased = await get("/my-data/erase", form({ withdrawApproved: "no" }));
    expect(erased.status).toBe(302);
    const location = erased.headers.get("location")!;
    expect(location).toMatch(/^\/my-data\/erased\?/);
    expect(erased.headers.get("set-cookie")).toMatch(/__my_data=;.*Max-Age=0/i);
    const done = textOf(await (await get(location)).text());
    expect(done).toContain("Your information has been erased");
    expect(done).toContain("Signatures withdrawn: 1");
    expect(done).toContain("Letters of support deleted: 1");
    expect(done).toContain("Published letters of support kept, as you chose: 1");
    expect(done).toContain("Your account has been erased.");

    // Signatures leave the count; the letter not approved is gone, the approved one kept as chosen.
    await waitForCount(app, SLUG, 1);
    expect(query(app, "select count(*) as n from signatures where email = 'cara@example.org'")[0]).toEqual({ n: 0 });
    // The record of her confirmation mail, sent before, no longer holds her address; Dan's does.
    expect(query(app, "select count(*) as n from outbox where template = 'verify-signature' and recipient = 'cara@example.org'")[0]).toEqual({ n: 0 });
    expect(query(app, "select count(*) as n from outbox where template = 'verify-signature' and recipient = 'dan@example.org'")[0]).toEqual({ n: 1 });
    expect(query<{ id: number }>(app, "select id from support_letters order by id").map((r) => r.id)).toEqual([approved, dans]);
    void pending;

    // The account: no address, no name, no sessions; it cannot sign in, and is no one on the people page.
    const [user] = query<{ email: string; name: string | null; erased_at: string | null }>(app, "select email, name, erased_at from users where id = ?", caraId);
    expect(user).toMatchObject({ email: `erased-${caraId}@erased.invalid`, name: null });
    expect(user.erased_at).toBeTruthy();
    expect((await cara("/workspace")).status).toBe(302);
    expect(query(app, "select count(*) as n from sessions where user_id = ?", caraId)[0]).toEqual({ n: 0 });
    const before = mailbox.messages.length;
    for (const email of ["cara@example.org", `erased-${caraId}@erased.invalid`]) {
      expect((await browser(app)("/sign-in", form({ email }))).status).toBeLessThan(500);
    }
    await new Promise((r) => setTimeout(r, 800));
    expect(mailbox.messages.slice(before)).toHaveLength(0);
    const people = textOf(await (await admin("/workspace/people")).text());
    expect(people).toContain("admin@example.org");
    expect(people).not.toContain("erased");

    // The session has ended, and every link for the address is gone.
    expect((await get("/my-data/yours")).status).toBe(403);
    expect(query(app, "select count(*) as n from my_data_links")[0]).toEqual({ n: 0 });

    // Audited, with counts only.
    const audit = query<{ user_id: number | null; before: string | null; after: string }>(app, "select user_id, before, after from audit_log where action = 'privacy.erase'");
    expect(audit).toHaveLength(1);
    expect(audit[0].user_id).toBeNull();
    expect(JSON.parse(audit[0].after)).toMatchObject({ signatures: 1, supportLetters: 1, supportLettersKept: 1, account: "erased" });
    expect(`${audit[0].before}${audit[0].after}`).not.toMatch(/cara|example\.org/i);

    // Dan is untouched.
    expect(query(app, "select name from signatures where email = 'dan@example.org'")).toEqual([{ name: "Dan Other" }]);
    expect((await getCount(app, SLUG)).count).toBe(1);
  });

  it("withdraws published letters too when asked, and deletes their PDF files", async () => {
    const uploads = path.join(app.dataDir, "uploads");
    fs.mkdirSync(uploads, { recursive: true });
    const file = `${crypto.randomBytes(16).toString("hex")}.pdf`;
    fs.writeFileSync(path.join(uploads, file), pdfFile());
    const letter = insertLetter({ email: "eve@example.org", author_name: "Eve Writer", status: "approved", body: null, pdf_file: file, pdf_bytes: 100, pdf_sha256: "0".repeat(64) });
    expect((await fetch(`${app.url}/c/${SLUG}/support/${letter}`)).status).toBe(200);

    const get = await openMyData("eve@example.org");
    const erased = await get("/my-data/erase", form({ withdrawApproved: "yes" }));
    expect(erased.status).toBe(302);
    const done = textOf(await (await get(erased.headers.get("location")!)).text());
    expect(done).toContain("Letters of support deleted: 1");
    expect(done).not.toContain("kept");
    expect(query(app, "select count(*) as n from support_letters")[0]).toEqual({ n: 0 });
    expect(fs.existsSync(path.join(uploads, file))).toBe(false);
    expect((await fetch(`${app.url}/c/${SLUG}/support/${letter}`)).status).toBe(404);
  });

  it("keeps the last admin's account, and says why", async () => {
    const boss = await signInAs(app, "boss@example.org", "admin");
    const get = await openMyData("boss@example.org");
    const confirmText = textOf(await (await get("/my-data/erase")).text());
    expect(confirmText).toContain("Your account will be kept, because it is the only admin account");
    const erased = await get("/my-data/erase", form({ withdrawApproved: "no" }));
    const done = textOf(await (await get(erased.headers.get("location")!)).text());
    expect(done).toContain("Your account has been kept, because it is the only admin account");
    expect(query(app, "select email, erased_at from users where email = 'boss@example.org'")).toEqual([{ email: "boss@example.org", erased_at: null }]);
    expect((await boss("/workspace")).status).toBe(200);
  });
});
