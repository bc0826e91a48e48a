import fs from "node:fs";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, waitForLoggedLink, waitForVerifyLink, loggedLinks, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { openCampaign } from "../helpers/fixtures";
import { postSignature, validSignature, waitForCount } from "../helpers/http";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started), { appPerTest: true });

/** A confirmed signature and a published letter of support, both from `email`. */
async function holdSomething(email: string) {
  const before = loggedLinks(app.logs, "/verify/[\\w-]+").length;
  expect((await postSignature(app, openCampaign.slug, { ...validSignature, email, name: "Gwen Davies", location: "Bangor" })).status).toBe(302);
  expect((await fetch(await waitForVerifyLink(app.logs, { after: before }))).status).toBe(200);
  await waitForCount(app, openCampaign.slug, 1);
  const at = new Date().toISOString();
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", openCampaign.slug)[0].id;
  execute(
    app,
    "insert into support_letters (campaign_id, author_name, email, country, body, consent_at, status, created_at, updated_at, confirmed_at) values (?, 'Gwen Davies', ?, 'GB', 'I support this letter.', ?, 'approved', ?, ?, ?)",
    campaignId,
    email,
    at,
    at,
    at,
    at,
  );
}

describe("seeing and erasing one's own data", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`asks for a link, opens it, sees, downloads and erases, by keyboard (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const email = "gwen@example.org";
      await holdSomething(email);
      const session = await openSession(browser, app.url, { javaScriptEnabled });
      const { page } = session;
      const settled = async (heading: string) => {
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await session.hydrated();
        await session.expectAccessible();
      };

      await session.visit("/my-data");
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("See or erase your information");
      await page.getByRole("textbox", { name: "Email address" }).focus();
      await page.keyboard.type(email);
      await page.keyboard.press("Enter");
      await settled("Check your email");
      expect(await page.getByText("If we hold anything for that address, we have sent a link to it. It works once, for 15 minutes.").isVisible()).toBe(true);

      const link = await waitForLoggedLink(app.logs, "/my-data/[\\w-]{43}");
      await session.visit(link);
      await page.getByRole("button", { name: "Show my data" }).focus();
      await page.keyboard.press("Enter");
      await settled("Your information");
      expect(new URL(page.url()).pathname).toBe("/my-data/yours");
      expect(await page.getByText(`This is everything we hold for ${email}.`).isVisible()).toBe(true);
      expect(await page.getByRole("heading", { level: 3, name: openCampaign.title }).count()).toBe(2);

      // The download is a file, in the same session.
      const downloadLink = page.getByRole("link", { name: "Download as JSON" });
      await downloadLink.focus();
      const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      expect(download.suggestedFilename()).toBe("my-data.json");
      const json = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
      expect(json.signatures).toHaveLength(1);
      expect(json.supportLetters).toHaveLength(1);

      await page.getByRole("link", { name: "Erase everything" }).focus();
      await page.keyboard.press("Enter");
      await settled("Erase everything");
      // The question about published letters: one stop, Space chooses, Tab on to the button.
      await page.getByRole("radio", { name: "Yes, withdraw them" }).focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      expect(await page.locator("*:focus").textContent()).toBe("Erase everything");
      await page.keyboard.press("Enter");
      await settled("Your information has been erased");
      expect(await page.getByText("Signatures withdrawn: 1").isVisible()).toBe(true);
      expect(await page.getByText("Letters of support deleted: 1").isVisible()).toBe(true);

      await waitForCount(app, openCampaign.slug, 0);
      expect(query(app, "select count(*) as n from support_letters where email = ?", email)[0]).toEqual({ n: 0 });
      await session.close();
    });
  }
});
