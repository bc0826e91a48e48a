import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { type BrowserSession, loggedLinks, openSession, waitForLoggedLink, waitForVerifyLink, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { postSignature, validSignature } from "../helpers/http";

// Withdrawing a signature (issue 15) in Chromium: the link from the mail, the page it opens checked
// with axe, and the button reached and pressed from the keyboard; with JavaScript and without.

const slug = "fair-care-now";
const withdrawPath = "/withdraw/\\d+-[\\w-]{43}";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

/** Signs by a plain POST and returns the confirmation and withdraw links from the mail the server wrote. */
async function sign(name: string, email: string) {
  const after = loggedLinks(app.logs, withdrawPath).length;
  expect((await postSignature(app, slug, { ...validSignature, name, email })).status).toBe(302);
  const withdraw = await waitForLoggedLink(app.logs, withdrawPath, { after });
  const verify = await waitForVerifyLink(app.logs, { after });
  return { verify, withdraw };
}

/** Presses Tab until the button is focused, as a keyboard user gets to it. */
async function tabTo(session: BrowserSession, name: string) {
  for (let i = 0; i < 40; i++) {
    await session.page.keyboard.press("Tab");
    const focused = await session.page.evaluate(() => (document.activeElement?.tagName === "BUTTON" ? document.activeElement.textContent : null));
    if (focused === name) return;
  }
  throw new Error(`Tab never reached the button "${name}"`);
}

describe("withdrawing a signature in a browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`from the mail's link, by keyboard (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const name = javaScriptEnabled ? "Kim Keyboard" : "Noor NoScript";
      const email = javaScriptEnabled ? "kim@example.org" : "noor@example.org";
      const { verify, withdraw } = await sign(name, email);
      const session = await openSession(browser, app.url, { javaScriptEnabled });
      const { page } = session;

      // The "you are counted" page offers the same link.
      await session.visit(verify);
      await page.getByRole("heading", { level: 1, name: "Signature confirmed" }).waitFor();
      const offered = page.getByRole("link", { name: "You can withdraw your signature." });
      expect(await offered.getAttribute("href")).toBe(new URL(withdraw).pathname);

      // The link from the mail.
      await session.visit(withdraw);
      await page.getByRole("heading", { level: 1, name: "Withdraw your signature" }).waitFor();
      expect(await page.getByText(name).isVisible()).toBe(true);
      await tabTo(session, "Withdraw my signature");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Your signature has been withdrawn" }).waitFor();
      if (javaScriptEnabled) await session.hydrated();
      await session.expectAccessible();
      expect(new URL(page.url()).search).toBe("?done=withdrawn");
      expect(query(app, "select id from signatures where email = ?", email)).toEqual([]);

      // Its way back is a link to the letter.
      await page.getByRole("link", { name: "Go to the letter" }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Fair care now" }).waitFor();
      if (javaScriptEnabled) await session.hydrated();
      await session.expectAccessible();
    });
  }
});
