import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { execute } from "../helpers/db";
import { postSignature, textOf, validSignature } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";
import { cliBundle } from "../helpers/cli";

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
});

describe("a campaign in one language", () => {
  beforeAll(async () => {
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
    expect(text).toMatch(/By language signed in English ?: 1/);
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
});

/** A campaign in Welsh and English from a file, as `campaign:create` takes it. */
async function createBilingualCampaign(slug: string) {
  const file = path.join(app.dataDir, `${slug}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      slug,
      languages: ["cy", "en"],
      title: { cy: "Oriau tawel", en: "Quiet hours" },
      summary: { cy: "Mae gorffwys yn bwysig.", en: "Rest matters." },
      body: { cy: "Annwyl Weinidog, …", en: "Dear Minister, …" },
      recipients: [{ name: "Ada Minister", title: { cy: "Gweinidog", en: "Minister" }, role: "to" }],
      status: "open",
    }),
  );
  await promisify(execFile)(process.execPath, [cliBundle(), "campaign:create", "--file", file], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn" },
  });
}

/**
 * Signatures made in a language, bound to its letter text, written straight into the database as
 * the signing flow leaves them: verified, waiting for confirmation, or invalidated by staff.
 */
function addSignatures(slug: string, language: "cy" | "en", state: "verified" | "pending" | "invalidated", count: number) {
  for (let i = 0; i < count; i++) {
    execute(
      app,
      `insert into signatures (campaign_id, letter_version_id, letter_text_id, letter_sha256, language, name, email, signer_type, location,
         show_name, wants_updates, created_at, verified_at, invalidated_at, invalidated_reason)
       select v.campaign_id, v.id, t.id, t.sha256, t.language, ?, ?, 'individual', 'Bangor', 1, 0, '2026-12-02T10:00:00.000Z', ?, ?, ?
       from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id
       where c.slug = ? and t.language = ?`,
      `Signer ${language} ${state} ${i}`,
      `${language}-${state}-${i}@example.org`,
      state === "pending" ? null : "2026-12-02T10:05:00.000Z",
      state === "invalidated" ? "2026-12-03T09:00:00.000Z" : null,
      state === "invalidated" ? "Spam" : null,
      slug,
      language,
    );
  }
}

describe("a campaign in Welsh and English", () => {
  it("shows verified signatures by the language they were made in, the campaign's primary language first", async () => {
    const slug = "oriau-tawel";
    await createBilingualCampaign(slug);
    const text = async () => textOf(await (await staff(`/workspace/c/${slug}`)).text());
    // Before anyone signs, each of the campaign's languages is there with nought.
    expect(await text()).toMatch(/By language signed in Cymraeg ?: 0 English ?: 0/);

    addSignatures(slug, "cy", "verified", 3);
    addSignatures(slug, "en", "verified", 2);
    addSignatures(slug, "cy", "pending", 1);
    addSignatures(slug, "en", "invalidated", 1);
    const html = await (await staff(`/workspace/c/${slug}`)).text();
    expect(textOf(html)).toMatch(/By language signed in Cymraeg ?: 3 English ?: 2/);
    expect(textOf(html)).toMatch(/Verified 5 Waiting for confirmation 1/);
    // Each language's text of the letter is named in the count by version.
    expect(textOf(html)).toMatch(/Version 1 ?, Cymraeg ?: 3 \( ?SHA-256 [0-9a-f]{12} ?… ?\) Version 1 ?, English ?: 2/);
    expect(html).toContain('<span lang="cy">Cymraeg</span>');

    // On the Welsh page, in Welsh.
    const welsh = textOf(await (await staff(`/cy/workspace/c/${slug}`)).text());
    expect(welsh).toContain(`${getT("cy")("dashboard.byLanguage")} Cymraeg : 3 English : 2`);
  });
});
