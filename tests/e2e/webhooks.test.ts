import type { Browser, Locator } from "playwright-core";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, signInByEmail, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { createAccount } from "../helpers/session";

// The webhooks page in a real browser, with JavaScript and without: a missing address named in the
// error summary, a webhook added and its secret shown once, every page axe-checked. (Deliveries,
// signatures and refused addresses: tests/integration/webhooks.test.ts.)

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started), { appPerTest: true, env: () => ({ WEBHOOK_ALLOW_HOSTS: "127.0.0.1:9" }) });

async function addWebhook(javaScriptEnabled: boolean) {
  await createAccount(app, "staff@example.org", "staff");
  const session = await openSession(browser, app.url, { javaScriptEnabled, expectedStatuses: [400] });
  const { page } = session;
  const sees = async (what: Locator) => {
    await what.waitFor();
    await session.hydrated();
    await session.expectAccessible();
  };
  const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });

  await signInByEmail(session, app.logs, "staff@example.org", "All campaigns");
  await page.getByRole("link", { name: "Fair care now", exact: true }).click();
  await sees(heading("Fair care now"));
  await page.getByRole("link", { name: "Webhooks", exact: true }).click();
  await sees(heading("Webhooks"));

  await page.getByRole("button", { name: "Add the webhook" }).click();
  await sees(page.getByRole("alert").getByRole("link", { name: "Enter the webhook's address" }));

  await page.getByLabel("Address (URL)").fill("http://127.0.0.1:9/hook");
  await page.getByLabel("The campaign is delivered").check();
  await page.getByLabel("Include signers' email addresses").check();
  await page.getByRole("button", { name: "Add the webhook" }).click();
  await sees(page.getByRole("heading", { level: 2, name: "Webhook added" }));
  expect(await page.locator("code.webhook-secret").innerText()).toMatch(/^[0-9a-f]{64}$/);
  expect(query(app, "select url, events, include_emails from webhooks")).toEqual([
    { url: "http://127.0.0.1:9/hook", events: JSON.stringify(["signature.verified", "campaign.delivered"]), include_emails: 1 },
  ]);
  await session.close();
}

it("adds a webhook with JavaScript, axe-clean", () => addWebhook(true), 90_000);
it("adds a webhook without JavaScript, axe-clean", () => addWebhook(false), 90_000);
