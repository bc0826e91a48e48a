import type { Browser } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { loggedLinks, openSession, waitForLoggedLink, waitForVerifyLink, withBrowserAndApp } from "../helpers/browser";
import { postSignature, validSignature } from "../helpers/http";
import { createAccount } from "../helpers/session";

const signInPath = "/sign-in/[\\w-]{43}";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));
beforeAll(async () => {
  await createAccount(app, "campaigner@example.org", "campaigner");
});

it("a campaigner signs in from the emailed link, drafts, previews and publishes a letter, and sees it grow", async () => {
  const session = await openSession(browser, app.url);
  const { page } = session;
  const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name }).waitFor();
  const landed = async (name: string | RegExp) => {
    await heading(name);
    await session.hydrated();
    await session.expectAccessible();
  };

  // Signing in: the workspace sends us to sign in and back.
  const linksBefore = loggedLinks(app.logs, signInPath).length;
  await session.visit("/workspace", { status: 200 });
  await heading("Sign in");
  await page.getByLabel("Email address").fill("campaigner@example.org");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await landed("Check your email");
  await session.visit(new URL(await waitForLoggedLink(app.logs, signInPath, { after: linksBefore })).pathname);
  await page.getByRole("button", { name: "Continue" }).click();
  await landed("Your campaigns");
  expect(await page.getByText("Signed in as campaigner@example.org").isVisible()).toBe(true);

  // Drafting a letter with two recipients.
  await page.getByRole("link", { name: "Start a new campaign" }).click();
  await landed("Start a new campaign");
  await page.getByLabel("Title", { exact: true }).fill("Libraries open on Sundays");
  await page.getByLabel("Web address").fill("sunday-libraries");
  await expect.poll(() => page.getByText("This web address is free.").isVisible()).toBe(true);
  await page.getByLabel("Summary", { exact: true }).fill("Open every public library on Sundays.");
  await page.getByLabel("The letter", { exact: true }).fill("Dear Minister,\n\nPlease open **every library** on Sundays.");
  const first = page.getByRole("group", { name: "Recipient 1" });
  await first.getByLabel("Name", { exact: true }).fill("Ada Minister");
  await first.getByLabel("Office or title").fill("Minister for Culture");
  await page.getByRole("button", { name: "Add another recipient" }).click();
  const second = page.getByRole("group", { name: "Recipient 2" });
  await second.getByLabel("Name", { exact: true }).waitFor();
  await second.getByLabel("Name", { exact: true }).fill("Ben Leader");
  await second.getByLabel("Office or title").fill("Leader of the Opposition");
  await second.getByLabel("Addressed to, or a copy").selectOption("cc");
  await session.expectAccessible();

  await page.getByRole("button", { name: "Preview the letter" }).click();
  await page.getByRole("heading", { level: 2, name: "Preview" }).waitFor();
  expect(await page.locator(".preview strong").textContent()).toBe("every library");
  await session.expectAccessible();

  await page.getByRole("button", { name: "Create the draft" }).click();
  await landed("Libraries open on Sundays");
  await page.getByRole("link", { name: "Preview the public page" }).click();
  await landed("Libraries open on Sundays");
  expect(await page.getByText("Preview: this is how the public page will look").isVisible()).toBe(true);
  await page.getByRole("link", { name: "Back to the campaign" }).click();
  await landed("Libraries open on Sundays");

  // Publishing: it appears on the home page.
  await page.getByRole("button", { name: "Publish the campaign" }).click();
  await page.getByText("Status: Open").waitFor();
  await session.hydrated();
  await session.expectAccessible();
  await session.visit("/");
  await page.getByRole("link", { name: "Libraries open on Sundays" }).waitFor();

  // A supporter signs and confirms; the campaigner sees the count rise.
  expect((await postSignature(app, "sunday-libraries", validSignature)).status).toBe(302);
  expect((await fetch(await waitForVerifyLink(app.logs))).status).toBe(200);
  await session.visit("/workspace/c/sunday-libraries");
  const verified = page.locator(".stats dd").first();
  expect(await verified.textContent()).toBe("1");
  expect(await page.getByRole("cell", { name: "Ann Jones" }).isVisible()).toBe(true);
  await session.visit("/c/sunday-libraries");
  await expect.poll(async () => {
    await session.reload();
    return page.getByText("1 person has signed").isVisible();
  }, { timeout: 15_000 }).toBe(true);
});
