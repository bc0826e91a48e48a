import type { Browser } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, withBrowserAndApp } from "../helpers/browser";
import { campaignForm, createAccount } from "../helpers/session";

// The Easy Read editor in Chromium, with JavaScript off and on: rows written, a picture found and
// put into a row from the keyboard, the writing aid's advice after saving, axe on every page.

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

const links = new Map<string, string>();
beforeAll(async () => {
  for (const email of ["no-js@example.org", "js@example.org"]) {
    const link = (await createAccount(app, email, "campaigner")).match(/\/sign-in\/[\w-]{43}/)?.[0];
    if (!link) throw new Error("no sign-in link");
    links.set(email, link);
  }
});

for (const javaScriptEnabled of [false, true]) {
  it(`writes an Easy Read letter and chooses its pictures ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
    const email = javaScriptEnabled ? "js@example.org" : "no-js@example.org";
    const slug = javaScriptEnabled ? "easy-js" : "easy-no-js";
    const session = await openSession(browser, app.url, { javaScriptEnabled });
    const { page } = session;
    const landed = async () => {
      await page.getByRole("heading", { level: 1, name: "Easy Read letter" }).waitFor();
      await session.hydrated();
      await session.expectAccessible();
    };

    await session.visit(links.get(email)!);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { level: 1, name: "Your campaigns" }).waitFor();
    await session.expectAccessible();
    const { body } = campaignForm({ title: "Safe crossings", slug });
    expect((await page.request.post("/workspace/new", { form: Object.fromEntries(body as URLSearchParams), maxRedirects: 0 })).status()).toBe(302);

    await session.visit(`/workspace/c/${slug}`);
    await page.getByRole("link", { name: "Easy Read" }).click();
    await landed();
    expect(await page.getByText("Pictures from OpenMoji").isVisible()).toBe(true);

    // A row, then a picture for it: the search box answers Enter with the library's pictures.
    await page.getByRole("button", { name: "Add a row" }).click();
    const row = page.getByRole("group", { name: "Row 1" });
    await row.getByLabel("Text", { exact: true }).waitFor();
    await landed();
    await row.getByLabel("Text", { exact: true }).fill("The consultation is about safe roads near schools.");
    await page.getByLabel("Find a picture").fill("school");
    await page.getByLabel("Find a picture").press("Enter");
    const use = page.getByRole("button", { name: "Use this picture: school", exact: true });
    await use.waitFor();
    await landed();
    // What was typed is still there, not saved.
    expect(await page.getByRole("group", { name: "Row 1" }).getByLabel("Text", { exact: true }).inputValue()).toBe("The consultation is about safe roads near schools.");
    expect(await page.getByLabel("Put the picture in").inputValue()).toBe("en.0");
    await use.focus();
    await page.keyboard.press("Enter");
    await page.locator('.easy-read-editor__row img[src="/pictures/openmoji-1F3EB.svg"]').waitFor();
    await landed();
    expect(await page.getByRole("group", { name: "Row 1" }).getByLabel("Picture", { exact: true }).inputValue()).toBe("openmoji:1F3EB");
    expect(await page.getByRole("group", { name: "Row 1" }).getByLabel("Describe the picture (alt text)").inputValue()).toBe("school");

    // Saving: the advice on the saved row.
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("The Easy Read letter is saved.").waitFor();
    await landed();
    expect(await page.getByText("Hard word: consultation.").isVisible()).toBe(true);
    expect(await page.getByText("Add a picture.").count()).toBe(0);

    // Open, the Easy Read letter is read-only here and corrected with the letter.
    expect((await page.request.post(`/workspace/c/${slug}`, { form: { action: "publish" }, maxRedirects: 0 })).status()).toBe(302);
    await session.reload();
    await page.getByText("The Easy Read letter is frozen because the campaign is open.").waitFor();
    await page.getByRole("link", { name: "Correct the letter" }).first().click();
    await page.getByRole("heading", { level: 1, name: /Correct the letter/ }).waitFor();
    await session.hydrated();
    await session.expectAccessible();
    const amended = page.getByRole("group", { name: "Row 1" });
    await amended.getByLabel("Text", { exact: true }).fill("The talk about safe roads near schools.");
    await page.getByLabel("Reason for the correction").fill("Easier words in the Easy Read letter");
    await page.getByRole("button", { name: "Save as version 2" }).click();
    await page.getByRole("heading", { level: 1, name: /Versions of the letter/ }).waitFor();
    await session.hydrated();
    await session.expectAccessible();
    await session.close();
  });
}
