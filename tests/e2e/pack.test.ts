import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sqlitePath } from "#db/connection";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { createAccount } from "../helpers/session";
import { newTestDatabase } from "../helpers/test-database";
import { readZip, withByteChanged, writeZip } from "../helpers/zip";

// Enough that the export takes several seconds, so the progress bar is there to see.
const SIGNATURES = 100_000;

let browser: Browser;
let app: RunningApp;
let work: string;
let signInLink: string;
let secondSignInLink: string;

let databaseDir: string;
let databaseUrl: string;

// The signatures go in before the app starts, so the app never waits on this long write; one app
// serves both tests. (After-hooks run last-registered first: the folder goes once the app has stopped.)
beforeAll(async () => {
  databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-db-"));
  databaseUrl = await newTestDatabase(databaseDir);
  addSignatures();
});
afterAll(() => fs.rmSync(databaseDir, { recursive: true, force: true }));
withBrowserAndApp((started) => ({ browser, app } = started), { env: () => ({ DATABASE_URL: databaseUrl }) });

/** Enough verified signatures in the open fixture campaign that the export takes a moment. */
function addSignatures() {
  const sqlite = new Database(sqlitePath(databaseUrl));
  const text = sqlite
    .prepare(
      "select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = 'fair-care-now'",
    )
    .get() as { id: number; letter_version_id: number; sha256: string; campaign_id: number };
  const insert = sqlite.prepare(
    `insert into signatures (campaign_id, letter_version_id, letter_text_id, letter_sha256, name, email, signer_type, location, show_name, wants_updates, created_at, verified_at)
     values (?, ?, ?, ?, ?, ?, 'individual', 'Cardiff', 1, 0, '2026-11-20T10:00:00.000Z', '2026-11-20T10:05:00.000Z')`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < SIGNATURES; i++) insert.run(text.campaign_id, text.letter_version_id, text.id, text.sha256, `Siân Jones ${i}`, `signer${i}@example.org`);
  })();
  sqlite.close();
}

/** A staff account made with the CLI, as an admin would; returns the sign-in path it prints. */
async function createStaff(email: string) {
  const stdout = await createAccount(app, email, "staff");
  return new URL(stdout.match(/https?:\/\/\S+\/sign-in\/[\w-]{43}/)![0]).pathname;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-e2e-"));
  [signInLink, secondSignInLink] = await Promise.all([createStaff("staff@example.org"), createStaff("staff2@example.org")]);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("staff export a pack with a progress bar, download it, and check it and a changed copy on /verify-pack", async () => {
  const session = await openSession(browser, app.url);
  const { page } = session;
  const landed = async (name: string | RegExp) => {
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await session.hydrated();
    await session.expectAccessible();
  };

  await session.visit(signInLink);
  await page.getByRole("button", { name: "Continue" }).click();
  await landed("All campaigns");

  await session.visit("/workspace/c/fair-care-now");
  await page.getByRole("link", { name: "Signature pack" }).click();
  await landed("Signature pack");
  expect(await page.getByText("No pack has been exported yet.").isVisible()).toBe(true);

  await page.getByRole("button", { name: "Export a new pack" }).click();
  await page.getByText("The export has started.").waitFor();
  await session.expectAccessible();
  // The bar moves while the signatories are written, without a reload, then the link appears.
  const bar = page.locator("progress");
  await bar.waitFor();
  expect(await page.getByText(/of 100,000 signatories written/).isVisible()).toBe(true);
  await session.expectAccessible();
  const download = page.getByRole("link", { name: "Download the pack" });
  await download.waitFor({ timeout: 45_000 });
  expect(await bar.count()).toBe(0);
  expect(await page.getByText(/100,000 signatories\)/).isVisible()).toBe(true);
  await session.expectAccessible();

  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^fair-care-now-signature-pack-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = path.join(work, "pack.zip");
  await file.saveAs(zip);

  await session.visit("/verify-pack");
  await page.getByLabel("The pack").setInputFiles(zip);
  await page.getByRole("button", { name: "Check the pack" }).click();
  await page.getByRole("heading", { name: "This pack is intact" }).waitFor();
  expect(await page.getByText("100,000", { exact: true }).isVisible()).toBe(true);
  await session.expectAccessible();

  const changed = path.join(work, "changed.zip");
  await writeZip(changed, withByteChanged(await readZip(zip), "signatures.csv"));
  await page.getByLabel("The pack").setInputFiles(changed);
  await page.getByRole("button", { name: "Check the pack" }).click();
  await page.getByRole("heading", { name: "This pack has been changed or is not genuine" }).waitFor();
  expect(await page.getByText("signatures.csv has changed since the pack was exported.").isVisible()).toBe(true);
  await session.expectAccessible();
});

it("without JavaScript, staff follow the export with the Refresh link and check the pack", async () => {
  const session = await openSession(browser, app.url, { javaScriptEnabled: false });
  const { page } = session;
  await session.visit(secondSignInLink);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { level: 1, name: "All campaigns" }).waitFor();
  await session.expectAccessible();

  await session.visit("/workspace/c/fair-care-now/pack");
  await page.getByRole("button", { name: "Export a new pack" }).click();
  await page.getByText("The export has started.").waitFor();
  await session.expectAccessible();
  const newest = page.locator("section.pack-export").first();
  const download = newest.getByRole("link", { name: "Download the pack" });
  for (const deadline = Date.now() + 45_000; !(await download.isVisible()); ) {
    expect(Date.now()).toBeLessThan(deadline);
    expect(await newest.locator("progress").isVisible()).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    await newest.getByRole("link", { name: "Refresh to see the progress" }).click();
    await page.getByRole("heading", { level: 1, name: "Signature pack" }).waitFor();
    await session.expectAccessible();
  }
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  const zip = path.join(work, "pack-no-js.zip");
  await file.saveAs(zip);

  await session.visit("/verify-pack");
  await page.getByLabel("The pack").setInputFiles(zip);
  await page.getByRole("button", { name: "Check the pack" }).click();
  await page.getByRole("heading", { name: "This pack is intact" }).waitFor();
  await session.expectAccessible();
});
