import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, waitForLoggedLink, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { pdfFile } from "../helpers/pdf";

let browser: Browser;
let app: RunningApp;
// No SMTP_URL: mail is written under the data folder and its link printed in the log.
withBrowserAndApp((started) => ({ browser, app } = started), { appPerTest: true });

const waitForConfirmLink = () => waitForLoggedLink(app.logs, "/support/confirm/[\\w-]+");

describe("a practitioner writes a letter of support", () => {
  it("without JavaScript: is told what to fix, attaches a PDF, and confirms from the emailed link", async () => {
    const session = await openSession(browser, app.url, { javaScriptEnabled: false, expectedStatuses: [400] });
    const { page } = session;
    const submit = async (status: number) => {
      const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/support/new"));
      const loaded = page.waitForEvent("load");
      await page.getByRole("button", { name: "Send my letter of support" }).click();
      expect((await response).status()).toBe(status);
      await loaded;
      await session.expectAccessible();
    };

    await session.visit("/c/fair-care-now");
    await page.getByRole("link", { name: "Write a letter of support" }).click();
    await page.getByRole("heading", { level: 1, name: "Write a letter of support" }).waitFor();
    await session.expectAccessible();

    // Half filled: each problem is listed and linked, and what was typed stays.
    await page.getByLabel("Your full name").fill("Dr Ama Mensah");
    await page.getByLabel("Your role or title (optional)").fill("Professor of Social Care");
    await submit(400);
    expect(await page.getByRole("alert").getByRole("link").allTextContents()).toEqual([
      "Enter your email address",
      "Choose your country",
      "Write your letter, or attach it as a PDF",
      "Tick the box to agree that your letter will be published and delivered with the campaign",
    ]);
    expect(await page.getByLabel("Your full name").inputValue()).toBe("Dr Ama Mensah");
    expect(await page.getByLabel("Your role or title (optional)").inputValue()).toBe("Professor of Social Care");

    await page.getByLabel("Email address").fill("ama@example.org");
    await page.getByLabel("Organisation (optional)").fill("University of Ghana");
    await page.getByLabel("Country").selectOption({ label: "Ghana" });
    await page.getByLabel("Your letter", { exact: true }).fill("Dear Minister,\n\nI support this letter.");
    await page.getByLabel("Your letter as a PDF (optional)").setInputFiles({ name: "letter.pdf", mimeType: "application/pdf", buffer: pdfFile() });
    await page.getByLabel(/^I agree that my letter will be published/).check();
    await submit(302);
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/c/fair-care-now/support/check-email");

    const link = await waitForConfirmLink();
    expect(link.startsWith(`${app.url}/support/confirm/`)).toBe(true);
    await session.visit(link);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Letter of support confirmed");
    expect(query(app, "SELECT status, country, pdf_bytes FROM support_letters")).toEqual([
      { status: "pending", country: "GH", pdf_bytes: pdfFile().length },
    ]);
  });

  it("with JavaScript: sends a text letter, and once approved it is public with its country", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit("/c/fair-care-now/support/new");
    await page.getByLabel("Your full name").fill("Lena Berg");
    await page.getByLabel("Email address").fill("lena@example.org");
    await page.getByLabel("Country").selectOption({ label: "Sweden" });
    await page.getByLabel("Your letter", { exact: true }).fill("We **support** fair pay for care workers.");
    await page.getByLabel(/^I agree that my letter will be published/).check();
    await page.getByRole("button", { name: "Send my letter of support" }).click();
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await session.expectAccessible();
    await session.visit(await waitForConfirmLink());

    // Approved, as the campaign team would (the moderation pages are tested on their own).
    execute(app, "UPDATE support_letters SET status = 'approved', decided_at = ?", new Date().toISOString());

    await session.visit("/c/fair-care-now");
    await page.getByRole("link", { name: "1 letter of support from 1 country" }).click();
    await page.getByRole("heading", { level: 1, name: "Letters of support" }).waitFor();
    await session.expectAccessible();
    expect(await page.getByText("Sweden").isVisible()).toBe(true);
    await page.getByRole("link", { name: "Lena Berg" }).click();
    await page.getByRole("heading", { level: 1, name: "Letter of support from Lena Berg" }).waitFor();
    await session.expectAccessible();
    expect(await page.locator("article strong").textContent()).toBe("support");
    expect(await page.content()).not.toContain("lena@example.org");
  });
});
