import type { Browser, Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, signInByEmail, waitForLoggedLink, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { addPack, addSigner, zipOf } from "../helpers/delivery";
import { pdfFile } from "../helpers/pdf";
import { createAccount } from "../helpers/session";

const slug = "fair-care-now";

let browser: Browser;
let app: RunningApp;
// A fresh app for each run, so each starts with no delivery, no response and a subscribed signer.
withBrowserAndApp((started) => ({ browser, app } = started), { appPerTest: true });

/**
 * Staff sign in, send the pack (after being told the message is missing), record a delivery by
 * post, publish a response with a PDF (after being told what is missing); the public page shows
 * them, and a signer unsubscribes from the emailed link. Without JavaScript each step is a page
 * load; with it, client-side navigation, Remix forms checked in the browser, and the PDF sent by
 * fetch. Each step waits for what it changes to be on screen, then checks the page with axe.
 */
async function deliverAndRespond(javaScriptEnabled: boolean) {
  await createAccount(app, "staff@example.org", "staff");
  addPack(app, slug, await zipOf({ "manifest.json": "{}" }));
  addSigner(app, slug, "ann@example.org");

  const session = await openSession(browser, app.url, { javaScriptEnabled, expectedStatuses: [400] });
  const { page } = session;
  const sees = async (what: Locator) => {
    await what.waitFor();
    await session.hydrated();
    await session.expectAccessible();
  };
  const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });
  /** Both ways the summary lists the problem; with JavaScript it also takes focus, so it is read first. */
  const toldToFix = async (message: string) => {
    await sees(page.getByRole("alert").getByRole("link", { name: message }));
    if (javaScriptEnabled) expect(await page.getByRole("alert").evaluate((summary) => summary === document.activeElement)).toBe(true);
  };

  await signInByEmail(session, app.logs, "staff@example.org", "All campaigns");

  // Delivery: the message is required; then the pack goes to Jane Minister by email.
  await page.getByRole("link", { name: "Fair care now", exact: true }).click();
  await sees(heading("Fair care now"));
  await page.getByRole("link", { name: "Delivery", exact: true }).click();
  await sees(heading("Deliver the letter"));
  expect(await page.getByLabel("Jane Minister, Minister for Care (addressed to): jane.minister@gov.example").isChecked()).toBe(true);
  await page.getByRole("button", { name: "Send the pack" }).click();
  await toldToFix("Enter a covering message");
  await page.getByLabel("Covering message").fill("Dear Minister,\n\nPlease find our letter and its signatures.");
  await page.getByRole("button", { name: "Send the pack" }).click();
  await sees(page.getByText("The pack is on its way."));
  expect(await page.getByLabel("Covering message").inputValue(), "the form is empty again").toBe("");
  await waitForLoggedLink(app.logs, "/packs/[\\w-]{43}");

  // By post, to the copy recipient who has no address.
  await page.getByLabel("Delivered to").selectOption({ label: "Sam Leader, Leader of the Opposition" });
  await page.getByLabel("By post").check();
  await page.getByLabel("Date delivered").fill("2026-11-02");
  await page.getByLabel("Delivered by").fill("Ann Courier");
  await page.getByRole("button", { name: "Record the delivery" }).click();
  await sees(page.getByText("On 2 November 2026, by Ann Courier"));
  expect(await page.getByLabel("Delivered by").inputValue(), "the form is empty again").toBe("");
  await session.reload();
  expect(await page.getByRole("cell", { name: /^Sent on/ }).isVisible()).toBe(true);

  // A response, with its PDF.
  await page.getByRole("link", { name: "Responses", exact: true }).click();
  await sees(heading("Responses"));
  await page.getByRole("button", { name: "Publish and email signers" }).click();
  await toldToFix("Choose who the response is from");
  await page.getByLabel("From").selectOption({ label: "Jane Minister, Minister for Care" });
  await page.getByLabel("Date received").fill("2026-11-20");
  await page.getByLabel("The response", { exact: true }).fill("Thank you for your letter.\n\nWe will **review care pay**.");
  await page.getByLabel("The response as a PDF (optional)").setInputFiles({
    name: "reply.pdf",
    mimeType: "application/pdf",
    buffer: pdfFile("Reply from the Minister"),
  });
  await page.getByRole("button", { name: "Publish and email signers" }).click();
  await sees(page.getByText("The response is published."));
  expect(await page.getByRole("cell", { name: "Jane Minister, Minister for Care (with a PDF)" }).isVisible()).toBe(true);
  expect(await page.getByLabel("The response", { exact: true }).inputValue(), "the form is empty again").toBe("");

  // The public page says when and to whom, and shows the response.
  await session.visit(`/c/${slug}`);
  expect(await page.getByText(/^Delivered on \d+ \w+ 2026 to Jane Minister, Minister for Care, with copies to Sam Leader/).isVisible()).toBe(true);
  expect(await page.getByRole("heading", { name: "From Jane Minister, Minister for Care, received on 20 November 2026" }).isVisible()).toBe(true);
  expect(await page.getByRole("link", { name: "Read the response from Jane Minister, Minister for Care as a PDF" }).isVisible()).toBe(true);

  // The signer's unsubscribe link: a page with a button, which stops the mail.
  await session.visit(new URL(await waitForLoggedLink(app.logs, "/unsubscribe/\\d+-[\\w-]{43}")).pathname);
  await page.getByRole("button", { name: "Stop emails about this campaign" }).click();
  await sees(heading("You will get no more emails about this campaign"));
  expect(query(app, "select wants_updates from signatures where email = 'ann@example.org'")).toEqual([{ wants_updates: 0 }]);
}

describe("staff deliver the letter, record a delivery by post and a response; a signer unsubscribes", () => {
  it("without JavaScript", () => deliverAndRespond(false));
  it("with JavaScript", () => deliverAndRespond(true));
});
