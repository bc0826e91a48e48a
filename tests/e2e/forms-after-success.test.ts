import type { Browser, Locator } from "playwright-core";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { type BrowserSession, openSession, withBrowserAndApp } from "../helpers/browser";
import { query } from "../helpers/db";
import { addSigner } from "../helpers/delivery";
import { createAccount } from "../helpers/session";

// With JavaScript, a form whose action redirects back to its own page is not remounted, so unless
// it is keyed it keeps what was typed: the success notice shows above a filled-in form, and a
// second click sends it again. Each form here must be as empty as the fresh page is without
// JavaScript, again after a second success to the same address, and an empty click sends nothing.

const slug = "fair-care-now";

let browser: Browser;
let app: RunningApp;
withBrowserAndApp((started) => ({ browser, app } = started));

/** A new admin (staff, and manages people), signed in with JavaScript on by the link the CLI prints. */
async function signedInAdmin(email: string) {
  const link = (await createAccount(app, email, "admin")).match(/\/sign-in\/[\w-]{43}/)?.[0];
  if (!link) throw new Error(`no sign-in link for ${email}`);
  const session = await openSession(browser, app.url);
  await session.visit(link);
  await session.page.getByRole("button", { name: "Continue" }).click();
  await sees(session, session.page.getByRole("heading", { level: 1, name: "All campaigns" }));
  return session;
}

/** Waits for what a step changes to be on screen, then for React, then checks the page with axe. */
async function sees(session: BrowserSession, what: Locator) {
  await what.waitFor();
  await session.hydrated();
  await session.expectAccessible();
}

/** The error summary lists the message, linked to its field. */
const toldToFix = (session: BrowserSession, message: string) => sees(session, session.page.getByRole("alert").getByRole("link", { name: message }));

/** Each address has one invitation in `table` and one mail from `template`, in the order invited: none went twice. */
function expectInvitedOnce(table: "campaign_invitations" | "support_invitations", template: string, emails: string[]) {
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
  expect(query(app, `select email from ${table} where campaign_id = ? order by id`, campaignId)).toEqual(emails.map((email) => ({ email })));
  expect(query(app, "select recipient from outbox where template = ? order by id", template)).toEqual(emails.map((recipient) => ({ recipient })));
}

it("the team's and the letters of support's invitation forms are empty after each invitation, and an empty click sends nothing", async () => {
  const session = await signedInAdmin("inviting-admin@example.org");
  const { page } = session;

  await session.visit(`/workspace/c/${slug}/team`);
  for (const email of ["ann@example.org", "ben@example.org"]) {
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await sees(session, page.getByRole("cell", { name: email, exact: true }));
    expect(await page.getByRole("status").textContent()).toBe("Invitation sent.");
    expect(await page.getByLabel("Email address").inputValue(), `the form is empty after inviting ${email}`).toBe("");
  }
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await toldToFix(session, "Enter the email address of the person to invite");
  expectInvitedOnce("campaign_invitations", "team-invitation", ["ann@example.org", "ben@example.org"]);

  await session.visit(`/workspace/c/${slug}/support`);
  for (const [name, email] of [
    ["Cara Writer", "cara@example.net"],
    ["Dev Writer", "dev@example.net"],
  ]) {
    await page.getByLabel("Name (optional)").fill(name);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Personal message (optional)").fill(`Dear ${name}, would you write to support our letter?`);
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await sees(session, page.getByRole("cell", { name: `${name}, ${email}` }));
    expect(await page.getByRole("status").textContent()).toBe("Invitation sent.");
    for (const label of ["Name (optional)", "Email address", "Personal message (optional)"]) {
      expect(await page.getByLabel(label).inputValue(), `${label} is empty after inviting ${email}`).toBe("");
    }
  }
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await toldToFix(session, "Enter the email address of the person to invite");
  expectInvitedOnce("support_invitations", "support-invitation", ["cara@example.net", "dev@example.net"]);
});

it("the new account form is empty, its role back to campaigner, after each account is created", async () => {
  const session = await signedInAdmin("people-admin@example.org");
  const { page } = session;

  await session.visit("/workspace/people");
  for (const email of ["erin@example.org", "finn@example.org"]) {
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption({ label: "Staff" });
    await page.getByRole("button", { name: "Create the account" }).click();
    await sees(session, page.getByRole("cell", { name: email, exact: true }));
    expect(await page.getByRole("status").textContent()).toBe("Account created. They can now sign in with their email address.");
    expect(await page.getByLabel("Email address").inputValue(), `the form is empty after creating ${email}`).toBe("");
    expect(await page.getByLabel("Role", { exact: true }).inputValue()).toBe("campaigner");
  }
  await page.getByRole("button", { name: "Create the account" }).click();
  await toldToFix(session, "Enter the email address for the new account");
  expect(query(app, "select email, role from users where email in ('erin@example.org', 'finn@example.org') order by email")).toEqual([
    { email: "erin@example.org", role: "staff" },
    { email: "finn@example.org", role: "staff" },
  ]);
});

it("bulk invalidation clears its criteria and reason once the signatures are invalidated", async () => {
  for (const email of ["one@spam.example", "two@spam.example"]) addSigner(app, slug, email);
  const session = await signedInAdmin("moderating-admin@example.org");
  const { page } = session;

  await session.visit(`/workspace/c/${slug}/moderation`);
  await page.getByLabel("From one email domain").check();
  await page.getByLabel("Email domain", { exact: true }).fill("spam.example");
  await page.getByLabel("Reason", { exact: true }).fill("Sign-ups from a throwaway domain");
  await page.getByRole("button", { name: "Preview" }).click();
  await sees(session, page.getByText("2 signatures match."));
  await page.getByRole("button", { name: "Invalidate 2 signatures" }).click();
  await sees(session, page.getByText("2 signatures invalidated."));
  expect(await page.getByRole("heading", { name: "What would change" }).count(), "the preview is gone").toBe(0);
  expect(await page.getByLabel("From one email domain").isChecked()).toBe(false);
  expect(await page.getByLabel("Email domain", { exact: true }).inputValue()).toBe("");
  expect(await page.getByLabel("Reason", { exact: true }).inputValue()).toBe("");

  await page.getByRole("button", { name: "Preview" }).click();
  await toldToFix(session, "Choose which signatures to invalidate: by email domain, IP range or time");
  // The same criteria again find nothing left to invalidate, and the last notice makes way for that.
  await page.getByLabel("From one email domain").check();
  await page.getByLabel("Email domain", { exact: true }).fill("spam.example");
  await page.getByLabel("Reason", { exact: true }).fill("Sign-ups from a throwaway domain");
  await page.getByRole("button", { name: "Preview" }).click();
  await sees(session, page.getByText("No signatures match, so there is nothing to invalidate."));
  expect(await page.getByText("2 signatures invalidated.").count(), "the notice of the last change is gone").toBe(0);
  expect(query(app, "select email, invalidated_reason from signatures where email like '%@spam.example' order by email")).toEqual([
    { email: "one@spam.example", invalidated_reason: "Sign-ups from a throwaway domain" },
    { email: "two@spam.example", invalidated_reason: "Sign-ups from a throwaway domain" },
  ]);

  // A second invalidation of as many signatures lands on the same address (?done=2): the form
  // still starts empty.
  for (const email of ["one@junk.example", "two@junk.example"]) addSigner(app, slug, email);
  await page.getByLabel("Email domain", { exact: true }).fill("junk.example");
  await page.getByRole("button", { name: "Preview" }).click();
  await sees(session, page.getByText("2 signatures match."));
  await page.getByRole("button", { name: "Invalidate 2 signatures" }).click();
  await sees(session, page.getByText("2 signatures invalidated."));
  expect(await page.getByLabel("From one email domain").isChecked()).toBe(false);
  expect(await page.getByLabel("Email domain", { exact: true }).inputValue()).toBe("");
  expect(await page.getByLabel("Reason", { exact: true }).inputValue()).toBe("");
  expect(query(app, "select count(*) as n from signatures where email like '%@junk.example' and invalidated_at is not null")).toEqual([{ n: 2 }]);
});
