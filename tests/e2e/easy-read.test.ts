import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { type Mailbox, startMailbox } from "../helpers/smtp";

// Easy Read (issue 13) in Chromium: the demo campaign's Easy Read page as a reader's browser lays it
// out (text at 14 pt or more, line height 1.5 or more, pictures on the left at 100 px or more,
// targets of 44 px or more), a keyboard-only Easy Read signing with a helper recorded, and axe on
// every Easy Read page, in English and in Welsh, with and without JavaScript. Words come from
// app/i18n through getT(language, "easy_read").

const enEasy = getT("en", "easy_read");
const cyEasy = getT("cy", "easy_read");
const slug = "co-production-wales";

let browser: Browser;
let app: RunningApp;
let mailbox: Mailbox;
let databaseFile: string;
const emptyDirs = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-e2e-"));

beforeAll(async () => {
  mailbox = await startMailbox();
});
// A newcomer's first start: the server migrates an empty database and seeds the demo campaign,
// whose letter has an Easy Read version in Welsh and English.
withBrowserAndApp((started) => ({ browser, app } = started), {
  appPerTest: true,
  env: () => {
    databaseFile = path.join(fs.mkdtempSync(path.join(emptyDirs, "test-")), "undersigned.db");
    return { SEED_DEMO: "true", SMTP_URL: mailbox.url, DATABASE_URL: `file:${databaseFile}` };
  },
});
afterAll(async () => {
  await mailbox?.close();
  fs.rmSync(emptyDirs, { recursive: true, force: true });
});

const stored = (sql: string, ...params: unknown[]) => query({ databaseUrl: `file:${databaseFile}` }, sql, ...params);

/** What has keyboard focus, as assistive technology announces it (`textbox "Your name"`, `radio "Yes" [checked]`). */
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

/** How the browser lays out the Easy Read rows and the page's targets. */
function layout(page: Page) {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll(".easy-read-row")].map((row) => {
      const img = row.querySelector("img")!;
      const text = row.querySelector("p")!;
      const style = getComputedStyle(text);
      return {
        imgWidth: img.getBoundingClientRect().width,
        imgRight: img.getBoundingClientRect().right,
        textLeft: text.getBoundingClientRect().left,
        fontSize: parseFloat(style.fontSize),
        lineHeight: parseFloat(style.lineHeight),
        textAlign: style.textAlign,
        fontStyle: style.fontStyle,
        alt: img.getAttribute("alt"),
      };
    });
    const targets = [...document.querySelectorAll("main a, main button, main input[type=radio], main input[type=checkbox]")].map((element) => {
      const box = element.getBoundingClientRect();
      return { name: (element.textContent || element.getAttribute("name") || "").trim().slice(0, 40), width: box.width, height: box.height };
    });
    return { rows, targets };
  });
}

describe("the Easy Read page in Chromium", () => {
  it("is linked from the campaign page and lays out large, left-aligned rows with pictures on the left", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit(`/c/${slug}`);
    await page.getByRole("link", { name: enEasy("easyRead.link") }).click();
    await page.waitForURL(`${app.url}/c/${slug}/easy-read`);
    await session.hydrated();
    await session.expectAccessible();

    const { rows, targets } = await layout(page);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) {
      expect(row.imgWidth).toBeGreaterThanOrEqual(100);
      expect(row.imgRight).toBeLessThan(row.textLeft);
      expect(row.fontSize).toBeGreaterThanOrEqual(18.67);
      expect(row.lineHeight / row.fontSize).toBeGreaterThanOrEqual(1.5);
      expect(["left", "start"]).toContain(row.textAlign);
      expect(row.fontStyle).toBe("normal");
    }
    // The letter's own rows carry their alt text.
    expect(rows.filter((row) => row.alt).length).toBeGreaterThanOrEqual(6);
    for (const target of targets) {
      expect(target.width, `width of ${target.name}`).toBeGreaterThanOrEqual(44);
      expect(target.height, `height of ${target.name}`).toBeGreaterThanOrEqual(44);
    }

    // And back to the standard letter.
    await page.getByRole("link", { name: enEasy("easyRead.standard") }).click();
    await page.waitForURL(`${app.url}/c/${slug}`);
    await session.hydrated();
    await session.expectAccessible();
  });

  it("signs by keyboard alone with a helper recorded, and confirms in Easy Read", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit(`/c/${slug}/easy-read`);

    const sign = page.getByRole("link", { name: enEasy("easyRead.sign"), exact: true });
    let presses = 0;
    while (!(await sign.evaluate((element) => element === document.activeElement))) {
      if (presses++ === 40) throw new Error("Forty presses of Tab did not reach the Sign link");
      await page.keyboard.press("Tab");
    }
    await Promise.all([page.waitForURL(`${app.url}/c/${slug}/easy-read/sign`), page.keyboard.press("Enter")]);
    await session.hydrated();
    await session.expectAccessible();

    await page.getByRole("link", { name: enEasy("easyRead.backToEasyRead") }).focus();
    await tab(page, `textbox "${enEasy("sign.name")}"`);
    await page.keyboard.type("Rhys Evans");
    await tab(page, `textbox "${enEasy("sign.email")}"`);
    await page.keyboard.type("rhys@example.org");
    await tab(page, `textbox "${enEasy("sign.location")}"`);
    await page.keyboard.type("Bangor");
    await tab(page, `radio "${enEasy("easyRead.forMyself")}" [checked]`);
    await tab(page, `textbox "${enEasy("easyRead.organisation")}"`);
    await tab(page, `checkbox "${enEasy("easyRead.showName")}"`);
    await page.keyboard.press("Space");
    await tab(page, `radio "${enEasy("assisted.no")}" [checked]`);
    await page.keyboard.press("ArrowDown");
    expect(await focused(page)).toBe(`radio "${enEasy("assisted.yes")}" [checked]`);
    await tab(page, `textbox "${enEasy("assisted.helperName")}"`);
    await page.keyboard.type("Mari Jones");
    await tab(page, `radio "${enEasy("assisted.relations.support_worker")}"`);
    await page.keyboard.press("Space");
    expect(await focused(page)).toBe(`radio "${enEasy("assisted.relations.support_worker")}" [checked]`);
    await tab(page, `link "${enEasy("privacyNote.link")}"`);
    await tab(page, `button "${enEasy("sign.submit")}"`);
    await Promise.all([page.waitForURL(`${app.url}/c/${slug}/easy-read/check-email`), page.keyboard.press("Enter")]);
    await page.getByRole("heading", { level: 1, name: enEasy("checkEmail.title") }).waitFor();
    await session.expectAccessible();

    const [mail] = await mailbox.waitFor(1, "rhys@example.org");
    const link = mail.text?.match(/https?:\/\/\S+\/c\/co-production-wales\/easy-read\/verify\/[\w-]+/)?.[0];
    expect(link).toBeDefined();
    await session.visit(link!);
    await page.getByRole("heading", { level: 1, name: enEasy("verify.title") }).waitFor();

    expect(
      stored(
        `select t.variant, s.letter_sha256 = t.sha256 as same_text, s.helper_name, s.helper_relation, s.show_name, s.verified_at is not null as verified
           from signatures s join letter_texts t on t.id = s.letter_text_id where s.email = ?`,
        "rhys@example.org",
      ),
    ).toEqual([{ variant: "easy_read", same_text: 1, helper_name: "Mari Jones", helper_relation: "support_worker", show_name: 1, verified: 1 }]);
  }, 60_000);

  it("in Welsh without JavaScript: the page, a refusal in Easy Read words and the next page all pass axe", async () => {
    const session = await openSession(browser, app.url, { javaScriptEnabled: false, expectedStatuses: [400] });
    const { page } = session;
    await session.visit(`/cy/c/${slug}/easy-read`);
    expect(await page.locator("html").getAttribute("lang")).toBe("cy");
    expect(await page.locator("body").getAttribute("class")).toBe("easy-read");
    await page.getByRole("link", { name: cyEasy("easyRead.sign"), exact: true }).click();
    await page.waitForURL(`${app.url}/cy/c/${slug}/easy-read/sign`);
    await session.expectAccessible();

    await page.getByLabel(cyEasy("sign.name"), { exact: true }).fill("Siân Prys");
    await page.getByLabel(cyEasy("sign.email"), { exact: true }).fill("dim cyfeiriad");
    await page.getByRole("button", { name: cyEasy("sign.submit"), exact: true }).click();
    await page.getByText(cyEasy("errors.emailInvalid")).first().waitFor();
    await session.expectAccessible();

    await page.getByLabel(cyEasy("sign.email"), { exact: true }).fill("sian@example.org");
    await page.getByLabel(cyEasy("sign.location"), { exact: true }).fill("Aberystwyth");
    await page.getByRole("button", { name: cyEasy("sign.submit"), exact: true }).click();
    await page.waitForURL(`${app.url}/cy/c/${slug}/easy-read/check-email`);
    await page.getByRole("heading", { level: 1, name: cyEasy("checkEmail.title") }).waitFor();
    await session.expectAccessible();
    expect(stored("select language, helper_name from signatures where email = ?", "sian@example.org")).toEqual([{ language: "cy", helper_name: null }]);
  }, 60_000);
});
