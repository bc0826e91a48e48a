import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { type BrowserSession, loggedLinks, openSession, waitForVerifyLink, withBrowserAndApp } from "../helpers/browser";
import { execute } from "../helpers/db";
import { addSigner } from "../helpers/delivery";
import { openCampaign } from "../helpers/fixtures";
import { postSignature, validSignature } from "../helpers/http";
import { createAccount } from "../helpers/session";

// What a newcomer trips over: finding the way in, the footer's pages, where they are in the
// workspace, a table wider than the page, and passing the letter on.

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

const slug = openCampaign.slug;

/** What has keyboard focus, as assistive technology announces it (`link "Privacy"`). */
async function focused(page: Page) {
  const focus = page.locator("*:focus");
  if ((await focus.count()) === 0) return "nothing";
  const [first] = (await focus.ariaSnapshot()).split("\n");
  return first.replace(/^- /, "").replace(/:$/, "");
}

/** Presses Tab until `expected` has focus, as someone working through the page would. */
async function tabTo(page: Page, expected: string, maxPresses = 40) {
  const seen: string[] = [];
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now === expected) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached ${expected}; it went through:\n${seen.join("\n")}`);
}

/** Waits for the page's heading, then for React, then checks the page with axe. */
async function landed(session: BrowserSession, heading: string) {
  await session.page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await session.hydrated();
  await session.expectAccessible();
}

/** A confirmation link for a new signature, from the server's log. */
async function newVerifyLink(email: string) {
  const before = loggedLinks(app.logs, "/verify/[\\w-]+").length;
  const response = await postSignature(app, slug, { ...validSignature, email });
  expect(response.status).toBe(302);
  return waitForVerifyLink(app.logs, { after: before });
}

describe("a newcomer to the public pages", () => {
  it("finds Sign in in the header, and the privacy notice, accessibility statement and contact in the footer", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit("/");
    const header = page.getByRole("banner");
    const footer = page.getByRole("contentinfo");

    await header.getByRole("link", { name: "Sign in" }).click();
    await landed(session, "Sign in");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await header.getByRole("link", { name: "Sign in" }).getAttribute("aria-current")).toBe("page");

    await footer.getByRole("link", { name: "Privacy" }).click();
    await landed(session, "Privacy notice");
    expect(await page.title()).toBe("Privacy notice – Undersigned");
    expect(await footer.getByRole("link", { name: "Privacy" }).getAttribute("aria-current")).toBe("page");
    await page.getByText("The pack never has your email address or your IP address.").waitFor();
    await page.getByRole("link", { name: "see, download or erase the information we hold about you" }).waitFor();

    await footer.getByRole("link", { name: "Accessibility" }).click();
    await landed(session, "Accessibility statement");
    await page.getByText("We prepared this statement on 1 December 2026.").waitFor();
    await page.getByText(/letter\.pdf\) is not a tagged PDF/).waitFor();
    await page.getByRole("link", { name: "Equality Advisory and Support Service (EASS)" }).waitFor();

    await footer.getByRole("link", { name: "Contact" }).click();
    await landed(session, "Contact us");
    // No setting of its own: the address is MAIL_FROM's (the default in tests).
    expect(await page.getByRole("link", { name: "noreply@undersigned.localhost" }).getAttribute("href")).toBe("mailto:noreply@undersigned.localhost");
  });

  it("reaches Sign in and the footer's pages with the keyboard alone", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit("/");

    // The way in comes straight after the site's name, before the content.
    await tabTo(page, 'link "Skip to main content"', 1);
    await tabTo(page, 'link "Undersigned"', 1);
    await tabTo(page, 'link "Cymraeg"', 1);
    await tabTo(page, 'link "Sign in"', 1);

    await tabTo(page, 'link "Accessibility"');
    await page.keyboard.press("Enter");
    await landed(session, "Accessibility statement");
    await tabTo(page, 'link "Privacy"');
    await page.keyboard.press("Enter");
    await landed(session, "Privacy notice");
  });
});

describe("a campaigner new to the workspace", () => {
  it("sees Workspace in the header, the campaign's tabs mark the current page, and the latest signatures stay in the column at 1280 px", async () => {
    // A signer whose address and organisation have nothing to break a line at: the table used to
    // run past the column, and past the window.
    const longEmail = `${"a".repeat(70)}@an-organisation-with-a-very-long-name.example.org`;
    addSigner(app, slug, longEmail);
    execute(app, "update signatures set name = ?, organisation = ?, role = ? where email = ?", "Ann Long", `Org${"x".repeat(80)}`, "Chief executive", longEmail);
    const link = (await createAccount(app, "new-staff@example.org", "staff")).match(/\/sign-in\/[\w-]{43}/)?.[0];
    if (!link) throw new Error("no sign-in link");

    const session = await openSession(browser, app.url);
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await session.visit(link);
    await page.getByRole("button", { name: "Continue" }).click();
    await landed(session, "All campaigns");
    const header = page.getByRole("banner");
    expect(await header.getByRole("link", { name: "Sign in" }).count()).toBe(0);
    expect(await header.getByRole("link", { name: "Workspace" }).getAttribute("aria-current")).toBe("page");

    await page.getByRole("link", { name: openCampaign.title }).click();
    await landed(session, openCampaign.title);
    const nav = page.getByRole("navigation", { name: "Campaign pages" });
    const current = () => nav.locator('[aria-current="page"]').allTextContents();
    expect(await current()).toEqual(["Overview"]);

    // The table fits: the page is no wider than the window, the table's region ends inside <main>,
    // and the long cells wrap so the table needs no scrolling either.
    const latest = page.getByRole("region", { name: "Latest signatures" });
    await latest.getByRole("cell", { name: longEmail }).waitFor();
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
    expect(widths.page, "the page's width at 1280 px").toBeLessThanOrEqual(widths.viewport);
    const main = (await page.locator("main").boundingBox())!;
    const region = (await latest.boundingBox())!;
    expect(region.x + region.width, "the right edge of the table's region").toBeLessThanOrEqual(main.x + main.width + 1);
    expect(await latest.evaluate((el) => el.scrollWidth <= el.clientWidth), "the table fits its region").toBe(true);
    // A region that ever has to scroll can take keyboard focus, so it can be scrolled without a mouse.
    expect(await latest.getAttribute("tabindex")).toBe("0");

    await nav.getByRole("link", { name: "Team" }).click();
    await landed(session, "Team");
    expect(await current()).toEqual(["Team"]);
    await nav.getByRole("link", { name: "Overview" }).click();
    await landed(session, openCampaign.title);
    expect(await current()).toEqual(["Overview"]);
  });
});

describe("a supporter who has just confirmed", () => {
  it("with JavaScript: copies the campaign's link with a button, and is told it is copied", async () => {
    const link = await newVerifyLink("share-js@example.org");
    const session = await openSession(browser, app.url);
    const { page, context } = session;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    await session.visit(link);
    await page.getByRole("heading", { level: 1, name: "Signature confirmed" }).waitFor();

    const campaignUrl = `${app.url}/c/${slug}`;
    expect(await page.getByRole("link", { name: campaignUrl }).getAttribute("href")).toBe(campaignUrl);
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect.poll(() => page.getByRole("main").getByRole("status").textContent()).toBe("Link copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(campaignUrl);
    await session.expectAccessible();
  });

  it("without JavaScript: has the plain link, and no button that would do nothing", async () => {
    const link = await newVerifyLink("share-nojs@example.org");
    const session = await openSession(browser, app.url, { javaScriptEnabled: false });
    const { page } = session;
    await session.visit(link);
    await page.getByRole("heading", { level: 1, name: "Signature confirmed" }).waitFor();

    const campaignUrl = `${app.url}/c/${slug}`;
    expect(await page.getByRole("link", { name: campaignUrl }).getAttribute("href")).toBe(campaignUrl);
    expect(await page.getByRole("button", { name: "Copy link" }).count()).toBe(0);
  });
});
