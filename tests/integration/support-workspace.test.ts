import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { type Browser, browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, withAppAndMailbox } from "../helpers/smtp";

// The campaign team's side of letters of support: who may write, invitations and reminders,
// and the review of each letter. Letters are inserted straight into the database here; the
// public form has tests of its own (support-letters.test.ts).

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let editor: Browser;
let stranger: Browser;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  [owner, editor, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "editor@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
});

const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Mail each address has had handed out so far: the next call waits for one more. */
const delivered = new Map<string, number>();

async function nextMail(to: string) {
  const count = (delivered.get(to) ?? 0) + 1;
  delivered.set(to, count);
  return (await mailbox.waitFor(count, to))[count - 1];
}

/** Messages queued for an address: what a refused action must not have added to. */
const queuedFor = (email: string) => query<{ n: number }>(app, "select count(*) as n from outbox where recipient = ?", email)[0].n;

/** The token in an invitation or reminder: the personal link to the public form. */
function invitationLink(mail: ParsedMail, slug: string) {
  const match = mail.text?.match(new RegExp(`${app.url}(/c/${slug}/support/new\\?invitation=([\\w-]{43}))\\n`));
  if (!match) throw new Error(`No invitation link in:\n${mail.text}`);
  return { path: match[1], token: match[2] };
}

let campaigns = 0;
/** A new open campaign owned by `owner`, with editor@example.org as its co-campaigner. */
async function newOpenCampaign() {
  const slug = `support-letters-${++campaigns}`;
  const created = await owner(
    "/workspace/new",
    campaignForm({ title: `Support letters ${campaigns}`, slug, summary: "A letter with letters of support.", body: "Dear Minister,\n\nPlease listen." }),
  );
  expect(created.status).toBe(302);
  expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
  execute(app, 
    "insert into campaign_members (campaign_id, user_id, role, created_at) values (?, (select id from users where email = 'editor@example.org'), 'editor', ?)",
    campaignId(slug),
    new Date().toISOString(),
  );
  return slug;
}

const campaignId = (slug: string) => query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
const userId = (email: string) => query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;

function audit(slug: string, action: string) {
  return query<{ user: string | null; before: string | null; after: string | null }>(
    app,
    "select users.email as user, before, after from audit_log left join users on users.id = audit_log.user_id where campaign_id = ? and action = ? order by audit_log.id",
    campaignId(slug),
    action,
  ).map((e) => ({ user: e.user, before: e.before && JSON.parse(e.before), after: e.after && JSON.parse(e.after) }));
}

let letters = 0;
/** A letter of support as the public form would have stored it, confirmed unless told. */
function insertLetter(slug: string, fields: Record<string, string | number | null> = {}) {
  const at = new Date().toISOString();
  const row = {
    campaign_id: campaignId(slug),
    author_name: "Dr Ada Okafor",
    email: `author-${++letters}@example.net`,
    role: "Professor of Social Care",
    organisation: "University of Lagos",
    country: "NG",
    body: "I **support** this letter.\n\n<script>alert('x')</script>",
    consent_at: at,
    status: "pending",
    created_at: at,
    updated_at: at,
    confirmed_at: at,
    ...fields,
  };
  const columns = Object.keys(row);
  const result = execute(app, `insert into support_letters (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`, ...Object.values(row));
  return { id: Number(result.lastInsertRowid), email: row.email };
}

const letterRow = (id: number) =>
  query<{ status: string; moderation_note: string | null; decided_by: number | null; decided_at: string | null; revise_token_hash: string | null }>(
    app,
    "select status, moderation_note, decided_by, decided_at, revise_token_hash from support_letters where id = ?",
    id,
  )[0];

const invitations = (slug: string) =>
  query<{ id: number; name: string | null; email: string; message: string | null; token_hash: string; invited_by: number; reminders_sent: number; last_reminded_at: string | null; cancelled_at: string | null }>(
    app,
    "select id, name, email, message, token_hash, invited_by, reminders_sent, last_reminded_at, cancelled_at from support_invitations where campaign_id = ? order by id",
    campaignId(slug),
  );

const page = async (as: Browser, path: string) => textOf(await (await as(path)).text());

async function invite(as: Browser, slug: string, fields: Record<string, string>) {
  const response = await as(`/workspace/c/${slug}/support`, form({ intent: "invite", ...fields }));
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe(`/workspace/c/${slug}/support?done=invited`);
  const mail = await nextMail(fields.email.trim().toLowerCase());
  return { ...invitationLink(mail, slug), mail };
}

const setMode = (as: Browser, slug: string, mode: string) => as(`/workspace/c/${slug}/support`, form({ intent: "mode", mode }));
const decide = (as: Browser, slug: string, id: number, fields: Record<string, string>) => as(`/workspace/c/${slug}/support/${id}`, form(fields));

describe("who may write", () => {
  it("switches between anyone with the link and invited people only, audited, and refuses a made-up mode", async () => {
    const slug = await newOpenCampaign();
    expect(await page(owner, `/workspace/c/${slug}/support`)).toContain(`The form is open to anyone at ${app.url}/c/${slug}/support/new`);
    expect((await fetch(`${app.url}/c/${slug}/support/new`)).status).toBe(200);

    const switched = await setMode(owner, slug, "invitation");
    expect(switched.headers.get("location")).toBe(`/workspace/c/${slug}/support?done=mode`);
    expect(query(app, "select support_letters from campaigns where slug = ?", slug)).toEqual([{ support_letters: "invitation" }]);
    const html = await (await owner(`/workspace/c/${slug}/support?done=mode`)).text();
    expect(html.match(/<input[^>]*name="mode"[^>]*>/g)?.filter((radio) => radio.includes("checked"))).toEqual([expect.stringContaining('value="invitation"')]);
    expect(textOf(html)).toContain("The form works only through the personal link in an invitation.");
    expect((await fetch(`${app.url}/c/${slug}/support/new`)).status).toBe(403);
    expect(audit(slug, "support.mode")).toEqual([{ user: "owner@example.org", before: { mode: "open" }, after: { mode: "invitation" } }]);

    const refused = await setMode(owner, slug, "everyone");
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain("Choose who may write a letter of support");
    expect(query(app, "select support_letters from campaigns where slug = ?", slug)).toEqual([{ support_letters: "invitation" }]);

    expect((await setMode(editor, slug, "open")).status).toBe(302);
    expect(query(app, "select support_letters from campaigns where slug = ?", slug)).toEqual([{ support_letters: "open" }]);
    expect(audit(slug, "support.mode").map((e) => e.user)).toEqual(["owner@example.org", "editor@example.org"]);
  });
});

describe("invitations", () => {
  it("mails a personal link that opens the form with the invitee's name, keeps only the token's hash, and audits", async () => {
    const slug = await newOpenCampaign();
    await setMode(owner, slug, "invitation");
    const message = "We would value your voice.\n\n<b>Thank you</b> & best wishes";
    const response = await owner(`/workspace/c/${slug}/support`, form({ intent: "invite", name: "Prof. Grace Hopper", email: " Grace@Example.ORG ", message }));
    expect(response.headers.get("location")).toBe(`/workspace/c/${slug}/support?done=invited`);

    const mail = await nextMail("grace@example.org");
    expect(mail.subject).toBe(`Will you write a letter of support for “Support letters ${campaigns}”?`);
    expect(mail.text).toContain("Dear Prof. Grace Hopper,");
    expect(mail.text).toContain(`owner@example.org invites you to write a letter of support for the campaign “Support letters ${campaigns}”`);
    expect(mail.text).toContain(message);
    expect(mail.html).toContain("&lt;b&gt;Thank you&lt;/b&gt; &amp; best wishes");
    expect(mail.html).not.toContain("<b>Thank you");
    const { path: link, token } = invitationLink(mail, slug);

    const [row] = invitations(slug);
    expect(row).toMatchObject({ name: "Prof. Grace Hopper", email: "grace@example.org", message, token_hash: sha256(token), invited_by: userId("owner@example.org"), reminders_sent: 0 });
    expect(audit(slug, "support.invite")).toEqual([
      { user: "owner@example.org", before: null, after: { invitationId: row.id, name: "Prof. Grace Hopper", email: "grace@example.org" } },
    ]);
    // Once sent, the outbox forgets the body, and with it the only copy of the token.
    await expect.poll(() => query(app, "select count(*) as n from outbox where payload like ?", `%${token}%`)[0]).toEqual({ n: 0 });

    // The link opens the form, in invitation-only mode, with the invitee's name and address filled in.
    const form_ = await fetch(`${app.url}${link}`);
    expect(form_.status).toBe(200);
    const formHtml = await form_.text();
    expect(formHtml).toContain('value="Prof. Grace Hopper"');
    expect(formHtml).toContain('value="grace@example.org"');

    const list = await page(owner, `/workspace/c/${slug}/support?done=invited`);
    expect(list).toContain("Invitation sent.");
    expect(list).toMatch(/Prof\. Grace Hopper, grace@example\.org \d+ \w+ \d{4}, by owner@example\.org 0 Waiting/);
  });

  it("checks the form: an address is needed, the message has a limit, and nothing is stored or sent", async () => {
    const slug = await newOpenCampaign();
    const response = await owner(`/workspace/c/${slug}/support`, form({ intent: "invite", name: "Sam", email: "not an address", message: "x".repeat(1001) }));
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("There is a problem");
    expect(text).toContain("Enter an email address in the correct format, like name@example.com");
    expect(text).toContain("The personal message must be 1,000 characters or fewer");
    const missing = await owner(`/workspace/c/${slug}/support`, form({ intent: "invite", email: "" }));
    expect(missing.status).toBe(400);
    expect(textOf(await missing.text())).toContain("Enter the email address of the person to invite");
    expect(invitations(slug)).toEqual([]);
  });

  it("replaces a waiting invitation to the same address: the old link stops working", async () => {
    const slug = await newOpenCampaign();
    await setMode(owner, slug, "invitation");
    const first = await invite(owner, slug, { email: "twice@example.org" });
    expect(first.mail.text).toMatch(/^Hello,\n/); // no name given
    expect(first.mail.text).not.toContain("Their message to you");
    const second = await invite(editor, slug, { email: "Twice@example.org", name: "Twice Over" });
    const rows = invitations(slug);
    expect(rows).toHaveLength(2);
    expect(rows[0].cancelled_at).not.toBeNull();
    expect(rows[1]).toMatchObject({ cancelled_at: null, name: "Twice Over", token_hash: sha256(second.token) });
    expect(audit(slug, "support.invite")[1].after).toMatchObject({ email: "twice@example.org", replaces: [rows[0].id] });
    expect((await fetch(`${app.url}${first.path}`)).status).toBe(403);
    expect((await fetch(`${app.url}${second.path}`)).status).toBe(200);
  });

  it("cancels a waiting invitation, once; its link stops working", async () => {
    const slug = await newOpenCampaign();
    await setMode(owner, slug, "invitation");
    const { path: link } = await invite(owner, slug, { email: "cancel-me@example.org" });
    const [{ id }] = invitations(slug);
    const cancelled = await owner(`/workspace/c/${slug}/support`, form({ intent: "cancel", invitationId: String(id) }));
    expect(cancelled.headers.get("location")).toBe(`/workspace/c/${slug}/support?done=cancelled`);
    expect(invitations(slug)[0].cancelled_at).not.toBeNull();
    expect(audit(slug, "support.cancelInvitation")).toEqual([{ user: "owner@example.org", before: { invitationId: id, email: "cancel-me@example.org" }, after: null }]);
    expect((await fetch(`${app.url}${link}`)).status).toBe(403);
    expect(await page(owner, `/workspace/c/${slug}/support`)).toContain("cancel-me@example.org");

    const again = await owner(`/workspace/c/${slug}/support`, form({ intent: "cancel", invitationId: String(id) }));
    expect(again.status).toBe(409);
    expect(textOf(await again.text())).toContain("That invitation has already been answered or cancelled.");
    const remind = await owner(`/workspace/c/${slug}/support`, form({ intent: "remind", invitationId: String(id) }));
    expect(remind.status).toBe(409);
    const junk = await owner(`/workspace/c/${slug}/support`, form({ intent: "cancel", invitationId: "12abc" }));
    expect(junk.status).toBe(400);
    expect(textOf(await junk.text())).toContain("That change is not possible.");
  });

  it("sends a reminder with a fresh link, at most one per 3 days and 3 in all", async () => {
    const slug = await newOpenCampaign();
    await setMode(owner, slug, "invitation");
    const original = await invite(owner, slug, { email: "slow@example.org", name: "Slow Writer", message: "Please?" });
    const [{ id }] = invitations(slug);
    const remind = () => owner(`/workspace/c/${slug}/support`, form({ intent: "remind", invitationId: String(id) }));

    // Too soon after the invitation itself.
    const early = await remind();
    expect(early.status).toBe(409);
    const inThreeDays = new Date(Date.parse(query<{ created_at: string }>(app, "select created_at from support_invitations where id = ?", id)[0].created_at) + 3 * 86_400_000);
    const day = inThreeDays.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
    expect(textOf(await early.text())).toContain(`A reminder was sent to slow@example.org less than 3 days ago. You can send another from ${day}.`);
    expect(invitations(slug)[0].reminders_sent).toBe(0);

    execute(app, "update support_invitations set created_at = ? where id = ?", daysAgo(4), id);
    const sent = await remind();
    expect(sent.headers.get("location")).toBe(`/workspace/c/${slug}/support?done=reminded`);
    const mail = await nextMail("slow@example.org");
    expect(mail.subject).toBe(`Reminder: will you write a letter of support for “Support letters ${campaigns}”?`);
    expect(mail.text).toContain("Dear Slow Writer,");
    expect(mail.text).toContain("Please?");
    expect(mail.text).toContain("It replaces the link in earlier emails, which no longer works");
    const fresh = invitationLink(mail, slug);
    expect(fresh.token).not.toBe(original.token);
    const [row] = invitations(slug);
    expect(row).toMatchObject({ reminders_sent: 1, token_hash: sha256(fresh.token) });
    expect(row.last_reminded_at).not.toBeNull();
    expect((await fetch(`${app.url}${fresh.path}`)).status).toBe(200);
    expect((await fetch(`${app.url}${original.path}`)).status).toBe(403);
    expect(await page(owner, `/workspace/c/${slug}/support`)).toMatch(/slow@example\.org .* 1, the last on \d+ \w+ \d{4} Waiting/);

    // Not again within 3 days of the reminder.
    expect((await remind()).status).toBe(409);
    for (const reminder of [2, 3]) {
      execute(app, "update support_invitations set last_reminded_at = ? where id = ?", daysAgo(4), id);
      expect((await remind()).status).toBe(302);
      expect((await nextMail("slow@example.org")).subject).toMatch(/^Reminder:/);
      expect(invitations(slug)[0].reminders_sent).toBe(reminder);
    }
    execute(app, "update support_invitations set last_reminded_at = ? where id = ?", daysAgo(30), id);
    const fourth = await remind();
    expect(fourth.status).toBe(409);
    expect(textOf(await fourth.text())).toContain("slow@example.org has already had 3 reminders, the most we send.");
    expect(invitations(slug)[0].reminders_sent).toBe(3);
    expect(queuedFor("slow@example.org")).toBe(4);
    expect(audit(slug, "support.remind").map((e) => e.after.reminder)).toEqual([1, 2, 3]);
  });

  it("reminds everyone who may have a reminder now, by the same rules", async () => {
    const slug = await newOpenCampaign();
    for (const email of ["due@example.org", "recent@example.org", "answered@example.org", "done@example.org", "gone@example.org"]) {
      await invite(owner, slug, { email });
    }
    const id = (email: string) => invitations(slug).find((i) => i.email === email)!.id;
    execute(app, "update support_invitations set created_at = ? where campaign_id = ? and email <> 'recent@example.org'", daysAgo(5), campaignId(slug));
    execute(app, "update support_invitations set answered_at = ? where id = ?", daysAgo(1), id("answered@example.org"));
    execute(app, "update support_invitations set reminders_sent = 3, last_reminded_at = ? where id = ?", daysAgo(4), id("done@example.org"));
    expect((await owner(`/workspace/c/${slug}/support`, form({ intent: "cancel", invitationId: String(id("gone@example.org")) }))).status).toBe(302);

    const all = await owner(`/workspace/c/${slug}/support`, form({ intent: "remindAll" }));
    expect(all.headers.get("location")).toBe(`/workspace/c/${slug}/support?done=remindedAll&n=1`);
    expect(await page(owner, `/workspace/c/${slug}/support?done=remindedAll&n=1`)).toContain("1 reminder sent.");
    expect((await nextMail("due@example.org")).subject).toMatch(/^Reminder:/);
    for (const email of ["recent@example.org", "answered@example.org", "done@example.org", "gone@example.org"]) expect(queuedFor(email)).toBe(1);

    const again = await owner(`/workspace/c/${slug}/support`, form({ intent: "remindAll" }));
    expect(again.status).toBe(409);
    expect(textOf(await again.text())).toContain("Nobody can be reminded now");
    expect(queuedFor("due@example.org")).toBe(2);
  });

  it("sends at most 100 invitations a day per campaign, and none while the campaign is not open", async () => {
    const slug = await newOpenCampaign();
    const at = new Date().toISOString();
    const rows = Array.from({ length: 100 }, (_, i) => [campaignId(slug), `bulk-${i}@example.org`, sha256(`bulk-${slug}-${i}`), userId("owner@example.org"), at]);
    execute(
      app,
      `insert into support_invitations (campaign_id, email, token_hash, invited_by, created_at) values ${rows.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
      ...rows.flat(),
    );
    const refused = await owner(`/workspace/c/${slug}/support`, form({ intent: "invite", email: "one-more@example.org" }));
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(textOf(html)).toContain("This campaign has sent 100 invitations in the last 24 hours. Try again tomorrow.");
    expect(html).toContain('value="one-more@example.org"'); // the form keeps what was typed
    expect(invitations(slug)).toHaveLength(100);
    expect(queuedFor("one-more@example.org")).toBe(0);

    expect((await owner(`/workspace/c/${slug}`, form({ action: "close" }))).status).toBe(302);
    const closed = await owner(`/workspace/c/${slug}/support`, form({ intent: "invite", email: "late@example.org" }));
    expect(closed.status).toBe(409);
    expect(textOf(await closed.text())).toContain("Invitations and reminders can be sent only while the campaign is open.");
    expect(queuedFor("late@example.org")).toBe(0);
  });
});

describe("the list of letters", () => {
  it("lists letters with their state, counts each state, filters by state, and sums up the review on the overview", async () => {
    const slug = await newOpenCampaign();
    insertLetter(slug, { author_name: "Pending One", country: "GB" });
    insertLetter(slug, { author_name: "Pending Two", organisation: null, country: "FR" });
    const approved = insertLetter(slug, { author_name: "Approved Author", status: "approved" });
    insertLetter(slug, { author_name: "Waiting Author", status: "unconfirmed", confirmed_at: null });
    insertLetter(slug, { author_name: "Returned Author", status: "sent_back" });

    const html = await (await owner(`/workspace/c/${slug}/support`)).text();
    const text = textOf(html);
    expect(text).toContain("All (5) Awaiting confirmation (1) Awaiting review (2) Sent back (1) Approved (1) Rejected (0)");
    expect(text).toMatch(/Pending Two France Awaiting review \d+ \w+ \d{4}/);
    expect(text).toMatch(/Pending One University of Lagos United Kingdom Awaiting review/);
    expect(html).toContain(`href="/workspace/c/${slug}/support/${approved.id}"`);
    expect(html).not.toContain("@example.net"); // addresses are on each letter's page, not in the list

    const filtered = await (await owner(`/workspace/c/${slug}/support?state=approved`)).text();
    expect(textOf(filtered)).toContain("Approved Author");
    expect(textOf(filtered)).not.toContain("Pending One");
    expect(filtered).toMatch(/<a[^>]*aria-current="page"[^>]*>Approved \(1\)<\/a>/);
    expect(textOf(await (await owner(`/workspace/c/${slug}/support?state=rejected`)).text())).toContain("No letters in this state.");
    expect((await owner(`/workspace/c/${slug}/support?state=nonsense&page=-3`)).status).toBe(200);

    const overview = await (await owner(`/workspace/c/${slug}`)).text();
    expect(textOf(overview)).toContain("2 letters of support awaiting review");
    expect(overview).toContain(`href="/workspace/c/${slug}/support?state=pending"`);
    expect(overview).toContain(`href="/workspace/c/${slug}/support">Letters of support</a>`);
  });
});

describe("reviewing a letter", () => {
  it("shows the letter in full to its team, with the author's address, the Markdown rendered safely and the PDF", async () => {
    const slug = await newOpenCampaign();
    const file = `${crypto.randomBytes(8).toString("hex")}.pdf`;
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
    fs.writeFileSync(path.join(app.dataDir, "uploads", file), pdf);
    const letter = insertLetter(slug, { pdf_file: file, pdf_bytes: pdf.length, pdf_sha256: sha256(pdf.toString("latin1")) });

    const html = await (await editor(`/workspace/c/${slug}/support/${letter.id}`)).text();
    expect(html).toContain("<strong>support</strong>");
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).not.toContain("<script>alert(");
    const text = textOf(html);
    expect(text).toContain("Letter of support from Dr Ada Okafor");
    expect(text).toContain(letter.email);
    expect(text).toContain("Only the campaign team and staff see this address.");
    expect(text).toContain("Professor of Social Care");
    expect(text).toContain("Nigeria");
    expect(text).toContain("Open the letter as a PDF (PDF, 1 KB)");
    expect(text).toMatch(/History .*Received .*Confirmed by its author/);

    const served = await editor(`/workspace/c/${slug}/support/${letter.id}/pdf`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(pdf);
    expect((await editor(`/workspace/c/${slug}/support/${insertLetter(slug).id}/pdf`)).status).toBe(404); // no PDF

    // Another campaign's letter, an id that is not one, a letter that does not exist.
    const other = await newOpenCampaign();
    expect((await owner(`/workspace/c/${other}/support/${letter.id}`)).status).toBe(404);
    expect((await owner(`/workspace/c/${other}/support/${letter.id}/pdf`)).status).toBe(404);
    expect((await owner(`/workspace/c/${slug}/support/abc`)).status).toBe(404);
    expect((await owner(`/workspace/c/${slug}/support/99999999`)).status).toBe(404);
  });

  it("approves: the letter is public, the author is mailed its link, the decision is stored and audited", async () => {
    const slug = await newOpenCampaign();
    const letter = insertLetter(slug);
    const response = await decide(owner, slug, letter.id, { intent: "approve" });
    expect(response.headers.get("location")).toBe(`/workspace/c/${slug}/support/${letter.id}?done=approved`);
    const row = letterRow(letter.id);
    expect(row).toMatchObject({ status: "approved", moderation_note: null, decided_by: userId("owner@example.org"), revise_token_hash: null });
    expect(row.decided_at).not.toBeNull();
    expect(audit(slug, "support.approve")).toEqual([
      {
        user: "owner@example.org",
        before: { letterId: letter.id, status: "pending", moderationNote: null },
        after: { letterId: letter.id, status: "approved", moderationNote: null },
      },
    ]);

    const mail = await nextMail(letter.email);
    expect(mail.subject).toBe(`Your letter of support for “Support letters ${campaigns}” is published`);
    expect(mail.text).toContain("Dear Dr Ada Okafor,");
    const link = `${app.url}/c/${slug}/support/${letter.id}`;
    expect(mail.text).toContain(`See your letter: ${link}`);
    expect((await fetch(link)).status).toBe(200);

    const text = await page(owner, `/workspace/c/${slug}/support/${letter.id}?done=approved`);
    expect(text).toContain("Approved. The letter is public and its author has been told by email.");
    expect(text).toMatch(/Approved by owner@example\.org/);
  });

  it("sends back with a required note: the author gets the note and a revise link whose hash is stored", async () => {
    const slug = await newOpenCampaign();
    const letter = insertLetter(slug, { author_name: "Chris <Lee>" });

    const empty = await decide(owner, slug, letter.id, { intent: "sendBack", note: "  " });
    expect(empty.status).toBe(400);
    expect(textOf(await empty.text())).toContain("Enter a note telling the author what to change");
    const long = await decide(owner, slug, letter.id, { intent: "sendBack", note: "x".repeat(2001) });
    expect(long.status).toBe(400);
    expect(textOf(await long.text())).toContain("The note must be 2,000 characters or fewer");
    expect(letterRow(letter.id).status).toBe("pending");

    const note = "Please add your job title.\r\n\r\n<i>Thanks</i>";
    expect((await decide(editor, slug, letter.id, { intent: "sendBack", note })).headers.get("location")).toBe(
      `/workspace/c/${slug}/support/${letter.id}?done=sentBack`,
    );
    const mail = await nextMail(letter.email);
    expect(mail.subject).toBe(`Please revise your letter of support for “Support letters ${campaigns}”`);
    expect(mail.text).toContain("Dear Chris <Lee>,");
    expect(mail.text).toContain("Please add your job title.\n\n<i>Thanks</i>");
    expect(mail.html).toContain("Dear Chris &lt;Lee&gt;,");
    expect(mail.html).toContain("&lt;i&gt;Thanks&lt;/i&gt;");
    const token = mail.text?.match(new RegExp(`${app.url}/support/revise/([\\w-]{43})\\n`))?.[1];
    expect(token).toBeDefined();
    expect(letterRow(letter.id)).toMatchObject({
      status: "sent_back",
      moderation_note: "Please add your job title.\n\n<i>Thanks</i>",
      decided_by: userId("editor@example.org"),
      revise_token_hash: sha256(token!),
    });
    expect(audit(slug, "support.sendBack")).toEqual([
      {
        user: "editor@example.org",
        before: { letterId: letter.id, status: "pending", moderationNote: null },
        after: { letterId: letter.id, status: "sent_back", moderationNote: "Please add your job title.\n\n<i>Thanks</i>" },
      },
    ]);
    const revise = await fetch(`${app.url}/support/revise/${token}`);
    expect(revise.status).toBe(200);
    expect(textOf(await revise.text())).toContain("Please add your job title.");
    expect(await page(owner, `/workspace/c/${slug}/support/${letter.id}`)).toContain("Sent back by editor@example.org Note to the author: Please add your job title.");
  });

  it("rejects with or without a note, from review, approval or sent back; the revise link is withdrawn", async () => {
    const slug = await newOpenCampaign();
    const withNote = insertLetter(slug, { status: "sent_back", revise_token_hash: sha256("old-revise-token") });
    expect((await decide(owner, slug, withNote.id, { intent: "reject", note: "Off topic." })).status).toBe(302);
    expect(letterRow(withNote.id)).toMatchObject({ status: "rejected", moderation_note: "Off topic.", revise_token_hash: null, decided_by: userId("owner@example.org") });
    const mail = await nextMail(withNote.email);
    expect(mail.subject).toBe(`Your letter of support for “Support letters ${campaigns}” will not be published`);
    expect(mail.text).toContain("Their note:\n\nOff topic.");
    expect(audit(slug, "support.reject")[0]).toMatchObject({ before: { status: "sent_back" }, after: { status: "rejected", moderationNote: "Off topic." } });

    const approved = insertLetter(slug, { status: "approved" });
    expect((await decide(owner, slug, approved.id, { intent: "reject", note: "" })).status).toBe(302);
    expect(letterRow(approved.id)).toMatchObject({ status: "rejected", moderation_note: null });
    const plain = await nextMail(approved.email);
    expect(plain.subject).toMatch(/will not be published/);
    expect(plain.text).not.toContain("Their note");
    expect((await fetch(`${app.url}/c/${slug}/support/${approved.id}`)).status).toBe(404);
  });

  it("answers 409 to a decision the letter's state does not allow, and changes nothing", async () => {
    const slug = await newOpenCampaign();
    const cases: [string, Record<string, string>, string][] = [
      ["unconfirmed", { intent: "approve" }, "This letter cannot be reviewed until its author confirms it by email."],
      ["unconfirmed", { intent: "reject" }, "This letter cannot be reviewed until its author confirms it by email."],
      ["approved", { intent: "approve" }, "Only a letter awaiting review can be approved. This one is “Approved”."],
      ["sent_back", { intent: "approve" }, "Only a letter awaiting review can be approved. This one is “Sent back”."],
      ["sent_back", { intent: "sendBack", note: "Again" }, "Only a letter awaiting review or approved can be sent back. This one is “Sent back”."],
      ["rejected", { intent: "sendBack", note: "Again" }, "Only a letter awaiting review or approved can be sent back. This one is “Rejected”."],
      ["rejected", { intent: "reject" }, "This letter is already rejected."],
    ];
    for (const [status, fields, message] of cases) {
      const letter = insertLetter(slug, { status });
      const response = await decide(owner, slug, letter.id, fields);
      expect(response.status, `${fields.intent} from ${status}`).toBe(409);
      expect(textOf(await response.text())).toContain(message);
      expect(letterRow(letter.id)).toMatchObject({ status, decided_at: null });
      expect(queuedFor(letter.email)).toBe(0);
    }
    const unknown = await decide(owner, slug, insertLetter(slug).id, { intent: "publish" });
    expect(unknown.status).toBe(400);
    expect(query(app, "select count(*) as n from audit_log where campaign_id = ? and action like 'support.%'", campaignId(slug))).toEqual([{ n: 0 }]);
  });

  it("lets one of two moderators deciding at once win; the letter changes once and one mail goes", async () => {
    const slug = await newOpenCampaign();
    const letter = insertLetter(slug);
    const responses = await Promise.all([
      decide(owner, slug, letter.id, { intent: "approve" }),
      decide(editor, slug, letter.id, { intent: "approve" }),
      decide(staff, slug, letter.id, { intent: "approve" }),
    ]);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    const decisions = query<{ n: number }>(app, "select count(*) as n from audit_log where campaign_id = ? and action like 'support.%'", campaignId(slug));
    expect(decisions).toEqual([{ n: 1 }]);
    expect(queuedFor(letter.email)).toBe(1);
  });

  it("lets staff decide on any campaign's letters", async () => {
    const slug = await newOpenCampaign();
    const letter = insertLetter(slug);
    expect((await staff(`/workspace/c/${slug}/support`)).status).toBe(200);
    expect(await page(staff, `/workspace/c/${slug}/support/${letter.id}`)).toContain(letter.email);
    expect((await decide(staff, slug, letter.id, { intent: "reject" })).status).toBe(302);
    expect(letterRow(letter.id)).toMatchObject({ status: "rejected", decided_by: userId("staff@example.org") });
    expect((await nextMail(letter.email)).subject).toMatch(/will not be published/);
  });
});

describe("someone else's campaign", () => {
  it("answers a stranger 404 on every page and action, and changes nothing", async () => {
    const slug = await newOpenCampaign();
    const letter = insertLetter(slug);
    await invite(owner, slug, { email: "invitee@example.org" });
    const [{ id: invitationId }] = invitations(slug);
    const snapshot = () => ({
      letters: query(app, "select * from support_letters where campaign_id = ?", campaignId(slug)),
      invitations: query(app, "select * from support_invitations where campaign_id = ?", campaignId(slug)),
      mode: query(app, "select support_letters from campaigns where id = ?", campaignId(slug)),
      outbox: query(app, "select count(*) as n from outbox"),
      audit: query(app, "select count(*) as n from audit_log"),
    });
    const before = snapshot();
    const base = `/workspace/c/${slug}/support`;
    for (const path of [base, `${base}?state=pending`, `${base}/${letter.id}`, `${base}/${letter.id}/pdf`]) {
      const response = await stranger(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain(letter.email);
    }
    const posts: [string, Record<string, string>][] = [
      [base, { intent: "mode", mode: "invitation" }],
      [base, { intent: "invite", email: "spam@example.org" }],
      [base, { intent: "cancel", invitationId: String(invitationId) }],
      [base, { intent: "remind", invitationId: String(invitationId) }],
      [base, { intent: "remindAll" }],
      [`${base}/${letter.id}`, { intent: "approve" }],
      [`${base}/${letter.id}`, { intent: "sendBack", note: "No" }],
      [`${base}/${letter.id}`, { intent: "reject" }],
    ];
    for (const [path, fields] of posts) expect((await stranger(path, form(fields))).status, `${fields.intent} on ${path}`).toBe(404);
    expect(snapshot()).toEqual(before);

    // Signed out: to sign in, and back.
    const visitor = await browser(app)(`${base}/${letter.id}`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(`${base}/${letter.id}`)}`);
  });
});
