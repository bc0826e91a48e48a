import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { CLI_TIMEOUT, cli, createCampaignFromFile } from "../helpers/cli";
import { execute, query } from "../helpers/db";
import { closedCampaign } from "../helpers/fixtures";
import { getCount, textOf, waitForCount } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Events and their kiosks (issue 14, point 4): the team adds an event, staff open a kiosk whose
// link is shown once and kept only as its hash; the kiosk takes signatures only on the event's UK
// dates and until it is closed; a signer without an email is counted as witnessed, one with an
// email confirms by mail; each kiosk has its own rate limit; the CLI opens one too.

const t = getT();
const cyEasy = getT("cy", "easy_read");
const SLUG = "stand-letter";
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** A date as events are written, in the UK, `days` from today. */
function londonDay(days = 0) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
const today = londonDay();

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let other: Browser;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  [owner, other, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "other@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  await owner("/workspace/new", campaignForm({ title: "A letter from the stand", slug: SLUG }));
  expect((await owner(`/workspace/c/${SLUG}`, form({ action: "publish" }))).status).toBe(302);
});

const eventsPage = (slug = SLUG) => `/workspace/c/${slug}/events`;
const eventForm = (fields: Record<string, string>) => form({ intent: "addEvent", name: "Autumn conference", place: "Cardiff City Hall", startsOn: today, endsOn: "", language: "en", ...fields });
const eventId = (name: string) => query<{ id: number }>(app, "select id from events where name = ?", name)[0]?.id;

/** Adds an event as `who` (the owner by default) and returns its id. */
async function addEvent(name: string, fields: Record<string, string> = {}, { who = owner, slug = SLUG } = {}) {
  const response = await who(eventsPage(slug), eventForm({ name, ...fields }));
  expect(response.status).toBe(302);
  return eventId(name);
}

/** Opens a kiosk for an event as staff; returns the link shown and the page's HTML. */
async function openKiosk(id: number, slug = SLUG) {
  const response = await staff(eventsPage(slug), form({ intent: "openKiosk", eventId: String(id) }));
  expect(response.status).toBe(200);
  const html = await response.text();
  const link = html.match(/https?:\/\/[^"<\s]+\/kiosk\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no kiosk link in:\n${textOf(html)}`);
  return { link, path: new URL(link).pathname, token: link.slice(-43), html };
}

const kioskGet = (path: string) => fetch(`${app.url}${path}`, { redirect: "manual" });
const kioskPost = (path: string, fields: Record<string, string>) => fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
const signer = (fields: Record<string, string> = {}) => ({ name: "Rhys Pritchard", signerType: "individual", location: "Pontypridd", helped: "no", ...fields });
/** Every signature as written (not the batch counter's flag, which it clears in its own time). */
const signatures = () => query(app, "select id, name, email, source, event_id, verified_at, mails_sent from signatures order by id");

describe("events and kiosks in the workspace", () => {
  it("the team adds an event; a bad one is refused with every problem named and nothing written", async () => {
    const bad = await owner(eventsPage(), eventForm({ name: "", startsOn: today, endsOn: londonDay(-1) }));
    expect(bad.status).toBe(400);
    const text = textOf(await bad.text());
    expect(text).toContain(t("events.errors.nameRequired"));
    expect(text).toContain(t("events.errors.endsBeforeStart"));
    const notADate = await owner(eventsPage(), eventForm({ name: "Spring fair", startsOn: "2026-02-30" }));
    expect(notADate.status).toBe(400);
    expect(textOf(await notADate.text())).toContain(t("events.errors.dateInvalid"));
    // A language the campaign is not written in (it is English only).
    const welsh = await owner(eventsPage(), eventForm({ name: "Ffair y gwanwyn", language: "cy" }));
    expect(welsh.status).toBe(400);
    expect(textOf(await welsh.text())).toContain(t("events.errors.languageNotCampaign"));
    expect(query(app, "select * from events")).toEqual([]);

    const id = await addEvent("Autumn conference", { endsOn: londonDay(1) });
    expect(query(app, "select name, place, starts_on, ends_on, language from events where id = ?", id)).toEqual([
      { name: "Autumn conference", place: "Cardiff City Hall", starts_on: today, ends_on: londonDay(1), language: "en" },
    ]);
    expect(query(app, "select action from audit_log where action = 'event.create'")).toHaveLength(1);
    const page = textOf(await (await owner(`${eventsPage()}?done=created`)).text());
    expect(page).toContain("Autumn conference");
    expect(page).toContain(t("events.done.created"));
    // The owner is not staff: no kiosk buttons, and told why.
    expect(page).toContain(t("events.staffOnly"));
    expect(page).not.toContain(t("events.openKiosk"));
  });

  it("only staff open a kiosk: its link is shown once and only its SHA-256 is kept", async () => {
    const id = await addEvent("Staff only stand");
    // The team may not; someone outside the campaign is told it does not exist.
    expect((await owner(eventsPage(), form({ intent: "openKiosk", eventId: String(id) }))).status).toBe(403);
    expect((await other(eventsPage(), form({ intent: "openKiosk", eventId: String(id) }))).status).toBe(404);
    expect(query(app, "select * from kiosks")).toEqual([]);

    const { link, token, html } = await openKiosk(id);
    expect(link).toBe(`${app.url}/kiosk/${token}`);
    expect(textOf(html)).toContain(t("events.opened.heading", { name: "Staff only stand" }));
    expect(html).toContain('class="qr-code"');
    const kiosks = query<{ token_hash: string; event_id: number; closed_at: string | null }>(app, "select token_hash, event_id, closed_at from kiosks");
    expect(kiosks).toEqual([{ token_hash: sha256(token), event_id: id, closed_at: null }]);
    // The token itself is nowhere: not in the kiosk's row, the audit log, or the page loaded again.
    expect(JSON.stringify(query(app, "select * from kiosks"))).not.toContain(token);
    expect(JSON.stringify(query(app, "select * from audit_log"))).not.toContain(token);
    expect(query(app, "select action from audit_log where action = 'kiosk.open'")).toHaveLength(1);
    const again = await (await staff(eventsPage())).text();
    expect(again).not.toContain(token);
    expect(textOf(again)).toContain(t("events.closeKiosk"));
  });

  it("a kiosk page is private: never stored, never referred, its form remembered by no browser", async () => {
    const { path } = await openKiosk(await addEvent("Private stand"));
    const response = await kioskGet(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    expect(textOf(html)).toContain("A letter from the stand");
    expect(textOf(html)).toContain("Private stand");
    // (React writes the attribute as `autoComplete`: HTML's attribute names know no case.)
    expect(html).toMatch(/<form[^>]*autocomplete="off"/i);
    // Every field the signer types in has autocomplete off.
    const typed = [...html.matchAll(/<(?:input|textarea)\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/type="(?:hidden|radio|checkbox)"/.test(tag));
    expect(typed.length).toBeGreaterThan(4);
    for (const tag of typed) expect(tag).toMatch(/autocomplete="off"/i);
    // The ids change on every load, so a browser cannot match a field to what it once held.
    const ids = (page: string) => [...page.matchAll(/<input[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(await (await kioskGet(path)).text())).not.toEqual(ids(html));
    // An unknown link is not found.
    expect((await kioskGet(`/kiosk/${"x".repeat(43)}`)).status).toBe(404);
  });
});

describe("signing at a kiosk", () => {
  it("without an email: counted at once, as witnessed at the event, and the page names nobody", async () => {
    const id = await addEvent("Witnessed stand");
    const { path } = await openKiosk(id);
    const before = (await getCount(app, SLUG)).count;
    const outbox = query(app, "select count(*) as n from outbox");

    const signed = await kioskPost(path, signer({ name: "Gwen Witnessed", email: "" }));
    expect(signed.status).toBe(302);
    expect(signed.headers.get("location")).toBe(`${path}?done=counted`);
    await waitForCount(app, SLUG, before + 1);
    expect(query(app, "select name, email, source, event_id, verified_at is not null as verified, wants_updates from signatures where name = 'Gwen Witnessed'")).toEqual([
      { name: "Gwen Witnessed", email: null, source: "event", event_id: id, verified: 1, wants_updates: 0 },
    ]);
    // Nobody is mailed.
    expect(query(app, "select count(*) as n from outbox")).toEqual(outbox);

    const after = await (await kioskGet(`${path}?done=counted`)).text();
    expect(textOf(after)).toContain(t("kiosk.done.counted"));
    expect(after).not.toContain("Gwen Witnessed");
    const listed = textOf(await (await staff(eventsPage())).text());
    expect(listed).toMatch(/Witnessed stand.*?\b1\b/);
  });

  it("with an email: the confirmation mail goes out, and it counts once its link is opened", async () => {
    const id = await addEvent("Mailed stand");
    const { path } = await openKiosk(id);
    const before = (await getCount(app, SLUG)).count;

    const signed = await kioskPost(path, signer({ name: "Dafydd Mailed", email: "Dafydd@Example.org" }));
    expect(signed.status).toBe(302);
    expect(signed.headers.get("location")).toBe(`${path}?done=checkEmail`);
    const [mail] = await mailbox.waitFor(1, "dafydd@example.org");
    expect(query(app, "select source, event_id, verified_at from signatures where email = 'dafydd@example.org'")).toEqual([{ source: "event", event_id: id, verified_at: null }]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await getCount(app, SLUG)).count).toBe(before);

    expect((await fetch(verifyLink(mail))).status).toBe(200);
    await waitForCount(app, SLUG, before + 1);
    const after = await (await kioskGet(`${path}?done=checkEmail`)).text();
    expect(textOf(after)).toContain(t("kiosk.done.checkEmail"));
    expect(after).not.toContain("dafydd@example.org");
  });

  it("a bad form keeps what was typed and names each problem, writing nothing", async () => {
    const { path } = await openKiosk(await addEvent("Careful stand"));
    const before = signatures();
    const response = await kioskPost(path, { name: "", email: "not an email", signerType: "individual", location: "" });
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    for (const key of ["errors.nameRequired", "errors.emailInvalid", "errors.locationRequired"] as const) expect(text).toContain(t(key));
    expect(signatures()).toEqual(before);
  });
});

describe("a kiosk takes signatures only on its event's dates and until it is closed", () => {
  /** The page and a signature refused with `status` and the reason's words, and nothing written. */
  async function expectRefused(path: string, status: number, reason: "notYet" | "over" | "closed" | "campaignNotOpen") {
    const page = await kioskGet(path);
    expect(page.status).toBe(status);
    const html = await page.text();
    expect(textOf(html)).toContain(t("kiosk.refused.title"));
    expect(textOf(html)).toContain(t(`kiosk.refused.${reason}`));
    // Never a form to sign.
    expect(html).not.toMatch(/name="(?:name|email|location)"/);
    const before = signatures();
    const outbox = query(app, "select count(*) as n from outbox");
    const posted = await kioskPost(path, signer({ email: `refused-${reason}@example.org` }));
    expect(posted.status).toBe(status);
    expect(textOf(await posted.text())).toContain(t(`kiosk.refused.${reason}`));
    const witnessed = await kioskPost(path, signer());
    expect(witnessed.status).toBe(status);
    expect(signatures()).toEqual(before);
    expect(query(app, "select count(*) as n from outbox")).toEqual(outbox);
  }

  it("before the event's first day", async () => {
    const id = await addEvent("Next week's stand", { startsOn: londonDay(7), endsOn: londonDay(8) });
    const { path } = await openKiosk(id);
    await expectRefused(path, 403, "notYet");
  });

  it("after the event's last day (and no kiosk opens for an event that is over)", async () => {
    const id = await addEvent("Yesterday's stand");
    const { path } = await openKiosk(id);
    expect((await kioskGet(path)).status).toBe(200);
    execute(app, "update events set starts_on = ?, ends_on = ? where id = ?", londonDay(-2), londonDay(-1), id);
    await expectRefused(path, 410, "over");
    const again = await staff(eventsPage(), form({ intent: "openKiosk", eventId: String(id) }));
    expect(again.status).toBe(409);
    expect(textOf(await again.text())).toContain(t("events.errors.eventOver", { name: "Yesterday's stand" }));
  });

  it("once staff close it, at once, and closing again changes nothing", async () => {
    const id = await addEvent("Closing stand");
    const { path } = await openKiosk(id);
    const kioskId = query<{ id: number }>(app, "select id from kiosks where token_hash = ?", sha256(path.slice(-43)))[0].id;
    expect((await kioskPost(path, signer({ name: "Before Closing" }))).status).toBe(302);
    // The team may not close it.
    expect((await owner(eventsPage(), form({ intent: "closeKiosk", kioskId: String(kioskId) }))).status).toBe(403);
    const closed = await staff(eventsPage(), form({ intent: "closeKiosk", kioskId: String(kioskId) }));
    expect(closed.status).toBe(302);
    expect(closed.headers.get("location")).toBe(`${eventsPage()}?done=closed`);
    await expectRefused(path, 410, "closed");
    expect((await staff(eventsPage(), form({ intent: "closeKiosk", kioskId: String(kioskId) }))).status).toBe(302);
    expect(query(app, "select action, before from audit_log where action = 'kiosk.close'")).toEqual([
      { action: "kiosk.close", before: JSON.stringify({ kioskId, eventId: id, event: "Closing stand" }) },
    ]);
    expect(query(app, "select closed_by is not null as by_someone from kiosks where id = ?", kioskId)).toEqual([{ by_someone: 1 }]);
  });

  it("while the campaign is not open for signing", async () => {
    const id = await addEvent("Old letter's stand", {}, { who: staff, slug: closedCampaign.slug });
    const { path } = await openKiosk(id, closedCampaign.slug);
    await expectRefused(path, 403, "campaignNotOpen");
  });
});

it("each kiosk has its own rate limit: a burst of 20, and another kiosk is not held up", async () => {
  const first = await openKiosk(await addEvent("Busy stand"));
  const second = await openKiosk(await addEvent("Quiet stand"));
  const before = signatures();
  const statuses: number[] = [];
  // Empty forms: each one is weighed (and refused with a 400) until the kiosk's bucket is empty,
  // then refused with a 429 until it refills (one a second): posted until three 429s in a row.
  const started = Date.now();
  const heldUp = () => statuses.length >= 3 && statuses.slice(-3).every((status) => status === 429);
  while (statuses.length < 100 && !heldUp()) statuses.push((await kioskPost(first.path, {})).status);
  const seconds = (Date.now() - started) / 1000;
  expect(heldUp()).toBe(true);
  const weighed = statuses.indexOf(429);
  expect(statuses.slice(0, weighed).every((status) => status === 400)).toBe(true);
  // The burst of 20, and no more than the refill gave meanwhile (a slow machine takes longer).
  expect(weighed).toBeGreaterThanOrEqual(20);
  expect(weighed).toBeLessThanOrEqual(20 + Math.ceil(seconds));
  const limited = await kioskPost(first.path, signer({ name: "Held Up" }));
  expect(limited.status).toBe(429);
  expect(textOf(await limited.text())).toContain(t("kiosk.rateLimited"));
  expect(signatures()).toEqual(before);
  // The other kiosk, at the same address, still takes signatures.
  expect((await kioskPost(second.path, signer({ name: "Not Held Up" }))).status).toBe(302);
});

describe("the command line", () => {
  const bilingual = {
    slug: "stondin-ddwyieithog",
    languages: ["cy", "en"],
    title: { cy: "Llythyr o'r stondin", en: "A letter from the stall" },
    summary: { cy: "Llythyr agored.", en: "An open letter." },
    body: { cy: "Annwyl Weinidog,\n\nTalwch yn deg.", en: "Dear Minister,\n\nPlease pay fairly." },
    recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
    easyRead: {
      cy: [{ text: "Rydyn ni eisiau cyflog teg.", picture: "openmoji:1F91D", alt: "Dwy law" }],
      en: [{ text: "We want fair pay.", picture: "openmoji:1F91D", alt: "Two hands" }],
    },
    status: "open",
  };

  it(
    "event:create adds the event, opens a kiosk and prints its working link; a Welsh event's is under /cy",
    async () => {
      const created = await cli(app, ["event:create", SLUG, "--name", "Printed stand", "--date", today, "--place", "Swansea"]);
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      const link = created.stdout.match(/https?:\/\/\S+\/kiosk\/[A-Za-z0-9_-]{43}/)?.[0];
      expect(link).toBeDefined();
      expect(link!.startsWith(`${app.url}/kiosk/`)).toBe(true);
      expect(query(app, "select name, place, starts_on, ends_on, language, created_by from events where name = 'Printed stand'")).toEqual([
        { name: "Printed stand", place: "Swansea", starts_on: today, ends_on: today, language: "en", created_by: null },
      ]);
      expect(query(app, "select count(*) as n from kiosks where token_hash = ?", sha256(link!.slice(-43)))).toEqual([{ n: 1 }]);
      const page = await fetch(link!);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/name="location"/);

      // Bad flags: one line in words, exit 2, nothing written.
      const events = query(app, "select count(*) as n from events");
      const noDate = await cli(app, ["event:create", SLUG, "--name", "Undated"]);
      expect(noDate.code).toBe(2);
      expect(noDate.stderr).toContain(t("cli.errors.eventDateRequired"));
      const badDate = await cli(app, ["event:create", SLUG, "--name", "Misdated", "--date", "2026-13-01"]);
      expect(badDate.code).toBe(2);
      expect(badDate.stderr).toContain(t("events.errors.dateInvalid"));
      expect(query(app, "select count(*) as n from events")).toEqual(events);

      // A Welsh event on a campaign in Welsh and English: its kiosk speaks Welsh, and shows the Easy Read letter too.
      expect((await createCampaignFromFile(app, bilingual)).code).toBe(0);
      const welsh = await cli(app, ["event:create", bilingual.slug, "--name", "Eisteddfod", "--date", today, "--until", londonDay(2), "--language", "cy"]);
      expect(welsh.code).toBe(0);
      const cyLink = welsh.stdout.match(/https?:\/\/\S+\/kiosk\/[A-Za-z0-9_-]{43}/)?.[0];
      expect(cyLink!.startsWith(`${app.url}/cy/kiosk/`)).toBe(true);
      const cyPage = await (await fetch(cyLink!)).text();
      expect(cyPage).toContain('<html lang="cy"');
      expect(textOf(cyPage)).toContain("Llythyr o'r stondin");
      expect(cyPage).toContain(`href="${new URL(cyLink!).pathname}/easy-read"`);

      const easyPath = `${new URL(cyLink!).pathname}/easy-read`;
      const easy = await (await kioskGet(easyPath)).text();
      expect(textOf(easy)).toContain("Rydyn ni eisiau cyflog teg.");
      expect(textOf(easy)).toContain(cyEasy("sign.name"));
      const easyText = query<{ id: number }>(
        app,
        "select t.id from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ? and t.language = 'cy' and t.variant = 'easy_read'",
        bilingual.slug,
      )[0];
      const signed = await kioskPost(easyPath, { name: "Elin Hawdd", location: "Bangor", signerType: "individual", helped: "no", letterTextId: String(easyText.id) });
      expect(signed.status).toBe(302);
      expect(signed.headers.get("location")).toBe(`${easyPath}?done=counted`);
      expect(query(app, "select language, letter_text_id, source, email from signatures where name = 'Elin Hawdd'")).toEqual([
        { language: "cy", letter_text_id: easyText.id, source: "event", email: null },
      ]);
    },
    CLI_TIMEOUT,
  );
});
