import crypto from "node:crypto";
import type { ParsedMail } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { textOf, waitForCount } from "../helpers/http";
import { type Browser, form, signInAs } from "../helpers/session";
import { CLI_TIMEOUT, createCampaignFromFile } from "../helpers/cli";
import { type Mailbox, withAppAndMailbox } from "../helpers/smtp";

// Easy Read letters and assisted signing (issue 13): a campaign file's Easy Read rows, the refusal
// to open while a row lacks its picture or alt text, the Easy Read page and its sign form bound to
// the Easy Read text's SHA-256, the Easy Read confirmation mail and page, and "Did someone help you
// sign?" on both forms. Wording comes from app/i18n through getT(language, "easy_read"), so a
// reworded string changes the test with it.

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const enEasy = getT("en", "easy_read");
const cyEasy = getT("cy", "easy_read");
const en = getT("en");

let app: RunningApp;
let mailbox: Mailbox;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  staff = await signInAs(app, "staff@example.org", "staff");
  const created = await createCampaignFromFile(app, gofalTeg);
  expect(created.stderr).toBe("");
  expect(created.code).toBe(0);
}, CLI_TIMEOUT);

const enRows = [
  { text: "We want fair pay for care workers.", picture: "openmoji:1F91D", alt: "Two hands shaking" },
  { text: "Care workers help people every day.", picture: "openmoji:1F9D1", alt: "A person" },
];
const cyRows = [
  { text: "Rydyn ni eisiau cyflog teg i weithwyr gofal.", picture: "openmoji:1F91D", alt: "Dwy law yn ysgwyd" },
  { text: "Mae gweithwyr gofal yn helpu pobl bob dydd.", picture: "openmoji:1F9D1", alt: "Person" },
];
const gofalTeg = {
  slug: "gofal-hawdd",
  languages: ["cy", "en"],
  title: { cy: "Gofal teg nawr", en: "Fair care now" },
  summary: { cy: "Llythyr agored am gyflog teg.", en: "An open letter about fair pay." },
  body: { cy: "Annwyl Brif Weinidog,\n\nTalwch gyflog teg.", en: "Dear First Minister,\n\nPlease pay fairly." },
  recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
  easyRead: { en: enRows, cy: cyRows },
  status: "open",
};



const page = async (p: string) => {
  const response = await fetch(`${app.url}${p}`);
  return { status: response.status, html: await response.text() };
};

const post = (p: string, fields: Record<string, string>) =>
  fetch(`${app.url}${p}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });

const easyReadText = (slug: string, language: string) =>
  query<{ id: number; body: string; sha256: string }>(
    app,
    `select t.id, t.body, t.sha256 from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id
      where c.slug = ? and t.language = ? and t.variant = 'easy_read' order by v.number desc limit 1`,
    slug,
    language,
  )[0];

const signatureOf = (email: string) =>
  query<{ language: string; variant: string; same_text: number; helper_name: string | null; helper_relation: string | null; show_name: number; signer_type: string }>(
    app,
    `select s.language, t.variant, s.letter_sha256 = t.sha256 as same_text, s.helper_name, s.helper_relation, s.show_name, s.signer_type
       from signatures s join letter_texts t on t.id = s.letter_text_id where s.email = ?`,
    email,
  );

async function mailTo(address: string): Promise<ParsedMail> {
  const [mail] = await mailbox.waitFor(1, address);
  return mail;
}

describe("a campaign file with an Easy Read letter in each language", () => {
  it("stores each language's rows as a letter text of variant easy_read with its own SHA-256", () => {
    for (const [language, rows] of [["en", enRows], ["cy", cyRows]] as const) {
      const text = easyReadText("gofal-hawdd", language);
      expect(JSON.parse(text.body)).toEqual(rows);
      expect(text.sha256).toBe(sha256(text.body));
    }
  });

  it("refuses to open a campaign whose Easy Read row has no alt text, or an unknown picture, and writes nothing", async () => {
    const noAlt = await createCampaignFromFile(app, { ...gofalTeg, slug: "heb-alt", easyRead: { en: enRows, cy: [cyRows[0], { text: cyRows[1].text, picture: cyRows[1].picture }] } });
    expect(noAlt.code).not.toBe(0);
    expect(noAlt.stderr).toContain("easyRead.cy[1].alt");
    const unknown = await createCampaignFromFile(app, { ...gofalTeg, slug: "llun-anhysbys", easyRead: { en: [{ ...enRows[0], picture: "openmoji:FFFFF" }], cy: cyRows } });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("openmoji:FFFFF");
    expect(query(app, "select slug from campaigns where slug in ('heb-alt', 'llun-anhysbys')")).toEqual([]);
  }, CLI_TIMEOUT);

  it("keeps a draft whose row waits for its picture, and refuses to publish it until every row has one", async () => {
    const draft = await createCampaignFromFile(app, { ...gofalTeg, slug: "drafft-hawdd", status: "draft", easyRead: { en: [{ text: enRows[0].text }], cy: cyRows } });
    expect(draft.stderr).toBe("");
    const refused = await staff("/workspace/c/drafft-hawdd?index", form({ action: "publish" }));
    expect(refused.status).toBe(409);
    expect(textOf(await refused.text())).toContain(en("easyReadErrors.missing", { fields: "easyRead.en[0].picture, easyRead.en[0].alt" }));
    expect(query(app, "select status from campaigns where slug = 'drafft-hawdd'")).toEqual([{ status: "draft" }]);
  }, CLI_TIMEOUT);
});

describe("the Easy Read page", () => {
  it("is linked near the top of the campaign page, shows each row's picture and text, and links back", async () => {
    const campaign = await page("/c/gofal-hawdd");
    expect(campaign.html).toContain('href="/c/gofal-hawdd/easy-read"');
    expect(campaign.html.indexOf('href="/c/gofal-hawdd/easy-read"')).toBeLessThan(campaign.html.indexOf(en("campaign.letter")));

    const easy = await page("/c/gofal-hawdd/easy-read");
    expect(easy.status).toBe(200);
    expect(easy.html).toContain('class="easy-read"');
    for (const row of enRows) {
      expect(easy.html).toContain(row.text);
      expect(easy.html).toMatch(new RegExp(`<img src="/pictures/[^"]+" alt="${row.alt}"`));
    }
    expect(easy.html).toContain('href="/c/gofal-hawdd"');
    expect(easy.html).toContain(enEasy("easyRead.attribution"));

    const welsh = await page("/cy/c/gofal-hawdd/easy-read");
    expect(welsh.status).toBe(200);
    for (const row of cyRows) expect(welsh.html).toContain(row.text);
    expect(welsh.html).toContain(cyEasy("easyRead.attribution"));
  });

  it("is not found for a campaign without an Easy Read letter, or a draft", async () => {
    expect((await page("/c/fair-care-now/easy-read")).status).toBe(404);
    expect((await page("/c/fair-care-now")).html).not.toContain(`href="/c/fair-care-now/easy-read"`);
    expect((await page("/c/drafft-hawdd/easy-read")).status).toBe(404);
  });
});

describe("signing the Easy Read letter", () => {
  it("asks the Easy Read questions, and says what to fix in Easy Read words, writing nothing", async () => {
    const form = await page("/c/gofal-hawdd/easy-read/sign");
    expect(form.status).toBe(200);
    const text = textOf(form.html);
    for (const key of ["sign.name", "sign.email", "sign.location", "easyRead.signerType", "assisted.legend", "assisted.helperName", "assisted.helperRelation"] as const) {
      expect(text).toContain(enEasy(key));
    }
    expect(form.html).not.toContain('name="comment"');
    expect(form.html).not.toContain('name="role"');

    const refused = await post("/c/gofal-hawdd/easy-read/sign", { name: "Rhys", email: "not an address", location: "Bangor", signerType: "individual", helped: "no", letterTextId: String(easyReadText("gofal-hawdd", "en").id) });
    expect(refused.status).toBe(400);
    // The issue's own words for the Easy Read email error.
    expect(enEasy("errors.emailInvalid")).toBe("Please write your email address. It looks like name@example.com.");
    expect(textOf(await refused.text())).toContain(enEasy("errors.emailInvalid"));
    expect(signatureOf("not an address")).toEqual([]);
  });

  it("binds the signature to the Easy Read text, records the helper, and confirms in Easy Read", async () => {
    const letter = easyReadText("gofal-hawdd", "en");
    const signed = await post("/c/gofal-hawdd/easy-read/sign", {
      name: "Rhys Evans",
      email: "rhys@example.org",
      location: "Bangor",
      signerType: "individual",
      helped: "yes",
      helperName: "Mari Jones",
      helperRelation: "support_worker",
      letterTextId: String(letter.id),
    });
    expect(signed.status).toBe(302);
    expect(signed.headers.get("location")).toBe("/c/gofal-hawdd/easy-read/check-email");
    expect(signatureOf("rhys@example.org")).toEqual([
      { language: "en", variant: "easy_read", same_text: 1, helper_name: "Mari Jones", helper_relation: "support_worker", show_name: 0, signer_type: "individual" },
    ]);

    const checkEmail = await page("/c/gofal-hawdd/easy-read/check-email");
    expect(textOf(checkEmail.html)).toContain(enEasy("checkEmail.body"));
    expect(checkEmail.html).toContain('class="easy-read"');

    const mail = await mailTo("rhys@example.org");
    expect(mail.subject).toBe(enEasy("email.verify.subject", { title: "Fair care now" }));
    expect(mail.text).toContain(enEasy("email.verify.body", { title: "Fair care now" }));
    const link = mail.text?.match(/https?:\/\/\S+\/c\/gofal-hawdd\/easy-read\/verify\/[\w-]+/)?.[0];
    expect(link).toBeDefined();

    const before = (await (await fetch(`${app.url}/c/gofal-hawdd/count.json`)).json()) as { count: number };
    const confirmed = await fetch(link!);
    expect(confirmed.status).toBe(200);
    const html = await confirmed.text();
    expect(html).toContain('class="easy-read"');
    expect(textOf(html)).toContain(enEasy("verify.title"));
    expect(html).toContain('href="/c/gofal-hawdd/easy-read"');
    await waitForCount(app, "gofal-hawdd", before.count + 1);
  });

  it("in Welsh: binds to the Welsh Easy Read text and mails in Welsh Easy Read, with a Welsh link", async () => {
    const letter = easyReadText("gofal-hawdd", "cy");
    const signed = await post("/cy/c/gofal-hawdd/easy-read/sign", {
      name: "Siân Prys",
      email: "sian@example.org",
      location: "Aberystwyth",
      signerType: "organisation",
      organisation: "Pobl yn Gyntaf",
      helped: "no",
      letterTextId: String(letter.id),
    });
    expect(signed.status).toBe(302);
    expect(signed.headers.get("location")).toBe("/cy/c/gofal-hawdd/easy-read/check-email");
    expect(signatureOf("sian@example.org")).toEqual([
      { language: "cy", variant: "easy_read", same_text: 1, helper_name: null, helper_relation: null, show_name: 0, signer_type: "organisation" },
    ]);
    const mail = await mailTo("sian@example.org");
    expect(mail.text).toContain(cyEasy("email.verify.body", { title: "Gofal teg nawr" }));
    expect(mail.text).toMatch(/\/cy\/c\/gofal-hawdd\/easy-read\/verify\/[\w-]+/);
  });
});

describe("assisted signing on the standard form", () => {
  const standard = { name: "Owen Hughes", email: "owen@example.org", signerType: "individual", location: "Wrexham", showName: "on" };

  it("asks who helped only after a yes, and records them with the signature", async () => {
    const form = textOf((await page("/c/gofal-hawdd")).html);
    expect(form).toContain(en("assisted.legend"));

    const missing = await post("/c/gofal-hawdd/sign", { ...standard, helped: "yes" });
    expect(missing.status).toBe(400);
    const refusal = textOf(await missing.text());
    expect(refusal).toContain(en("errors.helperNameRequired"));
    expect(refusal).toContain(en("errors.helperRelationRequired"));
    expect(signatureOf("owen@example.org")).toEqual([]);

    // Whoever helped is ignored when the signer said nobody did.
    expect((await post("/c/gofal-hawdd/sign", { ...standard, email: "solo@example.org", helped: "no", helperName: "Stray" })).status).toBe(302);
    expect(signatureOf("solo@example.org")[0]).toMatchObject({ variant: "standard", helper_name: null, helper_relation: null });

    expect((await post("/c/gofal-hawdd/sign", { ...standard, helped: "yes", helperName: "Gwen Hughes", helperRelation: "family" })).status).toBe(302);
    expect(signatureOf("owen@example.org")).toEqual([
      { language: "en", variant: "standard", same_text: 1, helper_name: "Gwen Hughes", helper_relation: "family", show_name: 1, signer_type: "individual" },
    ]);
  });
});
