import type { Browser, Locator } from "playwright-core";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, signInByEmail, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { createAccount } from "../helpers/session";

// Issue 15, retention: staff set the months to keep personal data and hold an ended campaign back
// on /workspace/settings, with JavaScript and without, by label, with axe on every page.

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started), { appPerTest: true });

async function settingsAsStaff(javaScriptEnabled: boolean) {
  await createAccount(app, "staff@example.org", "staff");
  execute(app, "update campaigns set status = 'delivered', ended_at = '2026-01-05T10:00:00.000Z' where slug = 'fair-care-now'");

  const session = await openSession(browser, app.url, { javaScriptEnabled, expectedStatuses: [400] });
  const { page } = session;
  const sees = async (what: Locator) => {
    await what.waitFor();
    await session.hydrated();
    await session.expectAccessible();
  };
  await signInByEmail(session, app.logs, "staff@example.org", "All campaigns");
  await session.visit("/workspace/settings");

  // A month count out of range is refused, with the summary linking to the field (the server's
  // 400; with JavaScript, the browser logs a 400 fetch as an error, so this runs without it).
  if (!javaScriptEnabled) {
    await page.getByLabel("Months to keep personal data after a campaign closes or is delivered").fill("121");
    await page.getByRole("button", { name: "Save personal data settings" }).click();
    await sees(page.getByRole("alert").getByRole("link", { name: "Enter a number of months from 1 to 120" }));
  }
  await page.getByLabel("Months to keep personal data after a campaign closes or is delivered").fill("12");
  await page.getByLabel("Data controller's name").fill("Care Cymru Ltd");
  await page.getByLabel("How to contact the data controller").fill("privacy@carecymru.example");
  await page.getByRole("button", { name: "Save personal data settings" }).click();
  await sees(page.getByRole("status").getByText("Personal data settings saved."));

  // The ended campaign is due 12 months after it ended; staff hold it back with a reason.
  const row = page.getByRole("row", { name: /Fair care now/ });
  await sees(row.getByText("5 January 2027"));
  await row.getByLabel("Why hold back Fair care now").fill("A complaint is under investigation");
  await row.getByRole("button", { name: /^Hold back\s+Fair care now$/ }).click();
  await sees(page.getByRole("status").getByText("The campaign is held back."));
  await sees(page.getByRole("row", { name: /Fair care now/ }).getByText("Yes: A complaint is under investigation"));
  await page.getByRole("button", { name: /^Release\s+Fair care now$/ }).click();
  await sees(page.getByRole("status").getByText("The hold is released."));

  expect(query(app, "select action from audit_log where action like 'privacy.%' or action = 'settings.privacy' order by id")).toEqual([
    { action: "settings.privacy" },
    { action: "privacy.hold" },
    { action: "privacy.release" },
  ]);
}

it("saves the retention settings and holds a campaign back, without JavaScript", async () => settingsAsStaff(false), 90_000);
it("saves the retention settings and holds a campaign back, with JavaScript", async () => settingsAsStaff(true), 90_000);
