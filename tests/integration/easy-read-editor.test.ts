import crypto from "node:crypto";
import { Resvg } from "@resvg/resvg-js";
import { beforeAll, describe, expect, it } from "vitest";
import { easyReadBody } from "~/schemas/easy-read";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, withAppAndMailbox } from "../helpers/smtp";

// The Easy Read letter's editor (/workspace/c/{slug}/easy-read), without JavaScript: rows saved in
// a draft as a letter text of variant easy_read, the writing aid's advice after each save, the
// picture finder's buttons, refusals that write nothing, the letter frozen once open and amended
// with the standard text, and the hard-word lists staff edit on /workspace/settings.

let app: RunningApp;
let _mailbox: Mailbox;
let owner: Browser;
let other: Browser;
let staff: Browser;

const slug = "easy-crossings";
const page = `/workspace/c/${slug}/easy-read`;
const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const bodyOf = (rows: { text: string; picture?: string; alt?: string }[]) => easyReadBody(rows.map((row) => ({ text: row.text, picture: row.picture, alt: row.alt })));

withAppAndMailbox((started) => ({ app, mailbox: _mailbox } = started));
beforeAll(async () => {
  [owner, other, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "other@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  expect((await owner("/workspace/new", campaignForm({ title: "Safe crossings", slug, "body.en": "Dear Minister, please fund safe crossings." }))).status).toBe(302);
  expect((await other("/workspace/new", campaignForm({ title: "Another letter", slug: "another-letter" }))).status).toBe(302);
});

type Row = { text: string; picture?: string; alt?: string };

/** The editor's fields for English rows, as the page names them. */
function rowFields(rows: Row[]) {
  return Object.fromEntries(
    rows.flatMap((row, i) => [
      [`easyRead.en[${i}].text`, row.text],
      [`easyRead.en[${i}].picture`, row.picture ?? ""],
      [`easyRead.en[${i}].alt`, row.alt ?? ""],
    ]),
  );
}

const stored = () =>
  query<{ number: number; language: string; variant: string; body: string; sha256: string }>(
    app,
    `select v.number, t.language, t.variant, t.body, t.sha256 from letter_texts t join letter_versions v on v.id = t.letter_version_id
      join campaigns c on c.id = v.campaign_id where c.slug = ? order by v.number, t.variant, t.language`,
    slug,
  );
const audits = (action: string) => query<{ before: string | null; after: string }>(app, "select before, after from audit_log where action = ? order by id", action);
/** What a refused request must leave as it was. */
const snapshot = () => [stored(), query(app, "select count(*) as n from audit_log"), query(app, "select * from pictures order by id")];

const handshake = "openmoji:1F91D";
const school = "openmoji:1F3EB";
const sixteenWords = "We ask the Minister to pay for a safe crossing outside every primary school in Wales.";
const rows: Row[] = [
  { text: "We want safe roads near schools.", picture: school, alt: "A school" },
  { text: sixteenWords, picture: handshake, alt: "Two hands shaking" },
  { text: "The consultation ends in May." },
];

describe("the Easy Read editor of a draft", () => {
  it("saves the rows as a letter text of variant easy_read, with its SHA-256, and audits it", async () => {
    const response = await owner(page, form({ ...rowFields(rows), _action: "save" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${page}?done=saved`);
    const body = bodyOf(rows);
    const easyRead = stored().filter((t) => t.variant === "easy_read");
    expect(easyRead).toEqual([{ number: 1, language: "en", variant: "easy_read", body, sha256: sha256(body) }]);
    expect(JSON.parse(body)[2]).toEqual({ text: "The consultation ends in May.", picture: "", alt: "" });
    // The standard text is left as it was.
    expect(stored().filter((t) => t.variant === "standard").map((t) => t.body)).toEqual(["Dear Minister, please fund safe crossings."]);
    const [audit] = audits("letter.easyRead");
    expect(JSON.parse(audit.after).sha256).toEqual({ en: sha256(body) });
    expect(JSON.parse(audit.before!)).toEqual({ easyRead: {} });
  });

  it("shows the writing aid's advice beside each row after saving, in plain words", async () => {
    const response = await owner(`${page}?done=saved`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOf(html);
    expect(text).toContain("The Easy Read letter is saved.");
    expect(text).toContain("This sentence has 16 words. Try 15 or fewer.");
    expect(text).toContain("Hard word: consultation. Use an everyday word, or explain it in the next sentence.");
    expect(text).toContain("Add a picture.");
    expect(text).toContain("Describe the picture (alt text).");
    // Beside its own row: the first row reads well, the third has no picture.
    const rowsHtml = html.split('class="easy-read-editor__row"').slice(1);
    expect(rowsHtml).toHaveLength(3);
    expect(textOf(rowsHtml[0])).not.toContain("Writing advice");
    expect(textOf(rowsHtml[1])).toContain("This sentence has 16 words.");
    expect(textOf(rowsHtml[2])).toContain("Add a picture.");
    // Each picture shown with the row's description, and named in its field.
    expect(html).toContain('src="/pictures/openmoji-1F3EB.svg" alt="A school"');
    expect(html).toContain(`value="${handshake}"`);
    // The pictures' licence is credited on the page.
    expect(html).toContain('href="https://openmoji.org"');
    expect(text).toContain("Pictures from OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0");
    // In Welsh, the advice is in Welsh (on English rows, with the English list of hard words).
    const welsh = textOf(await (await owner(`/cy${page}`)).text());
    expect(welsh).toContain("Mae gan y frawddeg hon 16 gair. Ceisiwch 15 neu lai.");
    expect(welsh).toContain("Gair anodd: consultation.");
    // The campaign's tabs lead here.
    expect((await (await owner(`/workspace/c/${slug}`)).text())).toContain(`href="${page}"`);
  });

  it("refuses an unknown picture, and a row with no text: 400, with the error, nothing written", async () => {
    const before = snapshot();
    const unknown = await owner(page, form({ ...rowFields([{ text: "Hello.", picture: "openmoji:FFFFF", alt: "Nothing" }]), _action: "save" }));
    expect(unknown.status).toBe(400);
    expect(textOf(await unknown.text())).toContain("this picture is not in the library or among the campaign's uploads");
    const empty = await owner(page, form({ ...rowFields([{ text: "Hello." }, { text: "" }]), _action: "save" }));
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(textOf(html)).toContain("The Easy Read letter, row 2: write the row's text");
    // What was typed comes back.
    expect(html).toContain(">Hello.</textarea>");
    // Another campaign's upload is as unknown as a made-up one.
    const foreign = await owner(page, form({ ...rowFields([{ text: "Hello.", picture: `upload:${"a".repeat(64)}`, alt: "X" }]), _action: "save" }));
    expect(foreign.status).toBe(400);
    expect(snapshot()).toEqual(before);
  });

  it("finds a picture and puts it into the chosen row, saving nothing", async () => {
    const before = snapshot();
    const typed = rowFields([{ text: "Typed, not saved." }, { text: "A second row." }]);
    const search = await owner(page, form({ ...typed, pictureRow: "en.1", pictureQuery: "handshake", _action: "search" }));
    expect(search.status).toBe(200);
    const found = await search.text();
    expect(found).toContain(">Typed, not saved.</textarea>");
    expect(found).toContain(`name="_use" value="${handshake}"`);
    expect(found).toContain('aria-label="Use this picture: handshake"');
    // The advice is on the rows as typed.
    expect(textOf(found)).toContain("Add a picture.");

    const used = await owner(page, form({ ...typed, pictureRow: "en.1", pictureQuery: "handshake", _use: handshake }));
    expect(used.status).toBe(200);
    const html = await used.text();
    const second = html.split('class="easy-read-editor__row"')[2];
    expect(second).toContain(`value="${handshake}"`);
    // The picture's name is a first description, to be rewritten.
    expect(second).toContain('value="handshake"');
    expect(second).toContain('src="/pictures/openmoji-1F91D.svg"');
    // A new row at the end, with the picture first.
    const added = await (await owner(page, form({ ...typed, pictureRow: "en.new", _use: school }))).text();
    expect(added.split('class="easy-read-editor__row"')).toHaveLength(4);
    expect(snapshot()).toEqual(before);
  });

  it("adds, moves and removes rows with plain buttons", async () => {
    const typed = rowFields([{ text: "First." }, { text: "Second." }]);
    const moved = await (await owner(page, form({ ...typed, __intent__: JSON.stringify({ type: "reorder", payload: { name: "easyRead.en", from: 1, to: 0 } }) }))).text();
    expect(moved.indexOf(">Second.</textarea>")).toBeLessThan(moved.indexOf(">First.</textarea>"));
    const removed = await (await owner(page, form({ ...typed, __intent__: JSON.stringify({ type: "remove", payload: { name: "easyRead.en", index: 0 } }) }))).text();
    expect(removed).not.toContain(">First.</textarea>");
    const added = await (await owner(page, form({ ...typed, __intent__: JSON.stringify({ type: "insert", payload: { name: "easyRead.en" } }) }))).text();
    expect(added.split('class="easy-read-editor__row"')).toHaveLength(4);
  });

  it("uploads a picture for the campaign and puts it into the row", async () => {
    const png = Buffer.from(new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#1d70b8"/></svg>').render().asPng());
    const body = new FormData();
    for (const [name, value] of Object.entries(rowFields([{ text: "Our own picture." }]))) body.append(name, value);
    body.append("pictureRow", "en.0");
    body.append("pictureFile", new Blob([png], { type: "image/png" }), "blue.png");
    body.append("_action", "upload");
    const response = await owner(page, { method: "POST", body });
    expect(response.status).toBe(200);
    const ref = `upload:${crypto.createHash("sha256").update(png).digest("hex")}`;
    expect(await response.text()).toContain(`value="${ref}"`);
    expect(query(app, "select count(*) as n from pictures p join campaigns c on c.id = p.campaign_id where c.slug = ?", slug)).toEqual([{ n: 1 }]);
    // Listed to use again, and accepted on save.
    expect(await (await owner(page)).text()).toContain(`name="_use" value="${ref}"`);
    // A file that is not a picture is refused, with the reason.
    const bad = new FormData();
    bad.append("pictureRow", "en.0");
    bad.append("pictureFile", new Blob(["not a picture"], { type: "image/png" }), "fake.png");
    bad.append("_action", "upload");
    const refused = await owner(page, { method: "POST", body: bad });
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain("There is a problem");
  });

  it("is not there for someone outside the campaign, and changes nothing for them", async () => {
    const before = snapshot();
    expect((await other(page)).status).toBe(404);
    expect((await other(page, form({ ...rowFields([{ text: "Hijacked." }]), _action: "save" }))).status).toBe(404);
    expect(snapshot()).toEqual(before);
  });
});

describe("the hard words staff edit", () => {
  it("changes the advice, is audited, and goes back to the shipped list", async () => {
    expect((await owner("/workspace/settings")).status).toBe(403);
    const saved = await staff("/workspace/settings", form({ intent: "hardWords", language: "en", words: "Roads\nconsultation\nroads" }));
    expect(saved.status).toBe(302);
    const html = await (await owner(page)).text();
    expect(textOf(html)).toContain("Hard word: roads.");
    const [audit] = audits("settings.hardWords");
    expect(JSON.parse(audit.after)).toEqual({ language: "en", words: ["roads", "consultation"], shipped: false });
    expect(JSON.parse(audit.before!).words).toContain("legislation");
    const settings = await (await staff("/workspace/settings")).text();
    expect(settings).toContain("roads\nconsultation</textarea>");

    expect((await staff("/workspace/settings", form({ intent: "hardWordsShipped", language: "en", words: "" }))).status).toBe(302);
    expect(textOf(await (await owner(page)).text())).not.toContain("Hard word: roads.");
    expect(query(app, "select count(*) as n from settings where key like 'easy_read_hard_words.%'")).toEqual([{ n: 0 }]);
  });
});

describe("once the campaign is open", () => {
  const complete: Row[] = [
    { text: "We want safe roads near schools.", picture: school, alt: "A school" },
    { text: "Please pay for crossings.", picture: handshake, alt: "Two hands shaking" },
  ];

  beforeAll(async () => {
    // A row without a picture stops the campaign from opening.
    expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(409);
    expect((await owner(page, form({ ...rowFields(complete), _action: "save" }))).status).toBe(302);
    expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
  });

  it("shows the Easy Read letter read-only, with the way to amend it, and refuses a save", async () => {
    const response = await owner(page);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(textOf(html)).toContain("The Easy Read letter is frozen because the campaign is open.");
    expect(html).toContain(`href="/workspace/c/${slug}/amend"`);
    expect(html).not.toContain("<textarea");
    expect(textOf(html)).toContain("Please pay for crossings.");
    const before = snapshot();
    const refused = await owner(page, form({ ...rowFields([{ text: "Changed after opening." }]), _action: "save" }));
    expect(refused.status).toBe(409);
    expect(snapshot()).toEqual(before);
  });

  it("amends the Easy Read letter with the standard text: version 2 carries both", async () => {
    const v1 = stored();
    const changed: Row[] = [complete[0], { text: "Please pay for safe crossings.", picture: handshake, alt: "Two hands shaking" }];
    const amend = (fields: Record<string, string>) =>
      owner(`/workspace/c/${slug}/amend`, form({ "body.en": "Dear Minister, please fund safe crossings.", easyReadForm: "1", reason: "Clearer Easy Read wording", _action: "save", ...fields }));

    // The amend page shows the Easy Read rows to change.
    expect(await (await owner(`/workspace/c/${slug}/amend`)).text()).toContain(">Please pay for crossings.</textarea>");
    // Open: every row needs its picture and description; an unknown picture is refused.
    const before = snapshot();
    expect((await amend(rowFields([complete[0], { text: "No picture here." }]))).status).toBe(400);
    expect((await amend(rowFields([{ ...complete[0], picture: "openmoji:FFFFF" }]))).status).toBe(400);
    expect(snapshot()).toEqual(before);

    // Only the Easy Read letter changes: allowed, and the standard text is carried over unchanged.
    expect((await amend(rowFields(changed))).status).toBe(302);
    const v2 = stored().filter((t) => t.number === 2);
    const body = bodyOf(changed);
    expect(v2).toEqual([
      { number: 2, language: "en", variant: "easy_read", body, sha256: sha256(body) },
      { number: 2, language: "en", variant: "standard", body: v1.find((t) => t.variant === "standard")!.body, sha256: v1.find((t) => t.variant === "standard")!.sha256 },
    ]);

    // A correction of the standard text alone copies the Easy Read rows, with the same SHA-256.
    expect((await owner(`/workspace/c/${slug}/amend`, form({ "body.en": "Dear Minister, please fund safe crossings by 2028.", reason: "Added the date", _action: "save" }))).status).toBe(302);
    const v3 = stored().filter((t) => t.number === 3);
    expect(v3.find((t) => t.variant === "easy_read")).toEqual({ number: 3, language: "en", variant: "easy_read", body, sha256: sha256(body) });
    // Nothing changed at all: refused.
    expect((await amend({ "body.en": "Dear Minister, please fund safe crossings by 2028.", ...rowFields(changed) })).status).toBe(400);
  });
});
