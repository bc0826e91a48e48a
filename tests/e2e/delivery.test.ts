import type { Browser } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { openSession, waitForLoggedLink, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { addPack, addSigner, zipOf } from "../helpers/delivery";
import { pdfFile } from "../helpers/pdf";
import { createAccount } from "../helpers/session";

const slug = "fair-care-now";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));
beforeAll(async () => {
  await createAccount(app, "staff@example.org", "staff");
});

/** A finished pack export and a confirmed signer who asked for news. */
async function setUp() {
  addPack(app, slug, await zipOf({ "manifest.json": "{}" }));
  addSigner(app, slug, "ann@example.org");
}

it("staff deliver the letter, record a delivery by post and a response, all without JavaScript; a signer unsubscribes", async () => {
  await setUp();
  const session = await openSession(browser, app.url, { javaScriptEnabled: false, expectedStatuses: [400] });
  const { page } = session;
  const landed = async (name: string | RegExp) => {
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await session.expectAccessible();
  };

  await session.visit("/sign-in");
  await page.getByLabel("Email address").fill("staff@example.org");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await landed("Check your email");
  await session.visit(new URL(await waitForLoggedLink(app.logs, "/sign-in/[\\w-]{43}")).pathname);
  await page.getByRole("button", { name: "Continue" }).click();
  await landed("All campaigns");

  // Delivery: the message is required; then the pack goes to Jane Minister by email.
  await session.visit(`/workspace/c/${slug}/delivery`);
  expect(await page.getByLabel("Jane Minister, Minister for Care (addressed to): jane.minister@gov.example").isChecked()).toBe(true);
  await page.getByRole("button", { name: "Send the pack" }).click();
  await landed("Deliver the letter");
  await expect.poll(() => page.getByRole("link", { name: "Enter a covering message" }).isVisible()).toBe(true);
  await page.getByLabel("Covering message").fill("Dear Minister,\n\nPlease find our letter and its signatures.");
  await page.getByRole("button", { name: "Send the pack" }).click();
  await landed("Deliver the letter");
  expect(await page.getByText("The pack is on its way.").isVisible()).toBe(true);
  await waitForLoggedLink(app.logs, "/packs/[\\w-]{43}");

  // By post, to the copy recipient who has no address.
  await page.getByLabel("Delivered to").selectOption({ label: "Sam Leader, Leader of the Opposition" });
  await page.getByLabel("By post").check();
  await page.getByLabel("Date delivered").fill("2026-11-02");
  await page.getByLabel("Delivered by").fill("Ann Courier");
  await page.getByRole("button", { name: "Record the delivery" }).click();
  await landed("Deliver the letter");
  expect(await page.getByText("On 2 November 2026, by Ann Courier").isVisible()).toBe(true);
  await session.reload();
  expect(await page.getByRole("cell", { name: /^Sent on/ }).isVisible()).toBe(true);

  // A response, with its PDF.
  await session.visit(`/workspace/c/${slug}/responses`);
  await page.getByRole("button", { name: "Publish and email signers" }).click();
  await landed("Responses");
  await expect.poll(() => page.getByRole("link", { name: "Choose who the response is from" }).isVisible()).toBe(true);
  await page.getByLabel("From").selectOption({ label: "Jane Minister, Minister for Care" });
  await page.getByLabel("Date received").fill("2026-11-20");
  await page.getByLabel("The response", { exact: true }).fill("Thank you for your letter.\n\nWe will **review care pay**.");
  await page.getByLabel("The response as a PDF (optional)").setInputFiles({
    name: "reply.pdf",
    mimeType: "application/pdf",
    buffer: pdfFile("Reply from the Minister"),
  });
  await page.getByRole("button", { name: "Publish and email signers" }).click();
  await landed("Responses");
  expect(await page.getByText("The response is published.").isVisible()).toBe(true);

  // The public page says when and to whom, and shows the response.
  await session.visit(`/c/${slug}`);
  expect(await page.getByText(/^Delivered on \d+ \w+ 2026 to Jane Minister, Minister for Care, with copies to Sam Leader/).isVisible()).toBe(true);
  expect(await page.getByRole("heading", { name: "From Jane Minister, Minister for Care, received on 20 November 2026" }).isVisible()).toBe(true);
  expect(await page.getByRole("link", { name: "Read the response from Jane Minister, Minister for Care as a PDF" }).isVisible()).toBe(true);

  // The signer's unsubscribe link: a page with a button, which stops the mail.
  await session.visit(new URL(await waitForLoggedLink(app.logs, "/unsubscribe/\\d+-[\\w-]{43}")).pathname);
  await page.getByRole("button", { name: "Stop emails about this campaign" }).click();
  await landed("You will get no more emails about this campaign");
  expect(query(app, "select wants_updates from signatures where email = 'ann@example.org'")).toEqual([{ wants_updates: 0 }]);
});
