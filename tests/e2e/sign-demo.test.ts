import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { type BrowserSession, isOnScreen, openSession, waitForVerifyLink, withBrowserAndApp } from "../helpers/browser";

const demoTitle = "Put co-production at the heart of Welsh public services";

let browser: Browser;
let app: RunningApp;
const emptyDirs = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-e2e-"));

// A newcomer's first start: an empty database, so the server migrates it and seeds the demo
// campaign (the shared base database already holds fixture campaigns, which stops the seeding).
// No SMTP_URL: mail is written under the data folder and its link printed in the log.
withBrowserAndApp((started) => ({ browser, app } = started), {
  appPerTest: true,
  env: () => ({ SEED_DEMO: "true", DATABASE_URL: `file:${path.join(fs.mkdtempSync(path.join(emptyDirs, "test-")), "undersigned.db")}` }),
});
afterAll(() => fs.rmSync(emptyDirs, { recursive: true, force: true }));

/** The verified count is added in batches; reload (checking each page) until it shows. */
async function reloadUntilCounted(s: BrowserSession, text: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await s.page.getByText(text).isVisible())) {
    if (Date.now() > deadline) throw new Error(`"${text}" did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
    await s.reload();
  }
}

/** Opens the link from the log, sees the confirmation, and finds the name in the count and list. */
async function confirmAndSeeCounted(s: BrowserSession, name: string) {
  const { page } = s;
  const link = await waitForVerifyLink(app.logs);
  expect(link.startsWith(`${app.url}/verify/`)).toBe(true);
  await s.visit(link);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Signature confirmed");
  await expect.poll(() => page.getByText(`Your signature on “${demoTitle}” is confirmed`).isVisible()).toBe(true);

  await page.getByRole("link", { name: "Back to the letter" }).click();
  await page.getByRole("heading", { level: 1, name: demoTitle }).waitFor();
  await s.expectAccessible();
  await reloadUntilCounted(s, "1 person has signed");
  const signatories = page.getByRole("region", { name: "Who has signed" });
  const listed = await signatories.getByRole("listitem").allTextContents();
  expect(listed).toHaveLength(1);
  expect(listed[0]).toContain(name);
  expect(await page.getByText("Nobody has signed publicly yet.").count()).toBe(0);
}

async function openDemoFromHome(s: BrowserSession) {
  const { page } = s;
  await s.visit("/");
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Open letters");
  await page.getByRole("link", { name: demoTitle }).click();
  await page.getByRole("heading", { level: 1, name: demoTitle }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/c/co-production-wales");
  await s.expectAccessible();
  await expect.poll(() => page.getByText("0 people have signed").isVisible()).toBe(true);
}

describe("a newcomer signs the demo campaign", () => {
  it("with JavaScript: signs, confirms from the emailed link, and is counted and listed", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await openDemoFromHome(session);

    await page.getByLabel("Your full name").fill("Ann Jones");
    await page.getByLabel("Email address").fill("ann@example.org");
    await page.getByRole("radio", { name: "As an individual" }).check();
    await page.getByLabel("Town or postcode").fill("Cardiff");
    await page.getByLabel(/^Show my name/).check();
    await page.getByRole("button", { name: "Sign the letter" }).click();

    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/c/co-production-wales/check-email");
    await session.expectAccessible();
    await expect.poll(() => page.getByText("Your signature is not counted until you confirm it.").isVisible()).toBe(true);

    await confirmAndSeeCounted(session, "Ann Jones");
  });

  it("without JavaScript: is told what to fix, keeps what was typed, then signs and is counted", async () => {
    const session = await openSession(browser, app.url, { javaScriptEnabled: false, expectedStatuses: [400] });
    const { page } = session;
    await openDemoFromHome(session);
    const submit = async (status: number) => {
      const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/c/co-production-wales/sign"));
      const loaded = page.waitForEvent("load");
      await page.getByRole("button", { name: "Sign the letter" }).click();
      expect((await response).status()).toBe(status);
      await loaded;
    };

    // An empty form: one message per missing field, each linked to its field.
    await submit(400);
    await session.expectAccessible();
    const summary = page.getByRole("alert");
    await expect.poll(() => summary.getByRole("heading").textContent()).toBe("There is a problem");
    expect(await summary.getByRole("link").allTextContents()).toEqual([
      "Enter your full name",
      "Enter your email address",
      "Enter your town or postcode",
    ]);
    // Following a link puts the cursor in its field, with the field's label and message in view.
    for (const [message, label] of Object.entries({
      "Enter your full name": "Your full name",
      "Enter your email address": "Email address",
      "Enter your town or postcode": "Town or postcode",
    })) {
      await page.getByRole("alert").getByRole("link", { name: message }).click();
      expect(await page.getByLabel(label, { exact: true }).evaluate((el) => el === document.activeElement), message).toBe(true);
      expect(await isOnScreen(page.getByText(label, { exact: true })), `label "${label}" on screen`).toBe(true);
      expect(await isOnScreen(page.getByText(message).last()), `message "${message}" on screen`).toBe(true);
    }
    // The message also sits by the field, and is read with it.
    await expect.poll(() => page.getByLabel("Your full name").getAttribute("aria-invalid")).toBe("true");
    expect(await accessibleDescription(page, "Your full name")).toContain("Enter your full name");

    // Half right: what was typed stays, and only what is still wrong is listed.
    await page.getByLabel("Your full name").fill("Bryn Evans");
    await page.getByLabel("Email address").fill("bryn@example");
    await page.getByLabel(/^Show my name/).check();
    await submit(400);
    await session.expectAccessible();
    expect(await page.getByRole("alert").getByRole("link").allTextContents()).toEqual([
      "Enter an email address in the correct format, like name@example.com",
      "Enter your town or postcode",
    ]);
    expect(await page.getByLabel("Your full name").inputValue()).toBe("Bryn Evans");
    expect(await page.getByLabel("Email address").inputValue()).toBe("bryn@example");
    expect(await page.getByRole("radio", { name: "As an individual" }).isChecked()).toBe(true);
    expect(await page.getByLabel(/^Show my name/).isChecked()).toBe(true);

    await page.getByLabel("Email address").fill("bryn@example.org");
    await page.getByLabel("Town or postcode").fill("CF10 1AA");
    await page.getByRole("radio", { name: "As an individual" }).check();
    await page.getByLabel(/^Show my name/).check();
    await submit(302);
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await session.expectAccessible();

    await confirmAndSeeCounted(session, "Bryn Evans");
  });
});

async function accessibleDescription(page: Page, label: string) {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(/\s+/).filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}
