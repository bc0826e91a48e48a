import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { textOf, validSignature } from "../helpers/http";
import { type Browser, browser, form, signInAs } from "../helpers/session";

let app: RunningApp;
let owner: Browser;
let stranger: Browser;
let staff: Browser;

beforeAll(async () => {
  app = await startApp();
  [owner, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
});
afterAll(() => stopApp(app));

// An English-only campaign, as the editor's form sends it: each text in its language's field.
const draft = {
  languages: "en",
  language: "en",
  "title.en": "Ramps for every library",
  slug: "ramps-for-libraries",
  "summary.en": "Step-free access to every public library in Wales.",
  "body.en": "Dear Minister,\n\nPlease fund **ramps**.",
  "recipients[0].name": "Ada Minister",
  "recipients[0].title.en": "Minister for Culture",
  "recipients[0].email": "ada@gov.example",
  "recipients[0].role": "to",
  "recipients[1].name": "Ben Leader",
  "recipients[1].title.en": "Party leader",
  "recipients[1].role": "cc",
  goal: "250",
  closesAt: "2099-03-31",
  "thankYou.en": "Thank you! Tell your library.",
};

describe("the campaign editor", () => {
  it("shows every problem with the draft at once, and keeps what was typed", async () => {
    const response = await owner("/workspace/new", form({ ...draft, "title.en": "", slug: "Bad Slug", "recipients[0].role": "cc", goal: "-1" }));
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("There is a problem");
    expect(text).toContain("Title: enter a title");
    expect(text).toContain("Web address: use lower-case letters");
    expect(text).toContain('at least one recipient must be "to"');
    expect(text).toContain("must be a whole number more than 0");
  });

  it("adds a recipient without JavaScript, and previews the letter as the public page shows it", async () => {
    const added = await owner("/workspace/new", form({ ...draft, __intent__: JSON.stringify({ type: "insert", payload: { name: "recipients", defaultValue: { role: "cc" } } }) }));
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('name="recipients[2].name"');

    const preview = await owner("/workspace/new", form({ ...draft, _action: "preview" }));
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("Please fund <strong>ramps</strong>.");
    expect(query(app, "select count(*) as n from campaigns where slug = 'ramps-for-libraries'")[0]).toEqual({ n: 0 });
  });

  it("creates a draft that only its team and staff can see, then publishes it", async () => {
    const created = await owner("/workspace/new", form({ ...draft, _action: "save" }));
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/workspace/c/ramps-for-libraries");

    expect((await fetch(`${app.url}/c/ramps-for-libraries`)).status).toBe(404);
    expect((await stranger("/workspace/c/ramps-for-libraries")).status).toBe(404);
    expect((await stranger("/workspace/c/ramps-for-libraries/preview")).status).toBe(404);
    expect((await stranger("/workspace/c/ramps-for-libraries", form({ action: "publish" }))).status).toBe(404);
    expect(textOf(await (await stranger("/workspace")).text())).not.toContain("Ramps for every library");
    expect(textOf(await (await staff("/workspace")).text())).toContain("Ramps for every library");

    const preview = textOf(await (await owner("/workspace/c/ramps-for-libraries/preview")).text());
    expect(preview).toContain("Preview: this is how the public page will look");
    expect(preview).toMatch(/To Ada Minister , Minister for Culture/);

    const taken = await owner("/workspace/new", form({ ...draft, _action: "save" }));
    expect(taken.status).toBe(400);
    expect(textOf(await taken.text())).toContain("already used by another campaign");

    const published = await owner("/workspace/c/ramps-for-libraries", form({ action: "publish" }));
    expect(published.status).toBe(302);
    const page = textOf(await (await fetch(`${app.url}/c/ramps-for-libraries`)).text());
    expect(page).toContain("Please fund ramps");
    expect(page).toContain("Goal: 250 signatures");
    expect(textOf(await (await fetch(`${app.url}/`)).text())).toContain("Ramps for every library");

    // A supporter who confirms sees the campaign's thank-you message.
    expect((await fetch(`${app.url}/c/ramps-for-libraries/sign`, { method: "POST", body: new URLSearchParams({ ...validSignature }), redirect: "manual" })).status).toBe(302);
    const link = await linkFromLog(app, "ann@example.org");
    expect(textOf(await (await fetch(link)).text())).toContain("Thank you! Tell your library.");

    const history = textOf(await (await owner("/workspace/c/ramps-for-libraries")).text());
    expect(history).toContain("Created as a draft by owner@example.org");
    expect(history).toContain("Draft → Open, by owner@example.org");
  });

  it("freezes the letter once the campaign is open", async () => {
    const changed = await owner("/workspace/c/ramps-for-libraries/edit", form({ ...draft, "body.en": "Dear Minister,\n\nSomething else.", _action: "save" }));
    expect(changed.status).toBe(400);
    expect(textOf(await changed.text())).toContain("The letter is frozen once the campaign is open");
    const [text] = query<{ body: string }>(app, "select t.body from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = 'ramps-for-libraries'");
    expect(text.body).toBe(draft["body.en"]);

    const summaryOnly = await owner("/workspace/c/ramps-for-libraries/edit", form({ ...draft, "summary.en": "Step-free libraries.", _action: "save" }));
    expect(summaryOnly.status).toBe(302);
    const audit = query<{ action: string; before: string; after: string }>(app, "select action, before, after from audit_log where action = 'campaign.update'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before).summary).toEqual({ en: draft["summary.en"] });
    expect(JSON.parse(audit[0].after).summary).toEqual({ en: "Step-free libraries." });
  });

  it("sends anyone signed out to sign in, and back afterwards", async () => {
    const response = await browser(app)("/workspace/c/ramps-for-libraries/edit");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fworkspace%2Fc%2Framps-for-libraries%2Fedit");
  });
});

/** The verification link the server logged for mail to `to` written to the outbox folder. */
async function linkFromLog(app: RunningApp, to: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const line = app.logs().split("\n").find((l) => l.includes(`"to":"${to}"`) && l.includes("/verify/"));
    if (line) return (JSON.parse(line) as { links: string[] }).links[0];
    if (Date.now() > deadline) throw new Error(`no link for ${to} in the log`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
