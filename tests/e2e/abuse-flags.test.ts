import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { postSignature, validSignature } from "../helpers/http";
import { createAccount } from "../helpers/session";

// The moderation page with a flagged signature: axe-clean, usable by keyboard, and its forms work
// with JavaScript and without.

const slug = "fair-care-now";
const moderation = `/workspace/c/${slug}/moderation`;

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

/** A staff member signed in by the link the CLI prints. */
async function signedInStaff(email: string, options: { javaScriptEnabled?: boolean; expectedStatuses?: number[] } = {}) {
  const link = (await createAccount(app, email, "staff")).match(/\/sign-in\/[\w-]{43}/)?.[0];
  if (!link) throw new Error(`no sign-in link for ${email}`);
  const session = await openSession(browser, app.url, options);
  await session.visit(link);
  await session.page.getByRole("button", { name: "Continue" }).click();
  await session.page.getByRole("heading", { level: 1, name: "All campaigns" }).waitFor();
  if (options.javaScriptEnabled !== false) await session.hydrated();
  await session.expectAccessible();
  return session;
}

const flagOf = (email: string) =>
  query<{ flag_reason: string | null; flag_cleared_at: string | null }>(app, "select flag_reason, flag_cleared_at from signatures where email = ?", email)[0];

it("lists a flagged signature for staff, accessibly, and clears it by keyboard", async () => {
  expect((await postSignature(app, slug, { ...validSignature, name: "Dee Throwaway", email: "dee@mailinator.com" })).status).toBe(302);
  expect(flagOf("dee@mailinator.com").flag_reason).toBe("disposable");

  const session = await signedInStaff("flag-staff@example.org");
  const { page } = session;
  await session.visit(moderation);
  await page.getByRole("heading", { level: 2, name: "Flagged for review" }).waitFor();
  await page.getByRole("cell", { name: "A throwaway email address" }).waitFor();
  await page.getByRole("cell", { name: "dee@mailinator.com" }).waitFor();

  // By keyboard: tick the box, then press the button.
  await page.getByLabel("Choose the signature of Dee Throwaway").focus();
  await page.keyboard.press("Space");
  expect(await page.getByLabel("Choose the signature of Dee Throwaway").isChecked()).toBe(true);
  await page.getByRole("button", { name: "Clear: count them" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("status").getByText("1 signature cleared.").waitFor();
  await session.hydrated();
  await session.expectAccessible();
  expect(flagOf("dee@mailinator.com").flag_cleared_at).not.toBeNull();
  await page.getByText("No signatures are waiting for review.").waitFor();
});

it("without JavaScript, names what is wrong in the flagged list and the rules, accessibly", async () => {
  expect((await postSignature(app, slug, { ...validSignature, name: "Zed Throwaway", email: "zed@mailinator.com" })).status).toBe(302);
  const session = await signedInStaff("flag-staff-nojs@example.org", { javaScriptEnabled: false, expectedStatuses: [400] });
  const { page } = session;
  await session.visit(moderation);

  await page.getByRole("button", { name: "Invalidate", exact: true }).click();
  await page.getByRole("alert").getByRole("link", { name: "Choose at least one signature" }).waitFor();
  await page.getByRole("alert").getByRole("link", { name: "Enter a reason for invalidating" }).waitFor();
  await session.expectAccessible();

  await page.getByLabel("Address ranges").fill("192.0.2.0/24\n10.0.0/8");
  await page.getByLabel("Signatures an hour from one address").fill("0");
  await page.getByRole("button", { name: "Save what to flag" }).click();
  await page.getByText("Line 2: “10.0.0/8” is not an address range").waitFor();
  await page.getByRole("alert").getByRole("link", { name: /Enter the hourly limit/ }).waitFor();
  await session.expectAccessible();
  expect(await page.getByLabel("Address ranges").inputValue()).toBe("192.0.2.0/24\n10.0.0/8");

  await page.getByLabel("Address ranges").fill("192.0.2.0/24");
  await page.getByLabel("Signatures an hour from one address").fill("");
  await page.getByRole("button", { name: "Save what to flag" }).click();
  await page.getByRole("status").getByText("Saved. New signatures are checked against these rules.").waitFor();
  await session.expectAccessible();
  expect(await page.getByLabel("Address ranges").inputValue()).toBe("192.0.2.0/24");
});
