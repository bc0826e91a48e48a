import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";

// The page that explains the open-data API, in both languages, in Chromium with axe.

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

it("explains the open data in English and Welsh, and passes axe", async () => {
  const session = await openSession(browser, app.url);
  const { page } = session;
  await session.visit("/api");
  expect(await page.getByRole("heading", { level: 1, name: "Open data" }).isVisible()).toBe(true);
  expect(await page.getByRole("link", { name: "/api/openapi.json" }).getAttribute("href")).toBe("/api/openapi.json");
  await session.visit("/cy/api");
  expect(await page.getByRole("heading", { level: 1, name: "Data agored" }).isVisible()).toBe(true);
  // The data's addresses carry every language: the Welsh page links to the same ones.
  expect(await page.getByRole("link", { name: "/api/openapi.json" }).getAttribute("href")).toBe("/api/openapi.json");
});
