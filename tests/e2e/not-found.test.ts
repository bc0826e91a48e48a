import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { draftCampaign } from "../helpers/fixtures";

let browser: Browser;
let app: RunningApp;
// Nothing here writes, so one server serves every case.
withBrowserAndApp((started) => ({ browser, app } = started));

describe("an address that leads nowhere", () => {
  it.each([
    ["an unknown campaign", "/c/no-such-campaign"],
    ["a draft campaign", `/c/${draftCampaign.slug}`],
    ["an unknown page", "/no/such/page"],
  ])("shows Page not found for %s, with status 404, and a way back", async (_, path) => {
    const session = await openSession(browser, app.url, { expectedStatuses: [404] });
    const { page } = session;
    await session.visit(path, { status: 404 });

    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.title()).toBe("Page not found – Undersigned");
    expect(await page.getByText("If you typed the web address, check it is correct.").isVisible()).toBe(true);
    await page.getByRole("link", { name: "See all campaigns" }).click();
    await page.getByRole("heading", { level: 1, name: "Open letters" }).waitFor();
    await session.expectAccessible();
  });
});
