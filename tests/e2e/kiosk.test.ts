import crypto from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { type BrowserSession, openSession, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { openCampaign } from "../helpers/fixtures";
import { createAccount } from "../helpers/session";

// An event's kiosk (issue 14): strangers sign one after another on one tablet, by keyboard alone.
// After each signature the form is empty again; pressing Back shows nothing of the last signer, in
// any field or on the page; and the next signer's form starts empty. axe on every page.

const t = getT();

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started), { appPerTest: true });

/** An event on today's UK date for the fixture campaign, with an open kiosk; returns the kiosk's path. */
function openKiosk() {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", openCampaign.slug)[0].id;
  const at = new Date().toISOString();
  const eventId = execute(app, "insert into events (campaign_id, name, place, starts_on, ends_on, language, created_at) values (?, 'Autumn fair', 'Swansea', ?, ?, 'en', ?)", campaignId, today, today, at).lastInsertRowid;
  const token = crypto.randomBytes(32).toString("base64url");
  execute(app, "insert into kiosks (event_id, token_hash, opened_at) values (?, ?, ?)", eventId, crypto.createHash("sha256").update(token).digest("hex"), at);
  return `/kiosk/${token}`;
}

/** What has keyboard focus, as assistive technology announces it (see keyboard.test.ts). */
async function focused(page: Page) {
  const focus = page.locator("*:focus");
  if ((await focus.count()) === 0) return "nothing";
  const [first] = (await focus.ariaSnapshot()).split("\n");
  return first.replace(/^- /, "").replace(/:$/, "");
}

async function tab(page: Page, expected: string) {
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(expected);
}

interface Signer {
  name: string;
  email?: string;
  town: string;
}

/**
 * Signs from the top of a kiosk page with Tab, typing, Space and Enter only: past the header by the
 * skip link, to the form by its link, through every question to the button.
 */
async function signByKeyboard(session: BrowserSession, signer: Signer, { fromTop }: { fromTop: boolean }) {
  const { page } = session;
  if (fromTop) {
    await tab(page, 'link "Skip to main content"');
    await page.keyboard.press("Enter");
  }
  // A page the router rendered after a signature puts focus on its content, as the skip link does.
  expect(await focused(page)).toBe("main");
  await tab(page, `link "${t("kiosk.toForm")}"`);
  await page.keyboard.press("Enter");
  await tab(page, `textbox "${t("sign.name")}"`);
  await page.keyboard.type(signer.name);
  await tab(page, `textbox "${t("kiosk.email")}"`);
  if (signer.email) await page.keyboard.type(signer.email);
  await tab(page, `radio "${t("sign.signerTypeIndividual")}" [checked]`);
  await tab(page, `textbox "${t("sign.organisation")}"`);
  await tab(page, `textbox "${t("sign.role")}"`);
  await tab(page, `textbox "${t("sign.location")}"`);
  await page.keyboard.type(signer.town);
  await tab(page, `textbox "${t("sign.comment")}"`);
  await tab(page, `checkbox "${t("sign.showName")}"`);
  await page.keyboard.press("Space");
  expect(await focused(page)).toBe(`checkbox "${t("sign.showName")}" [checked]`);
  await tab(page, `checkbox "${t("sign.updates")}"`);
  await tab(page, `radio "${t("assisted.no")}" [checked]`);
  await tab(page, `textbox "${t("assisted.helperName")}"`);
  await tab(page, `radio "${t("assisted.relations.support_worker")}"`);
  await tab(page, `link "${t("privacyNote.link")}"`);
  await tab(page, `button "${t("sign.submit")}"`);
  await session.expectAccessible();
  await page.keyboard.press("Enter");
}

/** Every field of the page, its value and whether it is ticked: what a browser could have put back. */
function fieldValues(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")]
      .filter((field) => field.type !== "hidden")
      .map((field) => ({ name: field.name, value: field.value, checked: "checked" in field && (field.type === "checkbox" || field.type === "radio") ? field.checked : undefined })),
  );
}

/** The form is as a newcomer finds it: nothing typed, nothing ticked but the defaults. */
async function expectEmptyForm(page: Page) {
  const fields = await fieldValues(page);
  expect(fields.filter((f) => f.checked === undefined && f.name !== "website").every((f) => f.value === "")).toBe(true);
  const ticked = fields.filter((f) => f.checked).map((f) => `${f.name}=${f.value}`);
  expect(ticked).toEqual(["signerType=individual", "helped=no"]);
}

/** Nothing of this signer anywhere a person or a browser could find it: fields, text, title, address, history state. */
async function expectNothingOf(page: Page, signer: Signer) {
  const traces = [signer.name, signer.email, signer.town].filter((trace): trace is string => Boolean(trace));
  const seen = JSON.stringify({
    fields: await fieldValues(page),
    text: await page.evaluate(() => document.body.innerText),
    html: await page.content(),
    title: await page.title(),
    url: page.url(),
    history: await page.evaluate(() => history.state),
  });
  for (const trace of traces) expect(seen, `"${trace}" must not be on the page`).not.toContain(trace);
}

/** The thank-you after a signature, which names nobody. */
async function thanked(session: BrowserSession, outcome: "counted" | "checkEmail") {
  await session.page.getByRole("status").filter({ hasText: t(`kiosk.done.${outcome}`) }).waitFor();
  await session.hydrated();
  await session.expectAccessible();
}

const ann = { name: "Ann Kiosk-First", email: "ann.first@example.org", town: "Llanelli" };
const bryn = { name: "Bryn Kiosk-Second", email: "bryn.second@example.org", town: "Aberystwyth" };
const carys = { name: "Carys Kiosk-Third", town: "Wrexham" };

describe("a kiosk at an event", () => {
  it("three signers one after another, by keyboard: the third cannot see the second's details, not even by Back", async () => {
    const path = openKiosk();
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit(path);
    await expectEmptyForm(page);

    await signByKeyboard(session, ann, { fromTop: true });
    await thanked(session, "checkEmail");
    await expectEmptyForm(page);
    await expectNothingOf(page, ann);

    await signByKeyboard(session, bryn, { fromTop: false });
    await thanked(session, "checkEmail");
    await expectEmptyForm(page);
    await expectNothingOf(page, bryn);

    // The next person presses Back: the page before, where Bryn typed, shows nothing of Bryn.
    await page.goBack();
    await session.hydrated();
    await session.expectAccessible();
    await expectEmptyForm(page);
    await expectNothingOf(page, bryn);
    await expectNothingOf(page, ann);

    // The third signer starts from an empty form, and gives no email: counted as witnessed.
    await page.reload();
    await session.hydrated();
    await session.expectAccessible();
    await expectEmptyForm(page);
    await expectNothingOf(page, bryn);
    await signByKeyboard(session, carys, { fromTop: true });
    await thanked(session, "counted");
    await expectEmptyForm(page);
    await expectNothingOf(page, carys);

    expect(query(app, "select name, email, source, verified_at is not null as verified from signatures where source = 'event' order by id")).toEqual([
      { name: ann.name, email: ann.email, source: "event", verified: 0 },
      { name: bryn.name, email: bryn.email, source: "event", verified: 0 },
      { name: carys.name, email: null, source: "event", verified: 1 },
    ]);
  });

  it("without JavaScript too, Back after a signature brings back nothing the signer typed", async () => {
    const path = openKiosk();
    const session = await openSession(browser, app.url, { javaScriptEnabled: false });
    const { page } = session;
    await session.visit(path);

    for (const signer of [ann, bryn]) {
      await page.getByLabel(t("sign.name")).fill(signer.name);
      await page.getByLabel(t("kiosk.email")).fill(signer.email!);
      await page.getByLabel(t("sign.location")).fill(signer.town);
      await page.getByLabel(t("sign.showName")).check();
      await page.getByRole("button", { name: t("sign.submit") }).click();
      await session.page.getByRole("status").filter({ hasText: t("kiosk.done.checkEmail") }).waitFor();
      await session.expectAccessible();
      await expectEmptyForm(page);
      await expectNothingOf(page, signer);
    }

    await page.goBack();
    await page.getByRole("button", { name: t("sign.submit") }).waitFor();
    await session.expectAccessible();
    await expectEmptyForm(page);
    await expectNothingOf(page, bryn);
  });

  it("staff add an event, open its kiosk, see its link and QR code once, and close it", async () => {
    const link = (await createAccount(app, "stand-staff@example.org", "staff")).match(/\/sign-in\/[\w-]{43}/)?.[0];
    if (!link) throw new Error("no sign-in link");
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit(link);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { level: 1, name: "All campaigns" }).waitFor();
    await session.expectAccessible();

    await session.visit(`/workspace/c/${openCampaign.slug}/events`);
    await page.getByLabel(t("events.add.name")).fill("Spring fair");
    await page.getByLabel(t("events.add.place")).fill("Newport");
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    await page.getByLabel(t("events.add.startsOn")).fill(today);
    await page.getByRole("button", { name: t("events.add.submit") }).click();
    await page.getByRole("status").filter({ hasText: t("events.done.created") }).waitFor();
    await session.hydrated();
    await session.expectAccessible();
    expect(await page.getByLabel(t("events.add.name")).inputValue()).toBe("");

    await page.getByRole("button", { name: t("events.openKioskLabel", { name: "Spring fair" }) }).click();
    const opened = page.getByRole("region", { name: t("events.opened.heading", { name: "Spring fair" }) });
    await opened.waitFor();
    await session.expectAccessible();
    expect(await opened.getByRole("img", { name: t("events.opened.qr") }).count()).toBe(1);
    const kioskLink = (await opened.locator("code").textContent())!;
    expect(kioskLink).toMatch(new RegExp(`^${app.url}/kiosk/[A-Za-z0-9_-]{43}$`));

    const kiosk = await openSession(browser, app.url, { expectedStatuses: [410] });
    await kiosk.visit(kioskLink);
    await kiosk.page.getByRole("heading", { level: 2, name: t("kiosk.formHeading") }).waitFor();

    // The link is shown once: the page loaded again lists the kiosk, not its link.
    await session.reload();
    expect(await page.content()).not.toContain(kioskLink);
    await page.getByRole("button", { name: t("events.closeKioskLabel", { number: 1, name: "Spring fair" }) }).click();
    await page.getByRole("status").filter({ hasText: t("events.done.closed") }).waitFor();
    await session.hydrated();
    await session.expectAccessible();

    await kiosk.page.reload();
    await kiosk.page.getByRole("heading", { level: 1, name: t("kiosk.refused.title") }).waitFor();
    await kiosk.expectAccessible();
    expect(await kiosk.page.getByText(t("kiosk.refused.closed")).count()).toBe(1);
    expect(await kiosk.page.locator("form[method=post] input[name=name]").count()).toBe(0);
  });
});
