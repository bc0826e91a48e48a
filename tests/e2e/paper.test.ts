import { Resvg } from "@resvg/resvg-js";
import type { Browser } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { execute, query } from "../helpers/db";
import { createAccount } from "../helpers/session";

// Typing in a paper sheet in a real browser: the first entry without JavaScript (a mistake, then
// right, and a scan attached), the second with it, a disputed row settled. Every page passes axe.

const slug = "fair-care-now";

let browser: Browser;
let app: RunningApp;

withBrowserAndApp((started) => ({ browser, app } = started));

beforeAll(() => {
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
  const versionId = query<{ id: number }>(app, "select id from letter_versions where campaign_id = ? order by number desc", campaignId)[0].id;
  execute(
    app,
    "insert into sheets (campaign_id, number, check_code, letter_version_id, issued_at) values (?, 7, 'K7Q2', ?, ?)",
    campaignId,
    versionId,
    new Date().toISOString(),
  );
});

/** The sign-in path the CLI prints for a new account; a campaigner is put on the fixture campaign's team. */
async function account(email: string, role: "campaigner" | "staff") {
  const stdout = await createAccount(app, email, role);
  if (role === "campaigner") {
    const userId = query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;
    const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
    execute(app, "insert into campaign_members (campaign_id, user_id, role, created_at) values (?, ?, 'editor', ?)", campaignId, userId, new Date().toISOString());
  }
  return new URL(stdout.match(/https?:\/\/\S+\/sign-in\/[\w-]{43}/)![0]).pathname;
}

const scan = () => Buffer.from(new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297"><rect width="210" height="297" fill="#f3f2f1"/><rect x="20" y="20" width="170" height="20" fill="#0b0c0c"/></svg>').render().asPng());

describe("a sheet typed in twice in the browser", () => {
  it("first without JavaScript, then with it, a disputed row settled", async () => {
    // The first entry, JavaScript off.
    const first = await openSession(browser, app.url, { javaScriptEnabled: false, expectedStatuses: [400] });
    {
      const { page } = first;
      const sees = async (what: ReturnType<typeof page.getByText>) => {
        await what.waitFor();
        await first.expectAccessible();
      };
      await first.visit(await account("member@example.org", "campaigner"));
      await page.getByRole("button", { name: "Continue" }).click();
      await sees(page.getByRole("heading", { level: 1, name: "Your campaigns" }));
      await page.goto(`/workspace/c/${slug}`);
      await first.expectAccessible();
      await page.getByRole("link", { name: "Paper", exact: true }).click();
      await sees(page.getByRole("heading", { level: 1, name: "Paper signatures" }));
      await page.getByLabel("Sheet number").fill("s-7");
      await page.getByRole("button", { name: "Open the sheet" }).click();
      await sees(page.getByRole("heading", { level: 1, name: "Sheet S-0007" }));

      const row = (n: number) => page.getByRole("group", { name: `Row ${n}`, exact: true });
      await row(1).getByLabel("Town").fill("Cardiff");
      await row(1).getByLabel("Email (optional)").fill("ann@example.org");
      await row(2).getByLabel("Full name").fill("Bryn Jones");
      await row(2).getByLabel("Town").fill("Swansea");
      await row(2).getByLabel("Show my name").check();
      await page.getByRole("button", { name: "Save this entry" }).click();
      await sees(page.getByRole("alert").getByRole("link", { name: "Row 1, Full name: Enter the name written in this row" }));
      // What was typed is kept.
      expect(await row(2).getByLabel("Full name").inputValue()).toBe("Bryn Jones");
      await row(1).getByLabel("Full name").fill("Ann Jones");
      await page.getByRole("button", { name: "Save this entry" }).click();
      await sees(page.getByRole("status").getByText("Entry saved. Someone else must now type the sheet in again."));

      await page.getByLabel("File to attach").setInputFiles({ name: "sheet-7.png", mimeType: "image/png", buffer: scan() });
      await page.getByRole("button", { name: "Attach the scan" }).click();
      await sees(page.getByRole("status").getByText("Scan attached."));
      expect(await page.getByRole("img", { name: "Scan of sheet S-0007" }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(210);
      await first.close();
    }

    // The second entry, JavaScript on, by staff: one name differs.
    const second = await openSession(browser, app.url);
    {
      const { page } = second;
      await second.visit(await account("staff@example.org", "staff"));
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { level: 1, name: "All campaigns" }).waitFor();
      await second.expectAccessible();
      await second.visit(`/workspace/c/${slug}/paper/S-0007`);
      expect(await page.getByText("Entry 1: typed in by member@example.org").isVisible()).toBe(true);
      expect(await page.getByText("Ann Jones").count()).toBe(0);
      const row = (n: number) => page.getByRole("group", { name: `Row ${n}`, exact: true });
      await row(1).getByLabel("Full name").fill("Anne Jones");
      await row(1).getByLabel("Town").fill("cardiff");
      await row(1).getByLabel("Email (optional)").fill("ANN@example.org");
      await row(2).getByLabel("Full name").fill("Bryn Jones");
      await row(2).getByLabel("Town").fill("Swansea");
      await row(2).getByLabel("Show my name").check();
      await page.getByRole("button", { name: "Save this entry" }).click();
      await page.getByRole("status").getByText("Entry saved and compared with the first.").waitFor();
      await second.expectAccessible();
      expect(await page.getByRole("heading", { level: 3, name: "Row 1: the entries differ" }).isVisible()).toBe(true);

      await page.getByRole("button", { name: "Settle row 1" }).click();
      await page.getByRole("alert").getByRole("link", { name: "Full name: Choose what the sheet says" }).waitFor();
      await second.expectAccessible();
      await page.getByRole("group", { name: "Full name" }).getByLabel("As entry 1: Ann Jones").check();
      await page.getByRole("button", { name: "Settle row 1" }).click();
      await page.getByRole("status").getByText("Row settled.").waitFor();
      await second.expectAccessible();
      expect(await page.getByRole("cell", { name: "Signature, settled by staff@example.org" }).isVisible()).toBe(true);
      await second.close();
    }
    expect(query(app, "select name, source, sheet_row from signatures where source = 'paper' order by sheet_row")).toEqual([
      { name: "Ann Jones", source: "paper", sheet_row: 1 },
      { name: "Bryn Jones", source: "paper", sheet_row: 2 },
    ]);
  });
});
