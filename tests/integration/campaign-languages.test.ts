import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { textOf, validSignature, waitForCount } from "../helpers/http";
import { type Browser, form, signInAs } from "../helpers/session";
import { CLI_TIMEOUT, createCampaignFromFile } from "../helpers/cli";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// A campaign in Welsh, English or both (issue 12, point 3): the campaign file and the editor take
// each text per language; a campaign cannot open until every text exists in each of its
// languages; the public page shows the page's language where the campaign has it; a signature is
// bound to the text of the language it was signed in; an amendment makes a new version in every
// language. One app for the file: the campaign the CLI creates is the one signed and amended.

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  [owner, staff] = await Promise.all([signInAs(app, "owner@example.org", "campaigner"), signInAs(app, "staff@example.org", "staff")]);
});

/** The issue's own example: a campaign in Welsh first, and English. */
const cyBody = "Annwyl Brif Weinidog,\n\nTalwch **gyflog teg** i weithwyr gofal.\n\nYn gywir, y rhai sydd wedi llofnodi";
const enBody = "Dear First Minister,\n\nPlease pay care workers **a fair wage**.\n\nYours, the undersigned";
const gofalTeg = {
  slug: "gofal-teg",
  languages: ["cy", "en"],
  title: { cy: "Gofal teg nawr", en: "Fair care now" },
  summary: { cy: "Llythyr agored yn gofyn am gyflog teg i weithwyr gofal.", en: "An open letter asking for fair pay for care workers." },
  body: { cy: cyBody, en: enBody },
  recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
  status: "open",
};



const campaignsNamed = (slug: string) => query<{ n: number }>(app, "select count(*) as n from campaigns where slug = ?", slug)[0].n;

/** Each letter text of a campaign, oldest version first, Welsh before English within one. */
const letterTextsOf = (slug: string) =>
  query<{ number: number; letter_version_id: number; language: string; variant: string; body: string; sha256: string }>(
    app,
    `select v.number, t.letter_version_id, t.language, t.variant, t.body, t.sha256
       from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id
      where c.slug = ? order by v.number, t.language`,
    slug,
  );

const campaignTextsOf = (slug: string) =>
  query<{ language: string; title: string; summary: string; thank_you: string | null }>(
    app,
    "select t.language, t.title, t.summary, t.thank_you from campaign_texts t join campaigns c on c.id = t.campaign_id where c.slug = ? order by t.language",
    slug,
  );

async function page(pathname: string, get: Browser | typeof anonymous = anonymous) {
  const response = await get(pathname);
  const html = await response.text();
  return { status: response.status, html, text: textOf(html) };
}
const anonymous = (pathname: string) => fetch(`${app.url}${pathname}`, { redirect: "manual" });

/** The `lang` of the page's <html>. */
const htmlLang = (html: string) => html.match(/<html\b[^>]*\blang="([^"]*)"/)?.[1];

/** The public letter on a campaign page: its `lang` and its words. */
function letterOf(html: string) {
  const match = html.match(/<article\b[^>]*class="letter"[^>]*>([\s\S]*?)<\/article>/);
  if (!match) throw new Error("no letter on the page");
  return { lang: match[0].match(/\blang="([^"]*)"/)?.[1], text: textOf(match[1]).trim() };
}

/** The letter text id a campaign page's sign form carries: the text the supporter is shown. */
const letterTextIdOn = (html: string) => {
  const id = html.match(/name="letterTextId" value="(\d+)"/)?.[1];
  if (!id) throw new Error("no letterTextId on the page");
  return id;
};

const decode = (value: string) =>
  value.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
const attributes = (tag: string) => Object.fromEntries([...tag.matchAll(/\s([\w:-]+)(?:="([^"]*)")?/g)].map(([, name, value]) => [name.toLowerCase(), decode(value ?? "")]));

/**
 * What a browser would send from the form `formId` as the server rendered it, unchanged: its
 * inputs (checkboxes and radios only when ticked), textareas and selects, in document order.
 */
function formFields(html: string, formId: string): [string, string][] {
  const start = html.indexOf(`id="${formId}"`);
  if (start < 0) throw new Error(`no form ${formId}`);
  const markup = html.slice(start, html.indexOf("</form>", start));
  const fields: [string, string][] = [];
  for (const [element, tag, textarea, , select] of markup.matchAll(/(<input\b[^>]*>)|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g) as Iterable<string[]>) {
    if (tag) {
      const a = attributes(tag);
      if (!a.name || ((a.type === "checkbox" || a.type === "radio") && !("checked" in a))) continue;
      fields.push([a.name, a.value ?? ""]);
    } else if (element.startsWith("<textarea")) {
      const a = attributes(`<textarea${textarea}>`);
      const content = element.slice(element.indexOf(">") + 1, element.lastIndexOf("</textarea>"));
      if (a.name) fields.push([a.name, decode(content.replace(/^\n/, ""))]);
    } else if (select !== undefined) {
      const a = attributes(`<select${select}>`);
      const chosen = element.match(/<option\b[^>]*\bselected=""[^>]*>/) ?? element.match(/<option\b[^>]*>/);
      if (a.name && chosen) fields.push([a.name, attributes(chosen[0]).value ?? ""]);
    }
  }
  return fields;
}

/** Each text box of a form: its name, its `lang` and its label's words. */
function textBoxes(html: string) {
  return [...html.matchAll(/<label\b[^>]*\bfor="([^"]+)"[^>]*>((?:(?!<\/label>)[\s\S])*)<\/label>(?:(?!<label\b)[\s\S])*?(<(?:input|textarea)\b[^>]*>)/g)]
    .map(([, forId, label, box]): Record<string, string | undefined> => ({ ...attributes(box), forId, label: textOf(label).trim() }))
    .filter((box) => box.id === box.forId && box.type !== "checkbox" && box.type !== "radio");
}

describe("a campaign file in two languages", () => {
  it("creates the issue's bilingual campaign, Welsh first, with a letter text and a SHA-256 for each language", async () => {
    const { code, stdout, stderr } = await createCampaignFromFile(app, gofalTeg);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    // Its address is in its primary language: Welsh.
    expect(stdout).toContain(`${app.url}/cy/c/gofal-teg`);

    expect(query(app, "select language, languages, status, title, summary from campaigns where slug = 'gofal-teg'")).toEqual([
      { language: "cy", languages: "cy,en", status: "open", title: "Gofal teg nawr", summary: gofalTeg.summary.cy },
    ]);
    expect(campaignTextsOf("gofal-teg")).toEqual([
      { language: "cy", title: "Gofal teg nawr", summary: gofalTeg.summary.cy, thank_you: null },
      { language: "en", title: "Fair care now", summary: gofalTeg.summary.en, thank_you: null },
    ]);

    const texts = letterTextsOf("gofal-teg");
    expect(texts.map(({ letter_version_id: _, ...t }) => t)).toEqual([
      { number: 1, language: "cy", variant: "standard", body: cyBody, sha256: sha256(cyBody) },
      { number: 1, language: "en", variant: "standard", body: enBody, sha256: sha256(enBody) },
    ]);
    // Two texts of the one first version, each its own fingerprint.
    expect(texts[0].letter_version_id).toBe(texts[1].letter_version_id);
    expect(texts[0].sha256).not.toBe(texts[1].sha256);

    const [recipient] = query<{ name: string; title: string; titles: string; role: string }>(
      app,
      "select r.name, r.title, r.titles, r.role from recipients r join campaigns c on c.id = r.campaign_id where c.slug = 'gofal-teg'",
    );
    expect({ ...recipient, titles: JSON.parse(recipient.titles) }).toEqual({
      name: "Eluned Morgan",
      title: "Prif Weinidog",
      titles: { cy: "Prif Weinidog", en: "First Minister" },
      role: "to",
    });
  }, CLI_TIMEOUT);

  it("still takes an old single-language file", async () => {
    const { code, stdout } = await createCampaignFromFile(app, {
      slug: "library-ramps",
      title: "Ramps for every library",
      summary: "Step-free access to every public library.",
      body: "Dear Minister,\n\nPlease fund **ramps**.",
      recipients: [{ name: "Ada Minister", title: "Minister for Culture", role: "to" }],
      status: "open",
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`${app.url}/c/library-ramps`);
    expect(query(app, "select language, languages, title from campaigns where slug = 'library-ramps'")).toEqual([
      { language: "en", languages: "en", title: "Ramps for every library" },
    ]);
    expect(campaignTextsOf("library-ramps")).toEqual([{ language: "en", title: "Ramps for every library", summary: "Step-free access to every public library.", thank_you: null }]);
    expect(letterTextsOf("library-ramps").map(({ language, body, sha256: hash }) => ({ language, body, sha256: hash }))).toEqual([
      { language: "en", body: "Dear Minister,\n\nPlease fund **ramps**.", sha256: sha256("Dear Minister,\n\nPlease fund **ramps**.") },
    ]);
    const [recipient] = query<{ title: string; titles: string }>(app, "select r.title, r.titles from recipients r join campaigns c on c.id = r.campaign_id where c.slug = 'library-ramps'");
    expect(recipient.title).toBe("Minister for Culture");
    expect(JSON.parse(recipient.titles)).toEqual({ en: "Minister for Culture" });
  }, CLI_TIMEOUT);

  it("refuses to open a campaign with a missing text in either language, naming each missing field, and writes nothing", async () => {
    const noWelshLetter = await createCampaignFromFile(app, { ...gofalTeg, slug: "heb-lythyr", body: { en: enBody } });
    expect(noWelshLetter.code).toBe(1);
    expect(noWelshLetter.stderr).toContain("The campaign was not created");
    expect(noWelshLetter.stderr).toContain("  - body.cy: ");
    expect(noWelshLetter.stderr).not.toContain("recipients[0]");
    expect(campaignsNamed("heb-lythyr")).toBe(0);

    const noWelshTitle = await createCampaignFromFile(app, { ...gofalTeg, slug: "heb-deitl", recipients: [{ name: "Eluned Morgan", title: { en: "First Minister" }, role: "to" }] });
    expect(noWelshTitle.code).toBe(1);
    expect(noWelshTitle.stderr).toContain("  - recipients[0].title.cy: ");
    expect(noWelshTitle.stderr).not.toContain("body.cy");
    expect(campaignsNamed("heb-deitl")).toBe(0);

    // The English, the campaign's second language, is a translation still to write.
    const noTranslation = await createCampaignFromFile(app, {
      ...gofalTeg,
      slug: "heb-gyfieithiad",
      summary: { cy: gofalTeg.summary.cy },
      body: { cy: cyBody },
      recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog" }, role: "to" }],
    });
    expect(noTranslation.code).toBe(1);
    for (const field of ["summary.en", "body.en", "recipients[0].title.en"]) {
      expect(noTranslation.stderr).toContain(`  - ${field}: write this in each of the campaign's languages`);
    }
    expect(noTranslation.stderr).not.toContain(".cy:");
    expect(campaignsNamed("heb-gyfieithiad")).toBe(0);
  }, CLI_TIMEOUT);

  it("accepts a draft still missing a translation, which may be finished later", async () => {
    // Welsh first: the English texts are the translation the draft may lack.
    const welshFirst = await createCampaignFromFile(app, {
      ...gofalTeg,
      slug: "drafft-gofal",
      body: { cy: cyBody },
      recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog" }, role: "to" }],
      status: "draft",
    });
    expect(welshFirst.stderr).toBe("");
    expect(welshFirst.code).toBe(0);
    expect(query(app, "select status, language, languages from campaigns where slug = 'drafft-gofal'")).toEqual([{ status: "draft", language: "cy", languages: "cy,en" }]);

    // The file without its Welsh letter and recipient's Welsh title, as a draft whose main
    // language is English. (With Welsh its main language, a draft needs the Welsh texts: above.)
    const englishFirst = await createCampaignFromFile(app, {
      ...gofalTeg,
      slug: "drafft-saesneg",
      language: "en",
      body: { en: enBody },
      recipients: [{ name: "Eluned Morgan", title: { en: "First Minister" }, role: "to" }],
      status: "draft",
    });
    expect(englishFirst.stderr).toBe("");
    expect(englishFirst.code).toBe(0);
    expect(letterTextsOf("drafft-saesneg").find((t) => t.language === "en")?.body).toBe(enBody);

    // Opening it by hand later, with the Welsh still missing, is refused as the file was.
    const publish = await staff("/workspace/c/drafft-saesneg", form({ action: "publish" }));
    expect(publish.status).toBe(409);
    expect(query(app, "select status from campaigns where slug = 'drafft-saesneg'")).toEqual([{ status: "draft" }]);
  }, CLI_TIMEOUT);
});

describe("the editor in two languages", () => {
  const slug = "llyfrgelloedd";
  const english = {
    languages: "en",
    language: "en",
    slug,
    "title.en": "Open libraries",
    "summary.en": "Keep every library open.",
    "body.en": "Dear Minister,\n\nKeep the libraries open.",
    "recipients[0].name": "Ada Minister",
    "recipients[0].title.en": "Minister for Culture",
    "recipients[0].role": "to",
    _action: "save",
  };
  const welsh = {
    "title.cy": "Llyfrgelloedd ar agor",
    "summary.cy": "Cadwch bob llyfrgell ar agor.",
    "body.cy": "Annwyl Weinidog,\n\nCadwch y llyfrgelloedd ar agor.",
    "recipients[0].title.cy": "Gweinidog Diwylliant",
  };
  /** Both languages ticked, as the checkboxes send them. */
  const bothLanguages = (fields: Record<string, string>) => {
    const body = new URLSearchParams({ ...english, ...fields });
    body.append("languages", "cy");
    return { method: "POST", body };
  };

  it("saves a draft in English, then adds Welsh: a draft may lack a translation, opening may not", async () => {
    expect((await owner("/workspace/new", form(english))).status).toBe(302);
    expect(campaignTextsOf(slug).map((t) => t.language)).toEqual(["en"]);

    // Without JavaScript: tick Cymraeg and ask for its boxes; nothing is saved yet.
    const boxes = await owner(`/workspace/c/${slug}/edit`, bothLanguages({ _action: "languages" }));
    expect(boxes.status).toBe(200);
    const names = textBoxes(await boxes.text()).map((box) => box.name);
    expect(names).toEqual(expect.arrayContaining(["title.en", "title.cy", "summary.cy", "body.cy", "recipients[0].title.cy", "thankYou.cy"]));
    expect(query(app, "select languages from campaigns where slug = ?", slug)).toEqual([{ languages: "en" }]);

    // Saved with Welsh, but the Welsh letter and the recipient's Welsh title not written yet.
    const partial = await owner(`/workspace/c/${slug}/edit`, bothLanguages({ "title.cy": welsh["title.cy"], "summary.cy": welsh["summary.cy"] }));
    expect(partial.status).toBe(302);
    expect(query(app, "select language, languages, status from campaigns where slug = ?", slug)).toEqual([{ language: "en", languages: "en,cy", status: "draft" }]);
    expect(campaignTextsOf(slug)).toEqual([
      { language: "cy", title: welsh["title.cy"], summary: welsh["summary.cy"], thank_you: null },
      { language: "en", title: english["title.en"], summary: english["summary.en"], thank_you: null },
    ]);

    // Posted as the page's own form posts it (`?index`: the overview's action, not its layout's).
    const refused = await owner(`/workspace/c/${slug}?index`, form({ action: "publish" }));
    expect(refused.status).toBe(409);
    const refusal = textOf(await refused.text());
    expect(refusal).toContain("Before the campaign opens, write every text in each of its languages. Missing: body.cy, recipients[0].title.cy");
    expect(query(app, "select status from campaigns where slug = ?", slug)).toEqual([{ status: "draft" }]);

    expect((await owner(`/workspace/c/${slug}/edit`, bothLanguages(welsh))).status).toBe(302);
    expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
    expect(query(app, "select status from campaigns where slug = ?", slug)).toEqual([{ status: "open" }]);
    expect(letterTextsOf(slug).map(({ number, language, body, sha256: hash }) => ({ number, language, body, sha256: hash }))).toEqual([
      { number: 1, language: "cy", body: welsh["body.cy"], sha256: sha256(welsh["body.cy"]) },
      { number: 1, language: "en", body: english["body.en"], sha256: sha256(english["body.en"]) },
    ]);
    const [recipient] = query<{ titles: string }>(app, "select r.titles from recipients r join campaigns c on c.id = r.campaign_id where c.slug = ?", slug);
    expect(JSON.parse(recipient.titles)).toEqual({ en: "Minister for Culture", cy: "Gweinidog Diwylliant" });
  });

  it("with review required, refuses to submit or approve a campaign whose Welsh letter is empty, naming the field", async () => {
    const review = "adolygu";
    const statusOf = () => query<{ status: string }>(app, "select status from campaigns where slug = ?", review)[0].status;
    const refusal = "Before the campaign opens, write every text in each of its languages. Missing: body.cy";
    expect((await staff("/workspace/settings", form({ reviewRequired: "on" }))).status).toBe(302);
    try {
      // Every text in both languages but the Welsh letter: a draft may lack it.
      expect((await owner("/workspace/new", bothLanguages({ ...welsh, "body.cy": "", slug: review }))).status).toBe(302);
      const submitted = await owner(`/workspace/c/${review}?index`, form({ action: "submit" }));
      expect(submitted.status).toBe(409);
      const submitText = textOf(await submitted.text());
      expect(submitText).toContain(refusal);
      expect(submitText).not.toContain("title.cy");
      expect(statusOf()).toBe("draft");

      // With the Welsh letter written, it goes to staff.
      expect((await owner(`/workspace/c/${review}/edit`, bothLanguages({ ...welsh, slug: review }))).status).toBe(302);
      expect((await owner(`/workspace/c/${review}?index`, form({ action: "submit" }))).status).toBe(302);
      expect(statusOf()).toBe("submitted");

      // A submitted letter cannot be edited, so the database empties its Welsh text: approving
      // checks the texts again, and does not open a campaign with a letter missing in Welsh.
      execute(
        app,
        `update letter_texts set body = '' where language = 'cy' and letter_version_id in
           (select v.id from letter_versions v join campaigns c on c.id = v.campaign_id where c.slug = ?)`,
        review,
      );
      const approved = await staff(`/workspace/c/${review}?index`, form({ action: "approve" }));
      expect(approved.status).toBe(409);
      expect(textOf(await approved.text())).toContain(refusal);
      expect(statusOf()).toBe("submitted");
      expect((await anonymous(`/cy/c/${review}`)).status).toBe(404);
    } finally {
      // Review off again, for the tests after this one that publish directly.
      await staff("/workspace/settings", form({}));
    }
  });

  it("shows the two languages' boxes side by side, each labelled with its language and marked with its lang", async () => {
    // A draft, so that every text can still be edited.
    expect((await owner("/workspace/new", bothLanguages({ ...welsh, slug: "ochr-yn-ochr" }))).status).toBe(302);
    const { status, html } = await page("/workspace/c/ochr-yn-ochr/edit", owner);
    expect(status).toBe(200);
    const boxes = textBoxes(html);
    const box = (name: string) => boxes.find((b) => b.name === name);
    expect(box("title.cy")).toMatchObject({ label: "Title (Cymraeg)", lang: "cy", value: welsh["title.cy"] });
    expect(box("title.en")).toMatchObject({ label: "Title (English)", lang: "en", value: english["title.en"] });
    expect(box("body.cy")).toMatchObject({ label: "The letter (Cymraeg)", lang: "cy" });
    expect(box("body.en")).toMatchObject({ label: "The letter (English)", lang: "en" });
    expect(box("recipients[0].title.cy")).toMatchObject({ lang: "cy", value: welsh["recipients[0].title.cy"] });
    expect(box("recipients[0].title.en")).toMatchObject({ lang: "en", value: english["recipients[0].title.en"] });
    // Each text's two boxes are together, in one row of columns.
    for (const text of ["title", "summary", "body", "recipients[0].title"]) {
      const group = html.match(new RegExp(`<div class="translated"[^>]*>((?:(?!<div class="translated")[\\s\\S])*?)name="${text.replace(/[[\]]/g, "\\$&")}\\.cy"`));
      expect(group?.[1], `${text}'s boxes`).toContain(`name="${text}.en"`);
    }
    // Both languages ticked, English the main one.
    expect(formFields(html, "campaign-editor").filter(([name]) => name === "languages" || name === "language")).toEqual([
      ["languages", "en"],
      ["languages", "cy"],
      ["language", "en"],
    ]);

    // The preview: one letter per language, each marked with its own.
    const preview = await owner("/workspace/c/ochr-yn-ochr/edit", bothLanguages({ ...welsh, slug: "ochr-yn-ochr", _action: "preview" }));
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toMatch(/<article class="letter" lang="en">[\s\S]*Keep the libraries open\.[\s\S]*?<\/article>/);
    expect(previewHtml).toMatch(/<article class="letter" lang="cy">[\s\S]*Cadwch y llyfrgelloedd ar agor\.[\s\S]*?<\/article>/);
  });

  it("keeps a one-language campaign's boxes labelled as before", async () => {
    const { html } = await page("/workspace/new", owner);
    const boxes = textBoxes(html);
    expect(boxes.find((b) => b.name === "title.en")).toMatchObject({ label: "Title", lang: "en" });
    expect(boxes.some((b) => b.name?.endsWith(".cy"))).toBe(false);
  });

  it("lets an open Welsh-first campaign's summary change, and nothing frozen", async () => {
    const { html } = await page("/workspace/c/gofal-teg/edit", staff);
    const fields = formFields(html, "campaign-editor").map(([name, value]): [string, string] =>
      name === "summary.en" ? [name, "Fair pay for care workers, now."] : [name, value],
    );
    const saved = await staff("/workspace/c/gofal-teg/edit", { method: "POST", body: new URLSearchParams([...fields, ["_action", "save"]]) });
    expect(saved.status, textOf(await saved.clone().text()).match(/There is a problem.{0,200}/)?.[0]).toBe(302);
    expect(campaignTextsOf("gofal-teg").map((t) => t.summary)).toEqual([gofalTeg.summary.cy, "Fair pay for care workers, now."]);
    const [campaign] = query<{ language: string; languages: string; title: string }>(app, "select language, languages, title from campaigns where slug = 'gofal-teg'");
    expect({ ...campaign, languages: campaign.languages.split(",").sort() }).toEqual({ language: "cy", languages: ["cy", "en"], title: "Gofal teg nawr" });
    expect(letterTextsOf("gofal-teg")).toHaveLength(2);

    const changed = await staff("/workspace/c/gofal-teg/edit", {
      method: "POST",
      body: new URLSearchParams([...fields.map(([name, value]): [string, string] => [name, name === "body.cy" ? `${value}\n\nDiolch.` : value]), ["_action", "save"]]),
    });
    expect(changed.status).toBe(400);
    expect(textOf(await changed.text())).toContain("The letter is frozen once the campaign is open");
    expect(letterTextsOf("gofal-teg").map((t) => t.body)).toEqual([cyBody, enBody]);
  });
});

describe("the public page in the reader's language", () => {
  it("shows the Welsh title, letter and recipients' titles under /cy, and the English ones at the root", async () => {
    const cy = await page("/cy/c/gofal-teg");
    expect(cy.status).toBe(200);
    expect(htmlLang(cy.html)).toBe("cy");
    expect(cy.html).toMatch(/<h1[^>]*>Gofal teg nawr<\/h1>/);
    expect(letterOf(cy.html)).toEqual({ lang: "cy", text: expect.stringContaining("Talwch gyflog teg i weithwyr gofal.") });
    expect(cy.text).toContain("Prif Weinidog");
    expect(cy.text).not.toContain("First Minister");
    expect(cy.text).not.toContain("Dear First Minister");

    const en = await page("/c/gofal-teg");
    expect(en.status).toBe(200);
    expect(htmlLang(en.html)).toBe("en");
    expect(en.html).toMatch(/<h1[^>]*>Fair care now<\/h1>/);
    expect(letterOf(en.html)).toEqual({ lang: "en", text: expect.stringContaining("Please pay care workers a fair wage") });
    expect(en.text).toContain("First Minister");
    expect(en.text).not.toContain("Prif Weinidog");
    expect(en.text).not.toContain("Annwyl");

    // Each page's sign form carries its own language's text.
    const [cyText, enText] = letterTextsOf("gofal-teg");
    expect(letterTextIdOn(cy.html)).toBe(String(query<{ id: number }>(app, "select id from letter_texts where sha256 = ?", cyText.sha256)[0].id));
    expect(letterTextIdOn(en.html)).toBe(String(query<{ id: number }>(app, "select id from letter_texts where sha256 = ?", enText.sha256)[0].id));
  });

  it("shows an English-only campaign's English letter inside a Welsh page, marked as English", async () => {
    const { status, html } = await page("/cy/c/library-ramps");
    expect(status).toBe(200);
    expect(htmlLang(html)).toBe("cy");
    expect(letterOf(html)).toEqual({ lang: "en", text: "Dear Minister, Please fund ramps ." });
    expect(textOf(html)).toContain("Minister for Culture");
  });
});

describe("signing in either language", () => {
  async function signOn(prefix: "" | "/cy", email: string, name: string, slug = "gofal-teg") {
    const html = await (await anonymous(`${prefix}/c/${slug}`)).text();
    const response = await fetch(`${app.url}${prefix}/c/${slug}/sign`, {
      method: "POST",
      body: new URLSearchParams({ ...validSignature, email, name, letterTextId: letterTextIdOn(html) }),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${prefix}/c/${slug}/check-email`);
  }

  it("binds a signature to the text of the language it was signed in, and counts both languages together", async () => {
    await signOn("/cy", "catrin@example.org", "Catrin Owen");
    await signOn("", "ed@example.org", "Ed Jones");

    const signatures = query<{ email: string; language: string; text_language: string; letter_sha256: string; text_sha256: string; number: number }>(
      app,
      `select s.email, s.language, t.language as text_language, s.letter_sha256, t.sha256 as text_sha256, v.number
         from signatures s join letter_texts t on t.id = s.letter_text_id join letter_versions v on v.id = s.letter_version_id
         join campaigns c on c.id = s.campaign_id where c.slug = 'gofal-teg' order by s.email`,
    );
    expect(signatures).toEqual([
      { email: "catrin@example.org", language: "cy", text_language: "cy", letter_sha256: sha256(cyBody), text_sha256: sha256(cyBody), number: 1 },
      { email: "ed@example.org", language: "en", text_language: "en", letter_sha256: sha256(enBody), text_sha256: sha256(enBody), number: 1 },
    ]);

    for (const email of ["catrin@example.org", "ed@example.org"]) {
      const [mail] = await mailbox.waitFor(1, email);
      expect((await fetch(verifyLink(mail))).status).toBe(200);
    }
    // One count for the campaign, whichever language each signed in.
    expect((await waitForCount(app, "gofal-teg", 2)).count).toBe(2);
    expect(query(app, "select count(*) as n from signatures s join campaigns c on c.id = s.campaign_id where c.slug = 'gofal-teg' and s.verified_at is not null")).toEqual([{ n: 2 }]);
  });

  it("thanks each supporter, once confirmed, in the language they signed in", async () => {
    const thankYou = {
      cy: "Diolch o galon am lofnodi. Byddwn yn rhoi gwybod i chi pan fydd y llythyr wedi cyrraedd.",
      en: "Thank you so much for signing. We will let you know when the letter has arrived.",
    };
    const created = await createCampaignFromFile(app, { ...gofalTeg, slug: "diolch", thankYou });
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(campaignTextsOf("diolch").map((t) => t.thank_you)).toEqual([thankYou.cy, thankYou.en]);

    await signOn("/cy", "gwenllian@example.org", "Gwenllian Hughes", "diolch");
    await signOn("", "tom@example.org", "Tom Evans", "diolch");
    /** The confirmed page a signer's mail leads to: its language and the thank-you message on it. */
    const confirmedPage = async (email: string) => {
      const [mail] = await mailbox.waitFor(1, email);
      const response = await fetch(verifyLink(mail));
      expect(response.status).toBe(200);
      const html = await response.text();
      const message = html.match(/<blockquote class="thank-you">\s*<p>([^<]*)<\/p>/)?.[1];
      return { lang: htmlLang(html), message, text: textOf(html) };
    };

    const welsh = await confirmedPage("gwenllian@example.org");
    expect(welsh).toMatchObject({ lang: "cy", message: thankYou.cy });
    expect(welsh.text).not.toContain(thankYou.en);
    const english = await confirmedPage("tom@example.org");
    expect(english).toMatchObject({ lang: "en", message: thankYou.en });
    expect(english.text).not.toContain(thankYou.cy);
  }, CLI_TIMEOUT);
});

describe("amending a bilingual letter", () => {
  const cyBody2 = `${cyBody.replace("gyflog teg", "gyflog teg erbyn 2028")}`;
  const reason = "Added the year by which we ask for fair pay, in Welsh as in English.";
  const enBody2 = `${enBody.replace("a fair wage", "a fair wage by 2028")}`;
  const amendPath = "/workspace/c/gofal-teg/amend";

  it("offers each language's letter side by side, prefilled", async () => {
    const { status, html } = await page(amendPath, staff);
    expect(status).toBe(200);
    const boxes = textBoxes(html);
    expect(boxes.find((b) => b.name === "body.cy")).toMatchObject({ label: "The corrected letter (Cymraeg)", lang: "cy" });
    expect(boxes.find((b) => b.name === "body.en")).toMatchObject({ label: "The corrected letter (English)", lang: "en" });
    expect(formFields(html, "amend-letter").filter(([name]) => name.startsWith("body."))).toEqual([
      ["body.cy", cyBody],
      ["body.en", enBody],
    ]);
  });

  it("refuses a language left empty, naming it, and a correction that changes nothing", async () => {
    const before = letterTextsOf("gofal-teg").length;
    // Spaces only, and nothing at all: either way the Welsh letter is missing, and the page says so.
    const blank = await staff(amendPath, form({ "body.cy": "  ", "body.en": enBody2, reason, _action: "save" }));
    expect(blank.status).toBe(400);
    expect(textOf(await blank.text())).toContain("There is a problem The corrected letter (Cymraeg): Enter the text of the letter");
    const empty = await staff(amendPath, form({ "body.cy": "", "body.en": enBody2, reason, _action: "save" }));
    expect(empty.status).toBe(400);
    const emptyText = textOf(await empty.text());
    expect(emptyText).not.toContain("{{");
    expect(emptyText).toMatch(/There is a problem [^.]*(body\.cy|\(Cymraeg\))/);

    const unchanged = await staff(amendPath, form({ "body.cy": cyBody.replace(/\n/g, "\r\n"), "body.en": ` ${enBody} `, reason, _action: "save" }));
    expect(unchanged.status).toBe(400);
    expect(textOf(await unchanged.text())).toContain("The text is the same as the current version");
    expect(letterTextsOf("gofal-teg")).toHaveLength(before);
  });

  it("makes one new version holding both languages' texts, each with its SHA-256", async () => {
    const amended = await staff(amendPath, form({ "body.cy": cyBody2.replace(/\n/g, "\r\n"), "body.en": enBody2, reason, _action: "save" }));
    expect(amended.status).toBe(302);
    expect(amended.headers.get("location")).toBe("/c/gofal-teg/versions");

    const texts = letterTextsOf("gofal-teg");
    expect(texts.map(({ letter_version_id: _, ...t }) => t)).toEqual([
      { number: 1, language: "cy", variant: "standard", body: cyBody, sha256: sha256(cyBody) },
      { number: 1, language: "en", variant: "standard", body: enBody, sha256: sha256(enBody) },
      { number: 2, language: "cy", variant: "standard", body: cyBody2, sha256: sha256(cyBody2) },
      { number: 2, language: "en", variant: "standard", body: enBody2, sha256: sha256(enBody2) },
    ]);
    expect(texts[2].letter_version_id).toBe(texts[3].letter_version_id);
    expect(query(app, "select v.number, v.reason from letter_versions v join campaigns c on c.id = v.campaign_id where c.slug = 'gofal-teg' order by v.number")).toEqual([
      { number: 1, reason: null },
      { number: 2, reason },
    ]);
    const [audit] = query<{ before: string; after: string }>(
      app,
      "select a.before, a.after from audit_log a join campaigns c on c.id = a.campaign_id where a.action = 'letter.amend' and c.slug = 'gofal-teg'",
    );
    expect(JSON.parse(audit.before)).toEqual({ version: 1, sha256: { cy: sha256(cyBody), en: sha256(enBody) } });
    expect(JSON.parse(audit.after)).toEqual({ version: 2, sha256: { cy: sha256(cyBody2), en: sha256(enBody2) }, reason });

    // Each language's page shows its own new text, and its own history.
    expect(letterOf((await page("/cy/c/gofal-teg")).html).text).toContain("erbyn 2028");
    expect(letterOf((await page("/c/gofal-teg")).html).text).toContain("a fair wage by 2028");
    const cyHistory = await page("/cy/c/gofal-teg/versions");
    expect(cyHistory.status).toBe(200);
    expect(cyHistory.text).toContain(sha256(cyBody2));
    expect(cyHistory.text).toContain(sha256(cyBody));
    expect(cyHistory.text).not.toContain(sha256(enBody2));
    expect(cyHistory.html).toMatch(/<ins>(<span[^>]*>[^<]*<\/span>)?erbyn 2028/);
    const enHistory = await page("/c/gofal-teg/versions");
    expect(enHistory.text).toContain(sha256(enBody2));
    expect(enHistory.text).not.toContain(sha256(cyBody2));
  });
});
