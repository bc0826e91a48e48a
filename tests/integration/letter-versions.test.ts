import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { postSignature, textOf, validSignature } from "../helpers/http";
import { type Browser, browser, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let stranger: Browser;
let staff: Browser;

const slug = "safe-crossings";
const firstText = "Dear Minister,\n\nPlease fund safe crossings outside every primary school.\n\nYours, the undersigned";
const secondText = "Dear Minister,\n\nPlease fund safe crossings near every primary and secondary school by 2028.\n\nYours, the undersigned";
const reason = "Secondary schools were left out by mistake; added the date we ask for, and crossings near a school count.";

// An English-only campaign, as the editor's form sends it.
const campaign = {
  languages: "en",
  language: "en",
  "title.en": "Safe crossings for schools",
  slug,
  "summary.en": "A safe way across the road to every school.",
  "body.en": firstText,
  "recipients[0].name": "Ada Minister",
  "recipients[0].title.en": "Minister for Transport",
  "recipients[0].role": "to",
};

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const versionCount = () => query<{ n: number }>(app, "select count(*) as n from letter_versions v join campaigns c on c.id = v.campaign_id where c.slug = ?", slug)[0].n;
const amendAudits = () => query<{ before: string; after: string; user_id: number }>(app, "select before, after, user_id from audit_log where action = 'letter.amend' order by id");

/** The letter text id the public page's sign form carries: the version the supporter is shown. */
async function shownLetterTextId() {
  const html = await (await fetch(`${app.url}/c/${slug}`)).text();
  const id = html.match(/name="letterTextId" value="(\d+)"/)?.[1];
  if (!id) throw new Error("no letterTextId on the campaign page");
  return id;
}

async function signAndVerify(email: string, name: string, letterTextId: string) {
  const response = await postSignature(app, slug, { ...validSignature, email, name, letterTextId });
  expect(response.status).toBe(302);
  const [mail] = await mailbox.waitFor(1, email);
  expect((await fetch(verifyLink(mail))).status).toBe(200);
}

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  [owner, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  expect((await owner("/workspace/new", form({ ...campaign, _action: "save" }))).status).toBe(302);
  expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
});

describe("letter versions", () => {
  it("keeps each signature on the version its signer read, and shows the correction publicly", async () => {
    const v1TextId = await shownLetterTextId();
    await signAndVerify("ann@example.org", "Ann Jones", v1TextId);
    expect(textOf(await (await fetch(`${app.url}/c/${slug}`)).text())).not.toContain("Amended on");

    // The workspace links to the correction page once the campaign is open.
    expect(await (await owner(`/workspace/c/${slug}`)).text()).toContain(`href="/workspace/c/${slug}/amend"`);
    const amendPage = await owner(`/workspace/c/${slug}/amend`);
    expect(amendPage.status).toBe(200);
    const amendHtml = await amendPage.text();
    expect(amendHtml).toContain("Please fund safe crossings outside every primary school."); // prefilled
    expect(textOf(amendHtml)).toContain("Save as version 2");

    // A browser sends a textarea's line breaks as CRLF; the stored text has LF, so its hash is stable.
    const amended = await owner(`/workspace/c/${slug}/amend`, form({ "body.en": secondText.replace(/\n/g, "\r\n"), reason, _action: "save" }));
    expect(amended.status).toBe(302);
    expect(amended.headers.get("location")).toBe(`/c/${slug}/versions`);

    const v2TextId = await shownLetterTextId();
    expect(v2TextId).not.toBe(v1TextId);
    await signAndVerify("bea@example.org", "Bea Evans", v2TextId);
    // Someone who opened the page before the correction signs what they read: version 1.
    await signAndVerify("cai@example.org", "Cai Morgan", v1TextId);

    const signatures = query<{ email: string; number: number; letter_sha256: string; text_sha256: string; verified: number }>(
      app,
      `select s.email, v.number, s.letter_sha256, t.sha256 as text_sha256, s.verified_at is not null as verified
         from signatures s join letter_versions v on v.id = s.letter_version_id join letter_texts t on t.id = s.letter_text_id
         join campaigns c on c.id = s.campaign_id where c.slug = ? order by s.email`,
      slug,
    );
    expect(signatures).toEqual([
      { email: "ann@example.org", number: 1, letter_sha256: sha256(firstText), text_sha256: sha256(firstText), verified: 1 },
      { email: "bea@example.org", number: 2, letter_sha256: sha256(secondText), text_sha256: sha256(secondText), verified: 1 },
      { email: "cai@example.org", number: 1, letter_sha256: sha256(firstText), text_sha256: sha256(firstText), verified: 1 },
    ]);

    const versions = query<{ number: number; reason: string | null; body: string; sha256: string; variant: string; language: string; created_at: string }>(
      app,
      `select v.number, v.reason, t.body, t.sha256, t.variant, t.language, v.created_at
         from letter_versions v join letter_texts t on t.letter_version_id = v.id join campaigns c on c.id = v.campaign_id
        where c.slug = ? order by v.number`,
      slug,
    );
    expect(versions.map(({ created_at: _, ...v }) => v)).toEqual([
      { number: 1, reason: null, body: firstText, sha256: sha256(firstText), variant: "standard", language: "en" },
      { number: 2, reason, body: secondText, sha256: sha256(secondText), variant: "standard", language: "en" },
    ]);

    const [audit] = amendAudits();
    expect(JSON.parse(audit.before)).toEqual({ version: 1, sha256: { en: sha256(firstText) } });
    expect(JSON.parse(audit.after)).toEqual({ version: 2, sha256: { en: sha256(secondText) }, reason });

    // The public page: the new text, when and why it changed, and a way to the history.
    const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "Europe/London" }).format(new Date(versions[1].created_at));
    const pageHtml = await (await fetch(`${app.url}/c/${slug}`)).text();
    const page = textOf(pageHtml);
    expect(page).toContain("every primary and secondary school by 2028");
    expect(page).toContain(`Amended on ${date}: ${reason}`);
    expect(pageHtml).toContain(`href="/c/${slug}/versions"`);

    // The history: both versions, their fingerprints and counts, and what changed.
    const historyResponse = await fetch(`${app.url}/c/${slug}/versions`);
    expect(historyResponse.status).toBe(200);
    const historyHtml = await historyResponse.text();
    const history = textOf(historyHtml);
    expect(history).toMatch(new RegExp(`Version 2 \\(current\\) Date .+ Reason for the change ${reason} SHA-256 fingerprint of the text ${sha256(secondText)} Verified signatures 1 `));
    expect(history).toMatch(new RegExp(`Version 1 Date .+ Reason for the change The letter as first published SHA-256 fingerprint of the text ${sha256(firstText)} Verified signatures 2 `));
    expect(history).toContain("What changed from version 1");
    expect(historyHtml).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?and secondary /);
    expect(historyHtml).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?by 2028/);
    expect(history).toMatch(/\[added: and secondary end of added words\]/);
    expect(history).toMatch(/\[removed: outside end of removed words\] \[added: near end of added words\]/);
    expect(historyHtml).toMatch(/<del>(<span[^>]*>\[removed: <\/span>)?outside/);
  });

  it("previews the changes without saving, and refuses a correction with no reason or no change", async () => {
    const path = `/workspace/c/${slug}/amend`;
    const before = versionCount();

    const preview = await owner(path, form({ "body.en": `${secondText}\n\nP.S. Thank you.`, reason: "", _action: "preview" }));
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(textOf(previewHtml)).toContain("What will change");
    expect(previewHtml).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?P\.S\. Thank you\./);

    const noReason = await owner(path, form({ "body.en": `${secondText} Thank you.`, reason: "", _action: "save" }));
    expect(noReason.status).toBe(400);
    const noReasonText = textOf(await noReason.text());
    expect(noReasonText).toContain("There is a problem");
    expect(noReasonText).toContain("Enter the reason for the correction");
    expect(noReasonText).toContain("Thank you."); // what was typed is kept

    const shortReason = await owner(path, form({ "body.en": `${secondText} Thank you.`, reason: "typo", _action: "save" }));
    expect(shortReason.status).toBe(400);
    expect(textOf(await shortReason.text())).toContain("The reason must be 5 characters or more");

    const longReason = await owner(path, form({ "body.en": `${secondText} Thank you.`, reason: "x".repeat(501), _action: "save" }));
    expect(longReason.status).toBe(400);
    expect(textOf(await longReason.text())).toContain("The reason must be 500 characters or fewer");

    const unchanged = await owner(path, form({ "body.en": `  ${secondText.replace(/\n/g, "\r\n")}  `, reason: "Nothing really changed.", _action: "save" }));
    expect(unchanged.status).toBe(400);
    expect(textOf(await unchanged.text())).toContain("The text is the same as the current version");

    const empty = await owner(path, form({ "body.en": "   ", reason: "Wiping the letter.", _action: "save" }));
    expect(empty.status).toBe(400);
    expect(textOf(await empty.text())).toContain("Enter the text of the letter");

    expect(versionCount()).toBe(before);
    expect(amendAudits()).toHaveLength(1);
  });

  it("lets only the campaign's team and staff amend", async () => {
    const path = `/workspace/c/${slug}/amend`;
    const attempt = form({ "body.en": `${secondText}\n\nStranger was here.`, reason: "I should not be able to do this.", _action: "save" });

    expect((await stranger(path)).status).toBe(404);
    expect((await stranger(path, attempt)).status).toBe(404);
    expect((await stranger(`/workspace/c/${slug}`)).status).toBe(404);

    const signedOut = browser(app);
    const get = await signedOut(path);
    expect(get.status).toBe(302);
    expect(get.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
    const post = await signedOut(path, attempt);
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/sign-in\?/);

    expect(versionCount()).toBe(2);
    expect(amendAudits()).toHaveLength(1);

    // Staff may correct any campaign's letter.
    const byStaff = await staff(path, form({ "body.en": `${secondText}\n\nSigned in Cardiff.`, reason: "Added where the letter was signed.", _action: "save" }));
    expect(byStaff.status).toBe(302);
    expect(versionCount()).toBe(3);
    const audits = amendAudits();
    expect(audits).toHaveLength(2);
    expect(JSON.parse(audits[1].after).version).toBe(3);
    const [staffUser] = query<{ id: number }>(app, "select id from users where email = 'staff@example.org'");
    expect(audits[1].user_id).toBe(staffUser.id);
    expect(textOf(await (await fetch(`${app.url}/c/${slug}/versions`)).text())).toContain("What changed from version 2");
  });

  it("still refuses to change an open letter in place in the editor", async () => {
    const changed = await owner(`/workspace/c/${slug}/edit`, form({ ...campaign, "body.en": "Dear Minister,\n\nSomething else.", _action: "save" }));
    expect(changed.status).toBe(400);
    expect(textOf(await changed.text())).toContain("The letter is frozen once the campaign is open");
    const bodies = query<{ body: string }>(
      app,
      "select t.body from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ? order by v.number",
      slug,
    );
    expect(bodies.map((b) => b.body)).toEqual([firstText, secondText, `${secondText}\n\nSigned in Cardiff.`]);
  });

  it("sends a draft's letter to the editor, and does not version it", async () => {
    const draftSlug = "draft-letter";
    await owner("/workspace/new", form({ ...campaign, slug: draftSlug, _action: "save" }));
    const page = await owner(`/workspace/c/${draftSlug}/amend`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(textOf(html)).toContain("This campaign is a draft: edit its letter in the editor.");
    expect(await (await owner(`/workspace/c/${draftSlug}`)).text()).not.toContain(`/workspace/c/${draftSlug}/amend`);
    const refused = await owner(`/workspace/c/${draftSlug}/amend`, form({ "body.en": "Dear Minister, changed.", reason: "Trying to version a draft.", _action: "save" }));
    expect(refused.status).toBe(409);
    expect(query(app, "select count(*) as n from letter_versions v join campaigns c on c.id = v.campaign_id where c.slug = ?", draftSlug)[0]).toEqual({ n: 1 });
    // A draft is not public, and nor is its history.
    expect((await fetch(`${app.url}/c/${draftSlug}/versions`)).status).toBe(404);
  });
});
