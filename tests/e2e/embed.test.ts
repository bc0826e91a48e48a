import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { createAccount } from "../helpers/session";

// The embed on its own and framed by another page, and the workspace's "Share and
// embed" page, in Chromium with axe.

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

it("the embed reads well on its own and shows inside another site's frame", async () => {
  // No script in the embed: nothing to hydrate.
  const session = await openSession(browser, app.url, { javaScriptEnabled: false });
  const { page } = session;
  await session.visit("/c/fair-care-now/embed");
  expect(await page.getByRole("heading", { level: 1, name: "Fair care now" }).isVisible()).toBe(true);
  expect(await page.getByRole("progressbar", { name: "0 of 100 signatures" }).isVisible()).toBe(true);
  const sign = page.getByRole("link", { name: "Sign the letter (opens in a new tab)" });
  expect(await sign.getAttribute("target")).toBe("_blank");
  await session.expectAccessible();

  // Another site (another origin: its own server) frames it on its page: Chromium shows it.
  const host = http.createServer((_, res) =>
    res
      .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
      .end(`<!DOCTYPE html><html lang="en"><title>A charity</title><main><h1>A charity</h1><iframe src="${app.url}/c/fair-care-now/embed" title="Sign our letter" width="400" height="220"></iframe></main></html>`),
  );
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  try {
    await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
    const framed = page.frameLocator("iframe");
    await framed.getByRole("link", { name: "Sign the letter (opens in a new tab)" }).waitFor();
    expect(await framed.getByText("0 people have signed").isVisible()).toBe(true);
    await session.expectAccessible();
  } finally {
    host.close();
  }
});

it("a team member finds the Share and embed page from the campaign's tabs, with the code, the preview and the QR code", async () => {
  const email = "sharer@example.org";
  const stdout = await createAccount(app, email, "campaigner");
  const userId = query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = 'fair-care-now'")[0].id;
  execute(app, "insert into campaign_members (campaign_id, user_id, role, created_at) values (?, ?, 'editor', ?)", campaignId, userId, new Date().toISOString());
  const signIn = new URL(stdout.match(/https?:\/\/\S+\/sign-in\/[\w-]{43}/)![0]).pathname;

  const session = await openSession(browser, app.url);
  const { page } = session;
  const sees = async (heading: string) => {
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    await session.hydrated();
    await session.expectAccessible();
  };
  await session.visit(signIn);
  await page.getByRole("button", { name: "Continue" }).click();
  await sees("Your campaigns");
  await page.getByRole("link", { name: "Fair care now", exact: true }).click();
  await sees("Fair care now");
  await page.getByRole("link", { name: "Share and embed", exact: true }).click();
  await sees("Share and embed");

  const code = page.getByLabel("Code to copy (English)");
  expect(await code.inputValue()).toBe(
    `<iframe src="${app.url}/c/fair-care-now/embed" title="Fair care now: sign the open letter" width="400" height="220" style="border:0;max-width:100%" loading="lazy"></iframe>`,
  );
  expect(await code.getAttribute("readonly")).not.toBeNull();
  // With JavaScript, a button copies it, and says so.
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  await page.getByRole("button", { name: "Copy the code (English)" }).click();
  await page.getByRole("status").getByText("The code is copied.").waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.inputValue());
  await page.frameLocator('iframe[title="Preview of the embed"]').getByRole("heading", { name: "Fair care now" }).waitFor();
  const qr = page.getByRole("img", { name: `QR code for ${app.url}/c/fair-care-now` });
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});
