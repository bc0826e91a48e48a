import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { createAccount } from "../helpers/session";

const run = promisify(execFile);
const slug = "fair-care-now";

let browser: Browser;
let app: RunningApp;
let work: string;

// One app for both runs: the second prints the sheets after the first's.
withBrowserAndApp((started) => ({ browser, app } = started));

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-sheets-e2e-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A campaigner on the fixture campaign's team, made with the CLI; returns the sign-in path it prints. */
async function teamMember(email: string) {
  const stdout = await createAccount(app, email, "campaigner");
  const userId = query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
  execute(app, "insert into campaign_members (campaign_id, user_id, role, created_at) values (?, ?, 'editor', ?)", campaignId, userId, new Date().toISOString());
  return new URL(stdout.match(/https?:\/\/\S+\/sign-in\/[\w-]{43}/)![0]).pathname;
}

/**
 * A team member opens Signature sheets from the campaign's navigation, is told to fix a count of 0,
 * prints 3 sheets for no event, and downloads their PDF from the link the page then offers: the
 * PDF has each sheet's number and check code, the campaign's title and the letter. Every page is
 * checked with axe.
 */
async function printSheets(javaScriptEnabled: boolean, email: string, numbers: number[]) {
  const signIn = await teamMember(email);
  const session = await openSession(browser, app.url, { javaScriptEnabled, expectedStatuses: [400] });
  const { page } = session;
  const sees = async (what: ReturnType<typeof page.getByText>) => {
    await what.waitFor();
    await session.hydrated();
    await session.expectAccessible();
  };
  const heading = (name: string) => page.getByRole("heading", { level: 1, name });

  await session.visit(signIn);
  await page.getByRole("button", { name: "Continue" }).click();
  await sees(heading("Your campaigns"));
  await page.getByRole("link", { name: "Fair care now", exact: true }).click();
  await sees(heading("Fair care now"));
  await page.getByRole("link", { name: "Signature sheets", exact: true }).click();
  await sees(heading("Signature sheets"));

  const count = page.getByLabel("How many sheets");
  await count.fill("0");
  await page.getByRole("button", { name: "Record and print the sheets" }).click();
  await sees(page.getByRole("alert").getByRole("link", { name: "Enter a whole number of sheets from 1 to 200" }));
  await count.fill("3");
  await page.getByRole("button", { name: "Record and print the sheets" }).click();
  const [first, last] = [numbers[0], numbers.at(-1)!].map((n) => `S-${String(n).padStart(4, "0")}`);
  await sees(page.getByRole("status").getByText(`Sheets ${first} to ${last} are recorded.`));
  expect(await page.getByRole("cell", { name: `${first} to ${last}`, exact: true }).isVisible()).toBe(true);

  const link = page.getByRole("status").getByRole("link", { name: `Download sheets ${first} to ${last} (PDF)` });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(`${slug}-sheets-${first}-${last}.pdf`);
  const file = path.join(work, download.suggestedFilename());
  await download.saveAs(file);

  const text = (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;
  const sheets = query<{ number: number; check_code: string; event_id: number | null }>(
    app,
    "select number, check_code, event_id from sheets where number between ? and ? order by number",
    numbers[0],
    numbers.at(-1),
  );
  expect(sheets.map((s) => s.number)).toEqual(numbers);
  expect(sheets.every((s) => s.event_id === null)).toBe(true);
  for (const sheet of sheets) {
    expect(text).toContain(`S-${String(sheet.number).padStart(4, "0")}`);
    expect(text).toContain(`Check code: ${sheet.check_code}`);
  }
  expect(text).toContain("Fair care now");
  expect(text).toContain("Please pay care workers fairly.");
  expect(text).toContain("Full name");
}

describe("a team member prints signature sheets and downloads them", () => {
  it("with JavaScript", () => printSheets(true, "member@example.org", [1, 2, 3]));
  it("without JavaScript", () => printSheets(false, "member2@example.org", [4, 5, 6]));
});
