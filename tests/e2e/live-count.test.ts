import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { type BrowserSession, launchBrowser, openSession, waitForVerifyLink } from "../helpers/browser";
import { postSignature, validSignature } from "../helpers/http";

let browser: Browser;
let app: RunningApp;
let session: BrowserSession | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startApp();
});
afterAll(async () => {
  await session?.close();
  await stopApp(app);
  await browser?.close();
});

it("with JavaScript, an open campaign page picks up new signatures from count.json without a reload", async () => {
  session = await openSession(browser, app.url);
  const { page } = session;
  await session.visit("/c/fair-care-now");
  await expect.poll(() => page.getByText("0 people have signed").isVisible()).toBe(true);

  // Someone else signs and confirms meanwhile.
  expect((await postSignature(app, "fair-care-now", validSignature)).status).toBe(302);
  expect((await fetch(await waitForVerifyLink(app.logs))).status).toBe(200);

  // The page refreshes its count every 10 s; no navigation happens.
  const before = page.url();
  await page.getByText("1 person has signed").waitFor({ timeout: 25_000 });
  expect(page.url()).toBe(before);
  await session.expectAccessible();
});
