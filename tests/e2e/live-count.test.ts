import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, waitForVerifyLink, withBrowserAndApp } from "../helpers/browser";
import { postSignature, validSignature } from "../helpers/http";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

it("with JavaScript, an open campaign page picks up new signatures from count.json without a reload", async () => {
  const session = await openSession(browser, app.url);
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
