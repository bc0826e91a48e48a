import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { type BrowserSession, openSession, waitForLoggedLink, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { htmlFile, oversizePdf, pdfFile, pngFile } from "../helpers/pdf";
import { createAccount } from "../helpers/session";

// Issue 4's proof: a campaign takes letters of support by invitation only, an invited author
// writes one with a PDF and confirms it, the campaign team approves it, and it is public.

const slug = "fair-care-now";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));
beforeAll(async () => {
  await createAccount(app, "campaigner@example.org", "campaigner");
  // The fixture campaign is the campaigner's own.
  execute(
    app,
    "insert into campaign_members (campaign_id, user_id, role, created_at) select campaigns.id, users.id, 'owner', ? from campaigns, users where campaigns.slug = ? and users.email = ?",
    new Date().toISOString(),
    slug,
    "campaigner@example.org",
  );
});

/** Waits for the page's heading, then for React, then checks it with axe. */
async function landed(session: BrowserSession, name: string | RegExp) {
  await session.page.getByRole("heading", { level: 1, name }).waitFor();
  await session.hydrated();
  await session.expectAccessible();
}

const uploads = () => (fs.existsSync(path.join(app.dataDir, "uploads")) ? fs.readdirSync(path.join(app.dataDir, "uploads")) : []);

it("refuses each kind of bad upload with its own message, in a browser without JavaScript, and keeps nothing", async () => {
  const session = await openSession(browser, app.url, { javaScriptEnabled: false, expectedStatuses: [400, 413] });
  const { page } = session;
  const bad = [
    { name: "empty", buffer: Buffer.alloc(0), status: 400, message: "The selected file is empty. Choose the PDF with your letter in it" },
    { name: "too-large", buffer: oversizePdf(), status: 413, message: "The selected file must be 10 MB or smaller" },
    { name: "picture", buffer: pngFile(), status: 400, message: "The selected file must be a PDF" },
    { name: "web-page", buffer: htmlFile(), status: 400, message: "The selected file must be a PDF" },
  ];
  // Each one a file on disk named .pdf, as a person would pick it (10 MB is slow to pass as a buffer).
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "support-uploads-"));
  for (const { name, buffer, status, message } of bad) {
    const file = path.join(folder, name, "letter.pdf");
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, buffer);
    await session.visit(`/c/${slug}/support/new`);
    await page.getByLabel("Your full name").fill("Dana Bad-File");
    await page.getByLabel("Email address").fill("dana@example.net");
    await page.getByLabel("Country").selectOption("IE");
    await page.getByLabel("Your letter", { exact: true }).fill("I support this campaign.");
    await page.getByLabel("Your letter as a PDF (optional)").setInputFiles(file);
    await page.getByLabel("I agree that my letter will be published").check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === "POST"),
      page.getByRole("button", { name: "Send my letter of support" }).click(),
    ]);
    expect(response.status(), name).toBe(status);
    await page.getByRole("alert").getByText(message).waitFor();
    expect(await page.locator(".error-message", { hasText: message }).isVisible()).toBe(true);
    await session.expectAccessible();
  }
  expect(query(app, "select count(*) as n from support_letters")).toEqual([{ n: 0 }]);
  expect(uploads()).toEqual([]);
  fs.rmSync(folder, { recursive: true, force: true });
}, 120_000);

it("a campaigner takes letters by invitation only, invites an author who writes with a PDF and confirms, approves it, and it is public", async () => {
  const team = await openSession(browser, app.url);
  const { page } = team;

  // Signing in from the emailed link, to the campaign's letters of support.
  await team.visit("/workspace");
  await page.getByLabel("Email address").fill("campaigner@example.org");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await landed(team, "Check your email");
  await team.visit(new URL(await waitForLoggedLink(app.logs, "/sign-in/[\\w-]{43}")).pathname);
  await page.getByRole("button", { name: "Continue" }).click();
  await landed(team, "Your campaigns");
  await page.getByRole("link", { name: "Fair care now" }).click();
  await landed(team, "Fair care now");
  await page.getByRole("navigation", { name: "Campaign pages" }).getByRole("link", { name: "Letters of support" }).click();
  await landed(team, "Letters of support");

  // Invitation only: the form without an invitation now says so.
  await page.getByLabel("Only people we invite").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("status").getByText("Saved.").waitFor();
  await team.expectAccessible();
  expect((await fetch(`${app.url}/c/${slug}/support/new`)).status).toBe(403);

  await page.getByLabel("Name (optional)").fill("Prof. Grace Hopper");
  await page.getByLabel("Email address").fill("grace@example.net");
  await page.getByLabel("Personal message (optional)").fill("Your experience would mean a lot to care workers.");
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await page.getByRole("status").getByText("Invitation sent.").waitFor();
  await team.expectAccessible();
  expect(await page.getByRole("cell", { name: "Prof. Grace Hopper, grace@example.net" }).isVisible()).toBe(true);

  // The author opens the personal link from the invitation, writes, attaches a PDF and sends.
  const invitation = await waitForLoggedLink(app.logs, `/c/${slug}/support/new\\?invitation=[\\w-]{43}`);
  const author = await openSession(browser, app.url);
  await author.visit(new URL(invitation).pathname + new URL(invitation).search);
  const letterPage = author.page;
  await letterPage.getByRole("heading", { level: 1, name: "Write a letter of support" }).waitFor();
  expect(await letterPage.getByLabel("Your full name").inputValue()).toBe("Prof. Grace Hopper");
  expect(await letterPage.getByLabel("Email address").inputValue()).toBe("grace@example.net");
  await letterPage.getByLabel("Your role or title (optional)").fill("Rear Admiral");
  await letterPage.getByLabel("Organisation (optional)").fill("Navy Computing");
  await letterPage.getByLabel("Country").selectOption("US");
  await letterPage.getByLabel("Your letter", { exact: true }).fill("Care workers keep us all going.\n\nPay them **fairly**.");
  const pdf = pdfFile("Letter of support from Grace Hopper");
  await letterPage.getByLabel("Your letter as a PDF (optional)").setInputFiles({ name: "grace.pdf", mimeType: "application/pdf", buffer: pdf });
  await letterPage.getByLabel("I agree that my letter will be published").check();
  await letterPage.getByRole("button", { name: "Send my letter of support" }).click();
  await landed(author, "Check your email");

  await author.visit(new URL(await waitForLoggedLink(app.logs, "/support/confirm/[\\w-]{43}")).pathname);
  await letterPage.getByRole("heading", { level: 1, name: "Letter of support confirmed" }).waitFor();

  // The campaign team reads it, with the author's address and the PDF, and approves it.
  await team.visit(`/workspace/c/${slug}/support`);
  expect(await page.getByRole("row", { name: /Prof\. Grace Hopper Navy Computing United States Awaiting review/ }).isVisible()).toBe(true);
  await page.getByRole("link", { name: "Prof. Grace Hopper" }).click();
  await landed(team, "Letter of support from Prof. Grace Hopper");
  expect(await page.getByRole("link", { name: "grace@example.net" }).isVisible()).toBe(true);
  expect(await page.locator("article.letter strong").textContent()).toBe("fairly");
  expect(await page.getByRole("link", { name: "Open the letter as a PDF (PDF, 1 KB)" }).isVisible()).toBe(true);
  await page.getByRole("button", { name: "Approve and publish" }).click();
  await page.getByRole("status").getByText("Approved. The letter is public").waitFor();
  await team.expectAccessible();
  await waitForLoggedLink(app.logs, `/c/${slug}/support/\\d+`); // the author is told, with the public link

  // Public: on the campaign page, the list and its own page, with the PDF, never with the author's address.
  await author.visit(`/c/${slug}`);
  await letterPage.getByRole("link", { name: "1 letter of support from 1 country" }).click();
  await landed(author, "Letters of support");
  expect(await letterPage.content()).not.toContain("grace@example.net");
  await letterPage.getByRole("link", { name: /Prof\. Grace Hopper/ }).first().click();
  await landed(author, "Letter of support from Prof. Grace Hopper");
  expect(await letterPage.getByText("Rear Admiral").isVisible()).toBe(true);
  expect(await letterPage.content()).not.toContain("grace@example.net");
  const pdfLink = letterPage.getByRole("link", { name: "Read the letter as a PDF (PDF, 1 KB)" });
  const served = await author.context.request.get((await pdfLink.getAttribute("href"))!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("application/pdf");
  expect(Buffer.from(await served.body())).toEqual(pdf);
}, 120_000);
