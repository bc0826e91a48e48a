import { beforeAll, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { postSignature, textOf, validSignature } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let stranger: Browser;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started), { env: { TRUST_PROXY: "1" } });
beforeAll(async () => {
  [owner, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  await owner("/workspace/new", campaignForm({ title: "Quiet hours in hospitals", slug: "quiet-hours", summary: "Rest matters." }));
  await owner("/workspace/c/quiet-hours", form({ action: "publish" }));
  await postSignature(app, "quiet-hours", { ...validSignature, email: "ann@example.org" }, { "X-Forwarded-For": "192.0.2.1" });
  await postSignature(
    app,
    "quiet-hours",
    { ...validSignature, name: "Dr Bea Evans", email: "bea@nhs.example", signerType: "professional", organisation: "Cardiff Hospital", role: "Nurse", location: "Cardiff" },
    { "X-Forwarded-For": "192.0.2.2" },
  );
  const [mail] = await mailbox.waitFor(1, "bea@nhs.example");
  await fetch(verifyLink(mail));
});

it("shows the team verified and pending counts, a chart, counts by type and version, and latest signatures without emails", async () => {
  const response = await owner("/workspace/c/quiet-hours");
  const html = await response.text();
  const text = textOf(html);
  expect(text).toMatch(/Verified 1 Waiting for confirmation 1/);
  expect(html).toMatch(/<svg[^>]*role="img"/);
  expect(text).toMatch(/Professional ?: 1/);
  expect(text).toMatch(/Version 1 ?: 1/);
  expect(text).toContain("Dr Bea Evans");
  expect(text).toContain("Ann Jones");
  expect(html).not.toContain("bea@nhs.example");
  expect(html).not.toContain("ann@example.org");
});

it("shows signers' emails to staff only, and lets staff search by email", async () => {
  const html = await (await staff("/workspace/c/quiet-hours")).text();
  expect(html).toContain("bea@nhs.example");
  const found = textOf(await (await staff("/workspace/c/quiet-hours/signatures?q=nhs.example")).text());
  expect(found).toContain("Dr Bea Evans");
  expect(found).not.toContain("Ann Jones");
  // A campaigner's search never matches on, or shows, an address.
  const byEmail = textOf(await (await owner("/workspace/c/quiet-hours/signatures?q=nhs.example")).text());
  expect(byEmail).toContain("No signatures match");
  const byOrg = await (await owner("/workspace/c/quiet-hours/signatures?q=cardiff%20hosp")).text();
  expect(textOf(byOrg)).toContain("Dr Bea Evans");
  expect(byOrg).not.toContain("bea@nhs.example");
});

it("shows nothing of the campaign to another campaigner", async () => {
  expect((await stranger("/workspace/c/quiet-hours")).status).toBe(404);
  expect((await stranger("/workspace/c/quiet-hours/signatures?q=a")).status).toBe(404);
});
