import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { getCount, postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { type Browser, browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

const slug = "clean-rivers";
const signatures = `/workspace/c/${slug}/signatures`;
const moderation = `/workspace/c/${slug}/moderation`;

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let stranger: Browser;
let staff: Browser;
let admin: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started), { env: { TRUST_PROXY: "1" } });
beforeAll(async () => {
  [owner, stranger, staff, admin] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
    signInAs(app, "admin@example.org", "admin"),
  ]);
  await owner("/workspace/new", campaignForm({ title: "Clean rivers now", slug, summary: "Stop the sewage." }));
  expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signs from `ip` and, unless told not to, opens the confirmation link. Returns the signature's id. */
async function sign(email: string, { name = "Ann Jones", ip = "192.0.2.1", comment = "", verify = true } = {}) {
  const response = await postSignature(app, slug, { ...validSignature, name, email, comment }, { "X-Forwarded-For": ip });
  expect(response.status).toBe(302);
  if (verify) {
    const [mail] = await mailbox.waitFor(1, email);
    expect((await fetch(verifyLink(mail))).status).toBe(200);
  }
  return signatureOf(email.toLowerCase()).id;
}

function signatureOf(email: string) {
  return query<{
    id: number;
    name_hidden: number;
    comment_hidden: number;
    verified_at: string | null;
    invalidated_at: string | null;
    invalidated_reason: string | null;
    invalidated_by: number | null;
  }>(app, "select id, name_hidden, comment_hidden, verified_at, invalidated_at, invalidated_reason, invalidated_by from signatures where email = ?", email)[0];
}

const userId = (email: string) => query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;

const audit = (action: string) =>
  query<{ user_id: number; action: string; before: string; after: string }>(
    app,
    "select user_id, action, before, after from audit_log where action = ? order by id",
    action,
  ).map((e) => ({ ...e, before: JSON.parse(e.before), after: JSON.parse(e.after) }));

const moderationState = () =>
  query(app, "select id, name_hidden, comment_hidden, invalidated_at, invalidated_reason, invalidated_by from signatures order by id");
const moderationAudit = () => query(app, "select * from audit_log where action like 'signature.%'");

const publicPage = async () => textOf(await (await fetch(`${app.url}/c/${slug}`)).text());

/** The public count once the batch counter has taken every pending change. */
async function settledCount() {
  const deadline = Date.now() + 10_000;
  while (query<{ n: number }>(app, "select count(*) as n from signatures where count_pending <> 0")[0].n > 0) {
    if (Date.now() > deadline) throw new Error("the batch counter did not take the pending changes");
    await sleep(100);
  }
  return (await getCount(app, slug)).count;
}

/** Waits for the batch counter to settle on `count`, then checks it stays there for two more batches. */
async function expectCount(count: number) {
  await waitForCount(app, slug, count);
  await sleep(2_500);
  expect((await getCount(app, slug)).count).toBe(count);
}

it("hides a name from the public page and keeps it counted; hides a comment; shows them again", async () => {
  const id = await sign("carys@example.net", { name: "Carys Hidden", comment: "Clean the Taff!" });
  const before = await settledCount();
  expect(await publicPage()).toContain("Carys Hidden");

  const hide = await staff(signatures, form({ intent: "hide", signatureId: String(id), part: "name", hidden: "1" }));
  expect(hide.status).toBe(302);
  expect(hide.headers.get("location")).toBe(signatures);
  expect(signatureOf("carys@example.net").name_hidden).toBe(1);
  expect(await publicPage()).not.toContain("Carys Hidden");
  await expectCount(before);

  expect((await staff(signatures, form({ intent: "hide", signatureId: String(id), part: "comment", hidden: "1" }))).status).toBe(302);
  expect(signatureOf("carys@example.net").comment_hidden).toBe(1);

  // Staff see what is hidden, and the buttons to show it again, named for whose signature they act on.
  const page = await (await staff(`${signatures}?q=carys`)).text();
  expect(textOf(page)).toContain("Name hidden from the public page");
  expect(textOf(page)).toContain("Comment hidden from the public page");
  expect(textOf(page)).toContain("Clean the Taff!");
  expect(textOf(page)).toContain("Show name of Carys Hidden");
  expect(textOf(page)).toContain("Show comment of Carys Hidden");

  expect((await staff(signatures, form({ intent: "hide", signatureId: String(id), part: "name", hidden: "0" }))).status).toBe(302);
  expect(signatureOf("carys@example.net").name_hidden).toBe(0);
  expect(await publicPage()).toContain("Carys Hidden");

  const staffId = userId("staff@example.org");
  expect(audit("signature.hideName")).toEqual([
    { user_id: staffId, action: "signature.hideName", before: { signatureId: id, nameHidden: false }, after: { signatureId: id, nameHidden: true } },
  ]);
  expect(audit("signature.hideComment")).toEqual([
    { user_id: staffId, action: "signature.hideComment", before: { signatureId: id, commentHidden: false }, after: { signatureId: id, commentHidden: true } },
  ]);
  expect(audit("signature.showName")).toHaveLength(1);
});

it("invalidates a signature with a reason: the count drops by one and stays dropped, the row is kept", async () => {
  const id = await sign("dewi@example.net", { name: "Dewi Invalid" });
  const before = await settledCount();
  const dashboardBefore = textOf(await (await staff(`/workspace/c/${slug}`)).text());
  const verifiedBefore = Number(dashboardBefore.match(/Verified (\d+)/)?.[1]);

  const response = await staff(signatures, form({ intent: "invalidate", signatureId: String(id), reason: "Signed twice under two addresses." }));
  expect(response.status).toBe(302);
  await expectCount(before - 1);

  const row = signatureOf("dewi@example.net");
  expect(row.verified_at).not.toBeNull();
  expect(row.invalidated_at).not.toBeNull();
  expect(row.invalidated_reason).toBe("Signed twice under two addresses.");
  expect(row.invalidated_by).toBe(userId("staff@example.org"));
  expect(await publicPage()).not.toContain("Dewi Invalid");

  // The team sees the state and reason; the dashboard's figures leave it out.
  expect(textOf(await (await owner(`${signatures}?q=dewi`)).text())).toContain("Invalidated: Signed twice under two addresses.");
  const dashboard = textOf(await (await staff(`/workspace/c/${slug}`)).text());
  expect(Number(dashboard.match(/Verified (\d+)/)?.[1])).toBe(verifiedBefore - 1);
  expect(dashboard).toMatch(/Invalidated \d+/);

  // Sent twice (a double click): nothing more changes, and the count is not taken down again.
  expect((await staff(signatures, form({ intent: "invalidate", signatureId: String(id), reason: "Again." }))).status).toBe(302);
  expect(signatureOf("dewi@example.net").invalidated_reason).toBe("Signed twice under two addresses.");
  await expectCount(before - 1);

  expect(audit("signature.invalidate").filter((e) => e.after.signatureId === id)).toEqual([
    {
      user_id: userId("staff@example.org"),
      action: "signature.invalidate",
      before: { signatureId: id, verified: true, invalidatedAt: null },
      after: { signatureId: id, invalidatedAt: row.invalidated_at, reason: "Signed twice under two addresses." },
    },
  ]);
});

it("never counts an invalidated signature: not if it is confirmed afterwards, nor if invalidated before its batch", async () => {
  const start = await settledCount();

  // Invalidated while unconfirmed, then the supporter opens the link.
  const id = await sign("efa@example.net", { name: "Efa Late", verify: false });
  expect((await staff(signatures, form({ intent: "invalidate", signatureId: String(id), reason: "Known bot." }))).status).toBe(302);
  const [mail] = await mailbox.waitFor(1, "efa@example.net");
  expect((await fetch(verifyLink(mail))).status).toBe(200);

  // Confirmed and invalidated at once, before or after the counter's next batch: either way it nets out.
  const gwen = await sign("gwen@example.net", { name: "Gwen Quick" });
  expect((await staff(signatures, form({ intent: "invalidate", signatureId: String(gwen), reason: "Test entry." }))).status).toBe(302);

  await expectCount(start);
  expect(signatureOf("efa@example.net").verified_at).not.toBeNull();
});

it("refuses an invalidation without a reason, or with one over 500 characters, and changes nothing", async () => {
  const id = await sign("huw@example.net", { name: "Huw Kept" });
  const state = moderationState();
  const audited = moderationAudit();

  const empty = await staff(signatures, form({ intent: "invalidate", signatureId: String(id), reason: "  " }));
  expect(empty.status).toBe(400);
  const html = await empty.text();
  expect(textOf(html)).toContain("There is a problem");
  expect(html).toContain(`href="#reason-${id}"`);
  expect(textOf(html)).toContain("Enter a reason for invalidating");

  const long = await staff(signatures, form({ intent: "invalidate", signatureId: String(id), reason: "x".repeat(501) }));
  expect(long.status).toBe(400);
  expect(textOf(await long.text())).toContain("The reason must be 500 characters or fewer");

  // Another campaign's signature, or none at all, is not found here.
  expect((await staff(signatures, form({ intent: "invalidate", signatureId: "999999", reason: "No such." }))).status).toBe(404);
  expect(moderationState()).toEqual(state);
  expect(moderationAudit()).toEqual(audited);
});

describe("bulk invalidation", () => {
  /** Previews, checks the page says how many match, confirms, and returns the number invalidated. */
  async function previewAndInvalidate(fields: Record<string, string>) {
    const preview = await staff(moderation, form({ ...fields, intent: "preview" }));
    expect(preview.status).toBe(200);
    const text = textOf(await preview.text());
    const matched = Number(text.match(/(\d+) signatures? match/)?.[1]);
    expect(text).toContain(`Invalidate ${matched} signature`);
    const confirm = await staff(moderation, form({ ...fields, intent: "confirm", expected: String(matched) }));
    expect(confirm.status).toBe(302);
    expect(confirm.headers.get("location")).toBe(`${moderation}?done=${matched}`);
    const done = textOf(await (await staff(confirm.headers.get("location")!)).text());
    expect(done).toContain(`${matched} signature${matched === 1 ? "" : "s"} invalidated`);
    return matched;
  }

  const invalidatedWith = (reason: string) =>
    query<{ email: string }>(app, "select email from signatures where invalidated_reason = ? order by email", reason).map((r) => r.email);

  it("by email domain: exactly @domain, any case, not subdomains; the preview's number is what is invalidated", async () => {
    const start = await settledCount();
    await sign("one@spam.example", { name: "Spam One", ip: "203.0.113.10" });
    await sign("two@SPAM.example", { name: "Spam Two", ip: "203.0.113.11" });
    await sign("three@spam.example", { name: "Spam Three", ip: "203.0.113.12", verify: false });
    await sign("four@sub.spam.example", { name: "Sub Four", ip: "203.0.113.13" });
    await sign("five@notspam.example", { name: "Not Five", ip: "203.0.113.14" });
    await waitForCount(app, slug, start + 4);

    const matched = await previewAndInvalidate({ kind: "domain", domain: "@Spam.Example", reason: "Disposable addresses." });
    expect(matched).toBe(3);
    expect(invalidatedWith("Disposable addresses.")).toEqual(["one@spam.example", "three@spam.example", "two@spam.example"]);
    // Two of the three were counted; the third was never confirmed.
    await expectCount(start + 2);

    // Nothing left to match: the preview says so and offers no button.
    const again = textOf(await (await staff(moderation, form({ kind: "domain", domain: "spam.example", reason: "x", intent: "preview" }))).text());
    expect(again).toContain("No signatures match");
    expect(again).not.toContain("Invalidate 0");

    const [entry] = audit("signature.invalidateBulk");
    expect(entry.user_id).toBe(userId("staff@example.org"));
    expect(entry.before.criteria).toEqual({ kind: "domain", domain: "spam.example" });
    expect(entry.before.signatureIds).toHaveLength(3);
    expect(entry.after).toMatchObject({ count: 3, reason: "Disposable addresses." });
  });

  it("by IP range, IPv4 and IPv6", async () => {
    const start = await settledCount();
    await sign("ip1@range.example", { name: "Range One", ip: "198.51.100.7" });
    await sign("ip2@range.example", { name: "Range Two", ip: "198.51.100.200" });
    await sign("ip3@range.example", { name: "Range Three", ip: "198.51.101.1" });
    await sign("ip4@range.example", { name: "Range Four", ip: "2001:db8:1::5" });
    await sign("ip5@range.example", { name: "Range Five", ip: "2001:db8:2::5" });
    await waitForCount(app, slug, start + 5);

    expect(await previewAndInvalidate({ kind: "ipRange", ipRange: "198.51.100.0/24", reason: "Farm of bots (v4)." })).toBe(2);
    expect(invalidatedWith("Farm of bots (v4).")).toEqual(["ip1@range.example", "ip2@range.example"]);
    expect(await previewAndInvalidate({ kind: "ipRange", ipRange: "2001:db8:1::/48", reason: "Farm of bots (v6)." })).toBe(1);
    expect(invalidatedWith("Farm of bots (v6).")).toEqual(["ip4@range.example"]);
    await expectCount(start + 2);
  });

  it("by time window: from included, to not", async () => {
    const start = await settledCount();
    const second = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().slice(0, 19);
    await sign("before@window.example", { name: "Before Window", ip: "192.0.2.50" });
    await sleep(1_100);
    const from = second();
    await sign("in1@window.example", { name: "In One", ip: "192.0.2.51" });
    await sign("in2@window.example", { name: "In Two", ip: "192.0.2.52" });
    await sleep(1_100);
    const to = second();
    await sign("after@window.example", { name: "After Window", ip: "192.0.2.53" });
    await waitForCount(app, slug, start + 4);

    expect(await previewAndInvalidate({ kind: "timeWindow", from, to, reason: "A burst of fakes." })).toBe(2);
    expect(invalidatedWith("A burst of fakes.")).toEqual(["in1@window.example", "in2@window.example"]);
    await expectCount(start + 2);
  });

  it("refuses to invalidate when the number matching changed after the preview, and shows the new number", async () => {
    await sign("a@late.example", { name: "Late A", ip: "192.0.2.60" });
    const fields = { kind: "domain", domain: "late.example", reason: "Late batch." };
    const preview = textOf(await (await staff(moderation, form({ ...fields, intent: "preview" }))).text());
    expect(preview).toContain("1 signature matches");
    await sign("b@late.example", { name: "Late B", ip: "192.0.2.61" });

    const state = moderationState();
    const refused = await staff(moderation, form({ ...fields, intent: "confirm", expected: "1" }));
    expect(refused.status).toBe(409);
    const text = textOf(await refused.text());
    expect(text).toContain("changed from 1 to 2");
    expect(text).toContain("Invalidate 2 signatures");
    expect(moderationState()).toEqual(state);
  });

  it("explains what is wrong with the criteria, with a 400", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ domain: "spam.example", reason: "x" }, "Choose which signatures to invalidate"],
      [{ kind: "domain", domain: "not a domain", reason: "x" }, "Enter an email domain in the correct format"],
      [{ kind: "ipRange", ipRange: "10.0.0.0/33", reason: "x" }, "Enter an IP range in the correct format"],
      [{ kind: "timeWindow", from: "2026-02-30T10:00", to: "2026-03-01T10:00", reason: "x" }, "Enter a real day and time"],
      [{ kind: "timeWindow", from: "2026-03-01T10:00", to: "2026-03-01T09:00", reason: "x" }, "The end must be after the start"],
      [{ kind: "domain", domain: "spam.example" }, "Enter a reason for invalidating"],
    ];
    for (const [fields, message] of cases) {
      const response = await staff(moderation, form({ ...fields, intent: "preview" }));
      expect(response.status, message).toBe(400);
      const text = textOf(await response.text());
      expect(text).toContain("There is a problem");
      expect(text).toContain(message);
    }
  });
});

it("lets admins moderate too", async () => {
  const id = await sign("ifan@example.net", { name: "Ifan Admin" });
  expect((await admin(signatures, form({ intent: "hide", signatureId: String(id), part: "name", hidden: "1" }))).status).toBe(302);
  expect(signatureOf("ifan@example.net").name_hidden).toBe(1);
  expect((await admin(moderation)).status).toBe(200);
});

it("lets no campaigner (owner or not) nor anyone signed out moderate, or see the controls", async () => {
  const id = await sign("jac@example.net", { name: "Jac Safe" });
  const signedOut = browser(app);
  const state = moderationState();
  const audited = moderationAudit();

  const attempts = [
    form({ intent: "hide", signatureId: String(id), part: "name", hidden: "1" }),
    form({ intent: "hide", signatureId: String(id), part: "comment", hidden: "1" }),
    form({ intent: "invalidate", signatureId: String(id), reason: "Not allowed." }),
  ];
  for (const attempt of attempts) {
    expect((await owner(signatures, attempt)).status).toBe(403);
    expect((await stranger(signatures, attempt)).status).toBe(404);
    const out = await signedOut(signatures, attempt);
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toMatch(/^\/sign-in\?/);
  }
  const bulk = { kind: "domain", domain: "example.net", reason: "Not allowed.", intent: "confirm", expected: "1" };
  for (const fields of [bulk, { ...bulk, intent: "preview" }]) {
    expect((await owner(moderation, form(fields))).status).toBe(403);
    expect((await stranger(moderation, form(fields))).status).toBe(404);
    expect((await signedOut(moderation, form(fields))).headers.get("location")).toMatch(/^\/sign-in\?/);
  }
  expect((await owner(moderation)).status).toBe(403);
  expect((await stranger(moderation)).status).toBe(404);
  expect((await signedOut(moderation)).status).toBe(302);

  expect(moderationState()).toEqual(state);
  expect(moderationAudit()).toEqual(audited);

  // The owner's pages show no moderation controls and no link to the moderation page.
  const search = textOf(await (await owner(`${signatures}?q=jac`)).text());
  expect(search).toContain("Jac Safe");
  expect(search).not.toMatch(/Hide name|Invalidate|Moderation/);
  expect(textOf(await (await owner(`/workspace/c/${slug}`)).text())).not.toContain("Moderation");
  expect(textOf(await (await staff(`/workspace/c/${slug}`)).text())).toContain("Moderation");
});
