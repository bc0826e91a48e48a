import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { isOnScreen, openSession, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { openCampaign } from "../helpers/fixtures";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started), { appPerTest: true });

/**
 * What has keyboard focus, as assistive technology announces it: role, accessible name, state and
 * value, from the browser's accessibility tree (`textbox "Email address" [invalid]: ann@`,
 * `radio "As an individual" [checked]`).
 */
async function focused(page: Page) {
  const focus = page.locator("*:focus");
  if ((await focus.count()) === 0) return "nothing";
  const [first] = (await focus.ariaSnapshot()).split("\n");
  return first.replace(/^- /, "").replace(/:$/, "");
}

async function tab(page: Page, expected: string) {
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(expected);
}

describe("using the site with a keyboard only", () => {
  it("skips to the content, reaches the sign form and signs with Tab, Space and Enter", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit(`/c/${openCampaign.slug}`);

    // The first Tab lands on the skip link, which shows itself on screen.
    await tab(page, 'link "Skip to main content"');
    expect(await isOnScreen(page.getByRole("link", { name: "Skip to main content" }))).toBe(true);
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("main");
    // Past the header: the next stop is the first link in the content.
    await tab(page, 'link "Sign this letter"');
    await page.keyboard.press("Enter");
    await tab(page, 'textbox "Your full name"');

    await page.keyboard.type("Dewi Hughes");
    await tab(page, 'textbox "Email address"');
    await page.keyboard.type("dewi@example.org");
    // The radio group is one stop, on the option already chosen; Space keeps it chosen.
    await tab(page, 'radio "As an individual" [checked]');
    await page.keyboard.press("Space");
    expect(await focused(page)).toBe('radio "As an individual" [checked]');
    await tab(page, 'textbox "Organisation"');
    await tab(page, 'textbox "Your role or job title"');
    await tab(page, 'textbox "Town or postcode"');
    await page.keyboard.type("Swansea");
    await tab(page, 'textbox "Comment (optional)"');
    await tab(page, 'checkbox "Show my name on the list of people who have signed"');
    await page.keyboard.press("Space");
    expect(await focused(page)).toBe('checkbox "Show my name on the list of people who have signed" [checked]');
    await tab(page, 'checkbox "Email me news about this campaign, such as the reply to the letter"');
    // "Did someone help you sign?": one stop on the answer already chosen, then the helper's questions, skipped.
    await tab(page, 'radio "No, I signed by myself" [checked]');
    await tab(page, 'textbox "Name of the person who helped you"');
    await tab(page, 'radio "Support worker"');
    await tab(page, 'link "Read how we look after it in our privacy notice."');
    await tab(page, 'button "Sign the letter"');
    await session.expectAccessible();
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await session.expectAccessible();
  });

  it("moves focus to the error summary, whose links move focus to each field", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit(`/c/${openCampaign.slug}`);

    await page.getByRole("link", { name: "Sign this letter" }).focus();
    await page.keyboard.press("Enter");
    await tab(page, 'textbox "Your full name"');
    await page.keyboard.type("Dewi Hughes");
    await tab(page, 'textbox "Email address"');
    await page.keyboard.type("not an email");
    await page.keyboard.press("Enter"); // Enter in a text field submits the form

    const summary = page.getByRole("alert");
    await summary.getByRole("heading", { name: "There is a problem" }).waitFor();
    expect(await focused(page)).toBe('alert "There is a problem"');
    await session.expectAccessible();

    const fields = {
      "Enter an email address in the correct format, like name@example.com": 'textbox "Email address" [invalid]: not an email',
      "Enter your town or postcode": 'textbox "Town or postcode" [invalid]',
    };
    expect(await summary.getByRole("link").allTextContents()).toEqual(Object.keys(fields));
    // From the summary, Tab reaches its first link; Enter on a link puts the cursor in the field,
    // with the field's label on screen. (Each link is focused directly to try them all.)
    await tab(page, `link "${Object.keys(fields)[0]}"`);
    for (const [message, field] of Object.entries(fields)) {
      await summary.getByRole("link", { name: message }).focus();
      await page.keyboard.press("Enter");
      expect(await focused(page), message).toBe(field);
      const label = field.match(/^textbox "(.*?)"/)![1];
      expect(await isOnScreen(page.getByText(label, { exact: true })), `label "${label}" on screen`).toBe(true);
    }

    // Correcting a field keeps the cursor there (the summary does not take focus back), and the
    // field is no longer announced as invalid.
    await page.keyboard.type("Neath");
    expect(await focused(page)).toBe('textbox "Town or postcode": Neath');
    await summary.getByRole("link", { name: /Enter an email address/ }).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("dewi@example.org");
    expect(await focused(page)).toBe('textbox "Email address": dewi@example.org');
    await session.expectAccessible();

    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await session.expectAccessible();
  });

  // The fixture campaign takes letters of support from anyone with the link (the default mode).
  it("writes a letter of support with Tab, typing, Space and Enter, and is led back to the box left unticked", async () => {
    const consent = "I agree that my letter will be published on this site and delivered with the campaign";
    const consentMissing = "Tick the box to agree that your letter will be published and delivered with the campaign";
    const session = await openSession(browser, app.url);
    const { page } = session;
    await session.visit(`/c/${openCampaign.slug}`);

    await tab(page, 'link "Skip to main content"');
    await page.keyboard.press("Enter");
    await tab(page, 'link "Sign this letter"');
    await tab(page, 'link "Write a letter of support"');
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Write a letter of support" }).waitFor();
    await session.expectAccessible();

    // The new page puts focus on its content, as the skip link does; Tab goes on from there, past
    // the field hidden from people to catch robots.
    expect(await focused(page)).toBe("main");
    await tab(page, `link "Read the campaign's letter first"`);
    await tab(page, 'textbox "Your full name"');
    await page.keyboard.type("Dr Ama Mensah");
    await tab(page, 'textbox "Email address"');
    await page.keyboard.type("ama@example.org");
    await tab(page, 'textbox "Your role or title (optional)"');
    await tab(page, 'textbox "Organisation (optional)"');
    await tab(page, 'combobox "Country"');
    // Typing a name on a closed list chooses the country, as in any select.
    await page.keyboard.type("Ghana");
    expect(await page.getByLabel("Country").inputValue()).toBe("GH");
    await tab(page, 'textbox "Your letter"');
    await page.keyboard.type("Dear Minister,\n\nI support this letter.");
    // The PDF is optional, but a keyboard user must be able to reach it and hear what it is for.
    await tab(page, 'button "Your letter as a PDF (optional)"');
    await tab(page, `checkbox "${consent}"`);
    await tab(page, 'link "Read how we look after it in our privacy notice."');
    await tab(page, 'button "Send my letter of support"');
    await page.keyboard.press("Enter");

    const summary = page.getByRole("alert");
    await summary.getByRole("heading", { name: "There is a problem" }).waitFor();
    expect(await focused(page)).toBe('alert "There is a problem"');
    await session.expectAccessible();
    expect(await summary.getByRole("link").allTextContents()).toEqual([consentMissing]);
    // What was typed is still there.
    expect(await page.getByLabel("Your letter", { exact: true }).inputValue()).toBe("Dear Minister,\n\nI support this letter.");

    await tab(page, `link "${consentMissing}"`);
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe(`checkbox "${consent}" [invalid]`);
    expect(await isOnScreen(page.getByText(consent, { exact: true })), "the box's label on screen").toBe(true);
    await page.keyboard.press("Space");
    expect(await focused(page)).toBe(`checkbox "${consent}" [checked]`);
    await tab(page, 'link "Read how we look after it in our privacy notice."');
    await tab(page, 'button "Send my letter of support"');
    await session.expectAccessible();
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await session.expectAccessible();
    expect(query(app, "SELECT author_name, email, country, status FROM support_letters")).toEqual([
      { author_name: "Dr Ama Mensah", email: "ama@example.org", country: "GH", status: "unconfirmed" },
    ]);
  });
});
