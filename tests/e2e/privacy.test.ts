import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { isOnScreen, openSession, withBrowserAndApp } from "../helpers/browser";

// The privacy notice (issue 15, point 4) in Chromium: axe on /privacy and /cy/privacy, and every link
// on it reached and followed with the keyboard alone.

const en = getT("en");
const cy = getT("cy");

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

/** What has keyboard focus, as assistive technology announces it (see keyboard.test.ts). */
async function focused(page: Page) {
  const focus = page.locator("*:focus");
  if ((await focus.count()) === 0) return "nothing";
  const [first] = (await focus.ariaSnapshot()).split("\n");
  return first.replace(/^- /, "").replace(/:$/, "");
}

/** Presses Tab until `expected` has focus; returns what it passed on the way. */
async function tabTo(page: Page, expected: string, maxPresses = 60) {
  const seen: string[] = [];
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now === expected) return seen;
    seen.push(now);
  }
  throw new Error(`Tab never reached ${expected}; it went through:\n${seen.join("\n")}`);
}

describe("the privacy notice", () => {
  it("passes axe in English and Welsh, and every link on it is reached by Tab in reading order", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit("/privacy");
    await page.getByRole("heading", { level: 1, name: en("privacy.title") }).waitFor();

    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe('link "Skip to main content"');
    await page.keyboard.press("Enter");
    await tabTo(page, `link "${en("privacy.withdrawShortcut")}"`);
    await tabTo(page, `link "${en("privacy.myDataShortcut")}"`);
    await tabTo(page, 'link "noreply@undersigned.localhost"');
    await tabTo(page, `link "${en("privacy.myDataLink")}"`);
    await tabTo(page, `link "${en("privacy.contactLink")}"`);
    await tabTo(page, `link "${en("privacy.icoLink")}"`);

    // The shortcut to withdrawing, followed by the keyboard, lands on its section.
    await page.getByRole("link", { name: en("privacy.withdrawShortcut") }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`${app.url}/privacy#withdraw`);
    const section = page.getByRole("heading", { level: 2, name: en("privacy.withdrawTitle") });
    await expect.poll(() => isOnScreen(section), { timeout: 3000 }).toBe(true);

    await session.visit("/cy/privacy");
    await page.getByRole("heading", { level: 1, name: cy("privacy.title") }).waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await tabTo(page, `link "${cy("privacy.withdrawShortcut")}"`);
    await tabTo(page, `link "${cy("privacy.myDataShortcut")}"`);
    expect(await page.getByRole("link", { name: cy("privacy.myDataShortcut") }).getAttribute("href")).toBe("/cy/my-data");
  });

  it("is reached from the sign form's note by keyboard, in the page's language", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit("/c/fair-care-now/sign");
    await tabTo(page, `link "${en("privacyNote.link")}"`);
    await Promise.all([page.waitForURL(`${app.url}/privacy`), page.keyboard.press("Enter")]);
    await page.getByRole("heading", { level: 1, name: en("privacy.title") }).waitFor();
    await session.hydrated();
    await session.expectAccessible();
  });
});
