import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { type BrowserSession, openSession, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { getCount, waitForCount } from "../helpers/http";
import { type Mailbox, startMailbox, verifyLink } from "../helpers/smtp";

// Cymraeg a Saesneg: a visitor moves to the Welsh page by keyboard, signs the bilingual demo
// campaign in Welsh, gets the confirmation mail in Welsh from a real SMTP server, confirms on a Welsh
// page, and is counted once alongside a signer who signed in English. Every Welsh word comes from
// app/i18n/cy through getT("cy"), so a reworded string changes the test with it.

const cy = getT("cy");
const en = getT("en");
const slug = "co-production-wales";
const welshTitle = "Rhoi cydgynhyrchu wrth galon gwasanaethau cyhoeddus Cymru";
const englishTitle = "Put co-production at the heart of Welsh public services";

let browser: Browser;
let app: RunningApp;
let mailbox: Mailbox;
/** The test's own database (not the copy of the base database in app.dataDir), for `query`. */
let databaseFile: string;
const emptyDirs = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-e2e-"));

// The mailbox first: each test's app is started (beforeEach) with its address.
beforeAll(async () => {
  mailbox = await startMailbox();
});
// As a newcomer's first start: an empty database, so the server migrates it and seeds the demo
// campaign (the shared base database holds fixture campaigns, which stops the seeding). Mail goes
// to the real SMTP server above.
withBrowserAndApp((started) => ({ browser, app } = started), {
  appPerTest: true,
  env: () => {
    databaseFile = path.join(fs.mkdtempSync(path.join(emptyDirs, "test-")), "undersigned.db");
    return { SEED_DEMO: "true", SMTP_URL: mailbox.url, DATABASE_URL: `file:${databaseFile}` };
  },
});
afterAll(async () => {
  await mailbox?.close();
  fs.rmSync(emptyDirs, { recursive: true, force: true });
});

const stored = (sql: string, ...params: unknown[]) => query({ databaseUrl: `file:${databaseFile}` }, sql, ...params);
const htmlLang = (page: Page) => page.locator("html").getAttribute("lang");
const pathname = (page: Page) => new URL(page.url()).pathname;
const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);
/** A header as the mail carried it ("Content-Language: cy" gives "cy"). */
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.slice(name.length + 1).trim();

/** The only mail to `to`, once it has arrived. */
async function onlyMailTo(to: string) {
  const mails = await mailbox.waitFor(1, to);
  expect(mails.map((m) => m.subject), `mail to ${to}`).toHaveLength(1);
  return mails[0];
}

/** The verified count is added in batches; reload (checking each page) until the page shows it. */
async function reloadUntilCounted(s: BrowserSession, text: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await s.page.getByText(text, { exact: true }).isVisible())) {
    if (Date.now() > deadline) {
      const shown = await s.page.getByTestId("signature-count").allTextContents();
      throw new Error(`"${text}" did not appear on ${s.page.url()} within ${timeoutMs} ms; the count shown: ${JSON.stringify(shown)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
    await s.reload();
  }
}

describe("Cymraeg: signing the demo campaign in Welsh", () => {
  it("switches to Welsh by keyboard, signs and confirms in Welsh, and is counted once with an English signer", async () => {
    const welsh = await openSession(browser, app.url);
    const { page } = welsh;

    // The English page, and its way to the Welsh one.
    await welsh.visit(`/c/${slug}`);
    await page.getByRole("heading", { level: 1, name: englishTitle }).waitFor();
    expect(await htmlLang(page)).toBe("en");
    const cymraeg = page.locator("a.site-language");
    expect(await cymraeg.textContent()).toBe("Cymraeg");
    expect(await cymraeg.getAttribute("lang")).toBe("cy");

    // Keyboard only: Tab until the link has focus, then Enter.
    let presses = 0;
    while (!(await isFocused(cymraeg))) {
      if (presses === 10) throw new Error("Ten presses of Tab did not reach the Cymraeg link");
      await page.keyboard.press("Tab");
      presses += 1;
    }
    expect(await isFocused(cymraeg)).toBe(true);
    await Promise.all([page.waitForURL(`${app.url}/cy/c/${slug}`), page.keyboard.press("Enter")]);
    await welsh.hydrated();

    // The Welsh page: in Welsh throughout, with its way back to English.
    expect(pathname(page)).toBe(`/cy/c/${slug}`);
    expect(await htmlLang(page)).toBe("cy");
    await page.getByRole("heading", { level: 1, name: welshTitle, exact: true }).waitFor();
    const english = page.locator("a.site-language");
    expect(await english.textContent()).toBe("English");
    expect(await english.getAttribute("lang")).toBe("en");
    expect(await english.getAttribute("href")).toBe(`/c/${slug}`);
    await welsh.expectAccessible();
    expect(await page.getByText(cy("campaign.signatures", { count: 0 }), { exact: true }).isVisible()).toBe(true);

    // Signing in Welsh.
    await page.getByLabel(cy("sign.name"), { exact: true }).fill("Siân Prys");
    await page.getByLabel(cy("sign.email"), { exact: true }).fill("sian@example.org");
    await page.getByRole("radio", { name: cy("sign.signerTypeIndividual"), exact: true }).check();
    await page.getByLabel(cy("sign.location"), { exact: true }).fill("Aberystwyth");
    await page.getByLabel(cy("sign.showName"), { exact: true }).check();
    await page.getByRole("button", { name: cy("sign.submit"), exact: true }).click();

    await page.getByRole("heading", { level: 1, name: cy("checkEmail.title"), exact: true }).waitFor();
    expect(pathname(page)).toBe(`/cy/c/${slug}/check-email`);
    expect(await htmlLang(page)).toBe("cy");
    await welsh.expectAccessible();
    expect(await page.getByText(cy("checkEmail.notCounted"), { exact: true }).isVisible()).toBe(true);

    // The confirmation, in Welsh, through the real SMTP server, leading to a Welsh page.
    const welshMail = await onlyMailTo("sian@example.org");
    expect(welshMail.subject).toBe(cy("email.verify.subject", { title: welshTitle }));
    expect(header(welshMail, "content-language")).toBe("cy");
    expect(welshMail.html).toContain('<html lang="cy">');
    expect(welshMail.text).toContain(cy("email.verify.greeting", { name: "Siân Prys" }));
    expect(welshMail.text).toContain(cy("email.verify.body", { title: welshTitle }));
    const welshLink = verifyLink(welshMail);
    expect(welshLink).toMatch(new RegExp(`^${app.url}/cy/verify/[\\w-]+$`));

    await welsh.visit(welshLink);
    expect(await htmlLang(page)).toBe("cy");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(cy("verify.title"));
    expect(await page.getByText(cy("verify.body", { title: welshTitle }), { exact: true }).isVisible()).toBe(true);

    // Recorded in Welsh, bound to the Welsh letter's text, and confirmed.
    expect(
      stored(
        `select s.language, s.verified_at is not null as verified, t.language as text_language, s.letter_sha256 = t.sha256 as same_text
           from signatures s join letter_texts t on t.id = s.letter_text_id where s.email = ?`,
        "sian@example.org",
      ),
    ).toEqual([{ language: "cy", verified: 1, text_language: "cy", same_text: 1 }]);

    await page.getByRole("link", { name: cy("verify.back"), exact: true }).click();
    await page.getByRole("heading", { level: 1, name: welshTitle, exact: true }).waitFor();
    expect(pathname(page)).toBe(`/cy/c/${slug}`);
    await welsh.expectAccessible();
    await reloadUntilCounted(welsh, cy("campaign.signatures", { count: 1 }));

    // An English signer on the English page, in another browser.
    const englishSession = await openSession(browser, app.url);
    const ep = englishSession.page;
    await englishSession.visit(`/c/${slug}`);
    expect(await htmlLang(ep)).toBe("en");
    await ep.getByRole("heading", { level: 1, name: englishTitle, exact: true }).waitFor();
    await ep.getByLabel(en("sign.name"), { exact: true }).fill("Emma Hughes");
    await ep.getByLabel(en("sign.email"), { exact: true }).fill("emma@example.org");
    await ep.getByRole("radio", { name: en("sign.signerTypeIndividual"), exact: true }).check();
    await ep.getByLabel(en("sign.location"), { exact: true }).fill("Wrexham");
    await ep.getByLabel(en("sign.showName"), { exact: true }).check();
    await ep.getByRole("button", { name: en("sign.submit"), exact: true }).click();
    await ep.getByRole("heading", { level: 1, name: en("checkEmail.title"), exact: true }).waitFor();
    expect(pathname(ep)).toBe(`/c/${slug}/check-email`);
    await englishSession.expectAccessible();

    const englishMail = await onlyMailTo("emma@example.org");
    expect(englishMail.subject).toBe(en("email.verify.subject", { title: englishTitle }));
    expect(header(englishMail, "content-language")).toBe("en");
    const englishLink = verifyLink(englishMail);
    expect(englishLink).toMatch(new RegExp(`^${app.url}/verify/[\\w-]+$`));
    await englishSession.visit(englishLink);
    expect(await htmlLang(ep)).toBe("en");
    await expect.poll(() => ep.getByRole("heading", { level: 1 }).textContent()).toBe(en("verify.title"));
    expect(await ep.getByText(en("verify.body", { title: englishTitle }), { exact: true }).isVisible()).toBe(true);
    await ep.getByRole("link", { name: en("verify.back"), exact: true }).click();
    await ep.getByRole("heading", { level: 1, name: englishTitle, exact: true }).waitFor();
    expect(pathname(ep)).toBe(`/c/${slug}`);
    await englishSession.expectAccessible();

    // One count for the campaign, both languages pooled, each signer counted once.
    expect(stored("select language, verified_at is not null as verified from signatures order by language")).toEqual([
      { language: "cy", verified: 1 },
      { language: "en", verified: 1 },
    ]);
    await waitForCount(app, slug, 2);
    await new Promise((r) => setTimeout(r, 2_500)); // two more batches: nothing more is added
    expect((await getCount(app, slug)).count).toBe(2);
    await reloadUntilCounted(englishSession, en("campaign.signatures", { count: 2 }));
    // The Welsh page stayed open: its live count may already read 2 while its list was drawn at 1.
    await welsh.reload();
    await reloadUntilCounted(welsh, cy("campaign.signatures", { count: 2 }));
    const signatories = page.getByRole("region", { name: cy("campaign.signatories"), exact: true });
    const listed = await signatories.getByRole("listitem").allTextContents();
    expect(listed).toHaveLength(2);
    expect(listed.join("\n")).toContain("Siân Prys");
    expect(listed.join("\n")).toContain("Emma Hughes");
  }, 120_000); // two signers' whole journeys, each checked with axe on every page

  it("the Welsh home and sign-in pages are in Welsh and pass axe", async () => {
    const session = await openSession(browser, app.url);
    const { page } = session;

    await session.visit("/cy");
    expect(await htmlLang(page)).toBe("cy");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(cy("home.title"));
    expect(await page.getByRole("link", { name: welshTitle }).count()).toBeGreaterThan(0);
    expect(await page.locator("a.site-language").getAttribute("href")).toBe("/");

    await session.visit("/cy/sign-in");
    expect(await htmlLang(page)).toBe("cy");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(cy("signIn.title"));
    expect(await page.getByLabel(cy("signIn.email"), { exact: true }).count()).toBe(1);
    expect(await page.locator("a.site-language").getAttribute("href")).toBe("/sign-in");
  });
});
