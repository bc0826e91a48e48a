import type { ParsedMail } from "mailparser";
import { beforeAll, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { getCount, postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Issue 15 point 5: quiet abuse flags. A flagged signer sees what anyone sees; the signature waits
// for a moderator, who clears it (it counts) or invalidates it (the count never moved).

const slug = "quiet-flags";
const moderation = `/workspace/c/${slug}/moderation`;

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let stranger: Browser;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started), { env: { TRUST_PROXY: "1" } });
beforeAll(async () => {
  [owner, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  await owner("/workspace/new", campaignForm({ title: "Quiet flags now", slug, summary: "A letter to flag quietly." }));
  expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Signed {
  response: Response;
  mail: ParsedMail;
  id: number;
}

/** Signs from `ip` as a browser without JavaScript would, and waits for the confirmation mail. */
async function sign(email: string, { name = "Ann Jones", location = "Cardiff", ip }: { name?: string; location?: string; ip: string }): Promise<Signed> {
  const before = mailbox.messages.length;
  const response = await postSignature(app, slug, { ...validSignature, name, email, location }, { "X-Forwarded-For": ip });
  expect(response.status).toBe(302);
  const mails = await mailbox.waitFor(1, email);
  expect(mailbox.messages.length).toBeGreaterThan(before);
  return { response, mail: mails.at(-1)!, id: row(email).id };
}

function row(email: string) {
  return query<{
    id: number;
    flag_reason: string | null;
    flagged_at: string | null;
    flag_confirmed_at: string | null;
    flag_cleared_at: string | null;
    verified_at: string | null;
    invalidated_at: string | null;
  }>(app, "select id, flag_reason, flagged_at, flag_confirmed_at, flag_cleared_at, verified_at, invalidated_at from signatures where email = ?", email)[0];
}

const audit = (action: string) =>
  query<{ before: string; after: string }>(app, "select before, after from audit_log where action = ? order by id", action).map((e) => ({
    before: JSON.parse(e.before),
    after: JSON.parse(e.after),
  }));

/** The public count once the batch counter has taken every pending change. */
async function settledCount() {
  const deadline = Date.now() + 10_000;
  while (query<{ n: number }>(app, "select count(*) as n from signatures where count_pending <> 0")[0].n > 0) {
    if (Date.now() > deadline) throw new Error("the batch counter did not take the pending changes");
    await sleep(100);
  }
  await sleep(1_100); // count.json's read is reused for half a second
  return (await getCount(app, slug)).count;
}

/** A mail's text with what differs between two people (their name, their links) taken out. */
const mailShape = (mail: ParsedMail, name: string) =>
  (mail.text ?? "").replaceAll(name, "NAME").replace(/https?:\/\/\S+/g, "LINK");

const page = async (who: Browser, path: string) => textOf(await (await who(path)).text());

it("treats a disposable address like any other for the signer, but counts it only once cleared, and audits the clearing", async () => {
  const start = await settledCount();
  const plain = await sign("nia@example.org", { name: "Nia Plain", location: "Bangor", ip: "192.0.2.10" });
  const throwaway = await sign("dee@mailinator.com", { name: "Dee Throwaway", location: "Newport", ip: "192.0.2.11" });

  // Same answer, same next page, same mail.
  expect(throwaway.response.headers.get("location")).toBe(plain.response.headers.get("location"));
  expect(throwaway.mail.subject).toBe(plain.mail.subject);
  expect(mailShape(throwaway.mail, "Dee Throwaway")).toBe(mailShape(plain.mail, "Nia Plain"));

  // The link "works": the same confirmed page.
  const confirmedPlain = await fetch(verifyLink(plain.mail));
  const confirmedThrowaway = await fetch(verifyLink(throwaway.mail));
  expect(confirmedThrowaway.status).toBe(confirmedPlain.status);
  expect(textOf(await confirmedThrowaway.text())).toBe(textOf(await confirmedPlain.text()));

  // Yet only the plain one is counted and listed.
  expect(row("dee@mailinator.com")).toMatchObject({ flag_reason: "disposable", verified_at: null, flag_cleared_at: null });
  expect(row("dee@mailinator.com").flag_confirmed_at).not.toBeNull();
  expect(row("nia@example.org")).toMatchObject({ flag_reason: null });
  expect(await settledCount()).toBe(start + 1);
  const publicPage = textOf(await (await fetch(`${app.url}/c/${slug}`)).text());
  expect(publicPage).toContain("Nia Plain");
  expect(publicPage).not.toContain("Dee Throwaway");

  // Staff see it flagged, with why and the address; the team's dashboard counts it as waiting.
  const listed = await page(staff, moderation);
  expect(listed).toContain("Flagged for review");
  expect(listed).toContain("1 signature is waiting for review.");
  expect(listed).toMatch(/Dee Throwaway Newport dee@mailinator\.com .* A throwaway email address Confirmed by email/);
  const dashboard = await page(owner, `/workspace/c/${slug}`);
  expect(dashboard).toContain("Waiting for review 1");
  expect(dashboard).not.toContain("dee@mailinator.com");

  // Clearing counts it, through the batch counter, as confirmed when its signer confirmed; audited.
  const confirmedAt = row("dee@mailinator.com").flag_confirmed_at;
  const cleared = await staff(moderation, form({ intent: "clearFlags", signatureIds: String(throwaway.id) }));
  expect(cleared.status).toBe(302);
  expect(cleared.headers.get("location")).toBe(`${moderation}?done=cleared&n=1`);
  expect(await page(staff, cleared.headers.get("location")!)).toContain("1 signature cleared.");
  await waitForCount(app, slug, start + 2);
  expect(row("dee@mailinator.com")).toMatchObject({ verified_at: confirmedAt, flag_confirmed_at: null });
  expect(row("dee@mailinator.com").flag_cleared_at).not.toBeNull();
  expect(audit("signature.flags_clear")).toEqual([
    { before: { signatureIds: [throwaway.id], flagClearedAt: null }, after: { count: 1, counted: 1, flagClearedAt: row("dee@mailinator.com").flag_cleared_at } },
  ]);
  expect(textOf(await (await fetch(`${app.url}/c/${slug}`)).text())).toContain("Dee Throwaway");
  expect(await page(staff, moderation)).toContain("No signatures are waiting for review.");

  // Sent again (a second click), nothing more changes.
  expect((await staff(moderation, form({ intent: "clearFlags", signatureIds: String(throwaway.id) }))).status).toBe(302);
  expect(audit("signature.flags_clear")).toHaveLength(1);
  expect(await settledCount()).toBe(start + 2);
});

it("flags the third signature with the same name and town within minutes, whatever its case; clearing an unconfirmed one counts it at confirmation", async () => {
  const start = await settledCount();
  const first = await sign("bryn1@example.org", { name: "Bryn Evans", location: "Swansea", ip: "192.0.2.21" });
  const second = await sign("bryn2@example.org", { name: " bryn evans ", location: "swansea", ip: "192.0.2.22" });
  const third = await sign("bryn3@example.org", { name: "BRYN  EVANS", location: "SWANSEA", ip: "192.0.2.23" });
  expect(row("bryn1@example.org").flag_reason).toBeNull();
  expect(row("bryn2@example.org").flag_reason).toBeNull();
  expect(row("bryn3@example.org").flag_reason).toBe("burst");
  // Another name in the same town is not part of it.
  await sign("cai@example.org", { name: "Cai Evans", location: "Swansea", ip: "192.0.2.24" });
  expect(row("cai@example.org").flag_reason).toBeNull();

  expect(await page(staff, moderation)).toMatch(/BRYN EVANS SWANSEA .* The same name and town 3 or more times within 10 minutes Not confirmed yet/);

  // Cleared before its signer confirms: it counts when they do, as anyone's.
  expect((await staff(moderation, form({ intent: "clearFlags", signatureIds: String(third.id) }))).status).toBe(302);
  expect(audit("signature.flags_clear").at(-1)!.after).toMatchObject({ count: 1, counted: 0 });
  expect(await settledCount()).toBe(start);
  for (const signed of [first, second, third]) expect((await fetch(verifyLink(signed.mail))).status).toBe(200);
  await waitForCount(app, slug, start + 3);
});

it("flags signatures from the team's address ranges and past its hourly limit; refuses bad rules line by line; audits the rules", async () => {
  // Bad rules: each bad line named, nothing saved.
  const bad = await staff(moderation, form({ intent: "rules", ranges: "10.0.0/8\n192.0.2.0/24\n\nnot a range", hourlyLimit: "two" }));
  expect(bad.status).toBe(400);
  const refused = textOf(await bad.text());
  expect(refused).toContain("There is a problem");
  expect(refused).toContain("Correct the address ranges listed below.");
  expect(refused).toContain("Line 1: “10.0.0/8” is not an address range");
  expect(refused).toContain("Line 4: “not a range” is not an address range");
  expect(refused).not.toContain("Line 2:");
  expect(refused).toContain("Enter the hourly limit as a whole number from 1 to 100,000, or leave it empty");
  expect(query(app, "select * from abuse_rules")).toEqual([]);

  const saved = await staff(moderation, form({ intent: "rules", ranges: " 198.51.100.0/24 \r\n\r\n2001:db8::/32\r\n", hourlyLimit: "" }));
  expect(saved.status).toBe(302);
  expect(await page(staff, saved.headers.get("location")!)).toContain("Saved. New signatures are checked against these rules.");
  expect(query(app, "select ranges, hourly_limit from abuse_rules")).toEqual([{ ranges: "198.51.100.0/24\n2001:db8::/32", hourly_limit: null }]);
  expect(audit("campaign.abuse_rules")).toEqual([
    { before: { ranges: null, hourlyLimit: null }, after: { ranges: "198.51.100.0/24\n2001:db8::/32", hourlyLimit: null } },
  ]);

  await sign("rhys@example.org", { name: "Rhys Range", location: "Wrexham", ip: "198.51.100.7" });
  await sign("sian@example.org", { name: "Sian Six", location: "Rhyl", ip: "2001:db8::1" });
  await sign("tom@example.org", { name: "Tom Outside", location: "Mold", ip: "203.0.113.9" });
  expect(row("rhys@example.org").flag_reason).toBe("range");
  expect(row("sian@example.org").flag_reason).toBe("range");
  expect(row("tom@example.org").flag_reason).toBeNull();

  // An hourly limit of 2: the third from one address in the hour is flagged.
  expect((await staff(moderation, form({ intent: "rules", ranges: "198.51.100.0/24\n2001:db8::/32", hourlyLimit: "2" }))).status).toBe(302);
  expect(audit("campaign.abuse_rules").at(-1)).toEqual({
    before: { ranges: "198.51.100.0/24\n2001:db8::/32", hourlyLimit: null },
    after: { ranges: "198.51.100.0/24\n2001:db8::/32", hourlyLimit: 2 },
  });
  for (const n of [1, 2, 3, 4]) await sign(`hall${n}@example.org`, { name: `Person ${n}`, location: `Town ${n}`, ip: "203.0.113.50" });
  expect([1, 2, 3, 4].map((n) => row(`hall${n}@example.org`).flag_reason)).toEqual([null, null, "rate", "rate"]);
  expect(await page(staff, moderation)).toContain("Over the hourly limit for one address");
  expect(await page(staff, moderation)).toContain("From an address range you marked");
});

it("invalidates flagged signatures in bulk without moving the count, with a reason, audited", async () => {
  const waiting = query<{ id: number; email: string }>(
    app,
    "select id, email from signatures where flag_reason is not null and flag_cleared_at is null and invalidated_at is null order by id",
  );
  expect(waiting.map((w) => w.email)).toEqual(["rhys@example.org", "sian@example.org", "hall3@example.org", "hall4@example.org"]);
  // Two of them confirm: still not counted.
  for (const email of ["rhys@example.org", "hall3@example.org"]) {
    const [mail] = await mailbox.waitFor(1, email);
    expect((await fetch(verifyLink(mail))).status).toBe(200);
  }
  const before = await settledCount();

  const body = (fields: [string, string][]) => ({ method: "POST", body: new URLSearchParams(fields) });
  const ids = waiting.map((w): [string, string] => ["signatureIds", String(w.id)]);

  const noReason = await staff(moderation, body([["intent", "invalidateFlags"], ...ids]));
  expect(noReason.status).toBe(400);
  expect(textOf(await noReason.text())).toContain("Enter a reason for invalidating");
  const noneChosen = await staff(moderation, body([["intent", "invalidateFlags"], ["reason", "Scripted."]]));
  expect(noneChosen.status).toBe(400);
  expect(textOf(await noneChosen.text())).toContain("Choose at least one signature");

  const done = await staff(moderation, body([["intent", "invalidateFlags"], ["reason", "Scripted signing from one network."], ...ids]));
  expect(done.status).toBe(302);
  expect(done.headers.get("location")).toBe(`${moderation}?done=flagsInvalidated&n=4`);
  expect(await page(staff, done.headers.get("location")!)).toContain("4 flagged signatures invalidated.");
  for (const w of waiting) expect(row(w.email).invalidated_at).not.toBeNull();
  expect(await settledCount()).toBe(before);
  expect(audit("signature.invalidateBulk").at(-1)).toMatchObject({
    before: { criteria: { kind: "flagged" }, signatureIds: waiting.map((w) => w.id) },
    after: { criteria: { kind: "flagged" }, count: 4, reason: "Scripted signing from one network." },
  });

  // A late confirmation of an invalidated one changes nothing.
  const [late] = await mailbox.waitFor(1, "hall4@example.org");
  expect((await fetch(verifyLink(late))).status).toBe(200);
  expect(await settledCount()).toBe(before);
  expect(await page(staff, moderation)).toContain("No signatures are waiting for review.");
});

it("lets nobody but staff see or act on the flags", async () => {
  const flagged = await sign("zed@mailinator.com", { name: "Zed Hidden", location: "Conwy", ip: "192.0.2.90" });
  expect((await stranger(moderation)).status).toBe(404);
  expect((await stranger(moderation, form({ intent: "clearFlags", signatureIds: String(flagged.id) }))).status).toBe(404);
  expect((await owner(moderation)).status).toBe(403);
  expect((await owner(moderation, form({ intent: "clearFlags", signatureIds: String(flagged.id) }))).status).toBe(403);
  expect((await owner(moderation, form({ intent: "rules", ranges: "0.0.0.0/0", hourlyLimit: "" }))).status).toBe(403);
  expect(row("zed@mailinator.com").flag_cleared_at).toBeNull();
  expect(query(app, "select ranges from abuse_rules")).toEqual([{ ranges: "198.51.100.0/24\n2001:db8::/32" }]);
});

it("flags nothing signed at an event's kiosk, where everyone shares one address", async () => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const events = `/workspace/c/${slug}/events`;
  const added = await owner(events, form({ intent: "addEvent", name: "Stand in the square", place: "Cardiff", startsOn: today, endsOn: "", language: "en" }));
  expect(added.status).toBe(302);
  const eventId = query<{ id: number }>(app, "select id from events where name = ?", "Stand in the square")[0].id;
  const opened = await (await staff(events, form({ intent: "openKiosk", eventId: String(eventId) }))).text();
  const kiosk = new URL(opened.match(/https?:\/\/[^"<\s]+\/kiosk\/[A-Za-z0-9_-]{43}/)![0]).pathname;
  for (const n of [1, 2, 3]) {
    const fields = { name: "Gwen Stand", email: `stand${n}@mailinator.com`, signerType: "individual", location: "Cardiff", helped: "no" };
    expect((await fetch(`${app.url}${kiosk}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" })).status).toBe(302);
  }
  expect(query(app, "select flag_reason from signatures where source = 'event' order by id")).toEqual([{ flag_reason: null }, { flag_reason: null }, { flag_reason: null }]);
});
