import { beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { CLI_TIMEOUT, createCampaignFromFile } from "../helpers/cli";
import { execute } from "../helpers/db";
import { textOf, validSignature } from "../helpers/http";
import { type Mailbox, withAppAndMailbox } from "../helpers/smtp";

// Issue 15, point 4: /privacy made from the privacy settings, in both languages; every form that
// takes personal data links to it (in the page's language); every mail's footer carries its address.
// Wording comes from app/i18n through getT, so a reworded string changes the test with it.

const en = getT("en");
const cy = getT("cy");

// PRIVACY_SETTING_KEYS (app/services/privacy-settings.server.ts), written out: importing the service
// would open a database in the test process. Staff's settings form writes these rows.
const PRIVACY_SETTING_KEYS = {
  retentionMonths: "privacy.retention_months",
  controllerName: "privacy.controller_name",
  controllerContact: "privacy.controller_contact",
} as const;

let app: RunningApp;
let mailbox: Mailbox;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  const created = await createCampaignFromFile(app, gofal);
  expect(created.stderr).toBe("");
  expect(created.code).toBe(0);
}, CLI_TIMEOUT);

// A campaign in Welsh and English with an Easy Read letter, for the Welsh and Easy Read forms.
const gofal = {
  slug: "gofal-preifat",
  languages: ["cy", "en"],
  title: { cy: "Gofal teg nawr", en: "Fair care now" },
  summary: { cy: "Llythyr agored am gyflog teg.", en: "An open letter about fair pay." },
  body: { cy: "Annwyl Brif Weinidog,\n\nTalwch gyflog teg.", en: "Dear First Minister,\n\nPlease pay fairly." },
  recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
  easyRead: {
    en: [{ text: "We want fair pay for care workers.", picture: "openmoji:1F91D", alt: "Two hands shaking" }],
    cy: [{ text: "Rydyn ni eisiau cyflog teg i weithwyr gofal.", picture: "openmoji:1F91D", alt: "Dwy law yn ysgwyd" }],
  },
  status: "open",
};

async function page(path: string) {
  const response = await fetch(`${app.url}${path}`);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The addresses of a page's links (its <a href>s). */
const hrefs = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map(([, href]) => href);

function setSetting(key: string, value: string) {
  execute(app, "insert into settings (key, value, updated_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value", key, value, new Date().toISOString());
}

describe("the privacy notice", () => {
  it("says who holds the data, for how long, and that only staff see emails, in English and Welsh, with the two ways out", async () => {
    const english = await page("/privacy");
    const text = textOf(english);
    expect(english).toContain("<title>");
    expect(text).toContain(en("privacy.title"));
    expect(text).toContain(en("privacy.controllerOperator"));
    // With no controller named, the operator is reached at MAIL_FROM, as /contact gives it.
    expect(english).toContain('href="mailto:noreply@undersigned.localhost"');
    expect(text).toContain(en("privacy.keep", { count: 6 }));
    expect(text).toContain("6 months");
    expect(text).toContain(en("privacy.whoEmail"));
    expect(text).toContain("Only staff see the email address");
    expect(text).toContain(en("privacy.collectIp"));
    expect(text).toContain(en("privacy.keepUnconfirmed"));
    expect(text).toContain(en("privacy.checks"));
    expect(text).toContain(en("privacy.complain"));
    expect(hrefs(english)).toEqual(expect.arrayContaining(["/privacy#withdraw", "/my-data", "/contact", "https://ico.org.uk/make-a-complaint/"]));
    expect(english).toContain('id="withdraw"');

    const welsh = await page("/cy/privacy");
    const cyText = textOf(welsh);
    expect(welsh).toContain('<html lang="cy"');
    expect(cyText).toContain(cy("privacy.title"));
    expect(cyText).toContain(cy("privacy.keep", { count: 6 }));
    expect(cyText).toContain("6 mis");
    expect(cyText).toContain(cy("privacy.whoEmail"));
    expect(cyText).not.toContain(en("privacy.whoEmail"));
    expect(hrefs(welsh)).toEqual(expect.arrayContaining(["/cy/privacy#withdraw", "/cy/my-data", "/cy/contact"]));
  });

  it("shows the controller's name, contact and months once staff set them, as text", async () => {
    setSetting(PRIVACY_SETTING_KEYS.controllerName, "Care <b>Cymru</b> Ltd");
    setSetting(PRIVACY_SETTING_KEYS.controllerContact, "dpo@care.example");
    setSetting(PRIVACY_SETTING_KEYS.retentionMonths, "2");
    try {
      const english = await page("/privacy");
      expect(english).not.toContain("<b>Cymru</b>");
      expect(english).toContain("Care &lt;b&gt;Cymru&lt;/b&gt; Ltd");
      expect(textOf(english)).toContain(en("privacy.controllerNamed", { name: "Care &lt;b&gt;Cymru&lt;/b&gt; Ltd" }));
      expect(textOf(english)).not.toContain(en("privacy.controllerOperator"));
      expect(english).toContain('href="mailto:dpo@care.example"');
      expect(textOf(english)).toContain("for 2 months after a campaign closes");

      const welsh = await page("/cy/privacy");
      expect(welsh).not.toContain("<b>Cymru</b>");
      expect(textOf(welsh)).toContain(cy("privacy.controllerNamed", { name: "Care &lt;b&gt;Cymru&lt;/b&gt; Ltd" }));
      // Welsh counts months with its own plural forms: two is "2 fis".
      expect(textOf(welsh)).toContain(cy("privacy.keep", { count: 2 }));
      expect(textOf(welsh)).toContain("am 2 fis ar ôl");

      // A contact that is not an email address (a postal address) stays text, escaped.
      setSetting(PRIVACY_SETTING_KEYS.controllerContact, "1 Stryd <Fawr>\nCaerdydd");
      setSetting(PRIVACY_SETTING_KEYS.retentionMonths, "1");
      const postal = await page("/privacy");
      expect(postal).toContain("1 Stryd &lt;Fawr&gt;");
      expect(postal).not.toContain("mailto:1 Stryd");
      expect(textOf(postal)).toContain("for 1 month after a campaign closes");
    } finally {
      execute(app, "delete from settings where key in (?, ?, ?)", ...Object.values(PRIVACY_SETTING_KEYS));
    }
  });
});

describe("forms that take personal data", () => {
  const forms = [
    { path: "/c/fair-care-now/sign", purpose: "campaign" },
    { path: "/c/fair-care-now/support/new", purpose: "campaign" },
    { path: "/sign-in", purpose: "signIn" },
  ] as const;

  it("link to the privacy notice in the page's language", async () => {
    for (const { path, purpose } of forms) {
      const html = await page(path);
      expect(hrefs(html), path).toContain("/privacy");
      expect(textOf(html), path).toContain(en(`privacyNote.${purpose}`));
      expect(textOf(html), path).toContain(en("privacyNote.link"));
    }
    for (const path of ["/cy/c/gofal-preifat/sign", "/cy/c/gofal-preifat/support/new", "/cy/sign-in"]) {
      const html = await page(path);
      expect(hrefs(html), path).toContain("/cy/privacy");
      expect(hrefs(html), path).not.toContain("/privacy");
      expect(textOf(html), path).toContain(cy("privacyNote.link"));
    }
  });

  it("link to it from the Easy Read sign form, in Easy Read words", async () => {
    const english = await page("/c/gofal-preifat/easy-read/sign");
    expect(hrefs(english)).toContain("/privacy");
    expect(textOf(english)).toContain(getT("en", "easy_read")("privacyNote.link"));
    const welsh = await page("/cy/c/gofal-preifat/easy-read/sign");
    expect(hrefs(welsh)).toContain("/cy/privacy");
    expect(textOf(welsh)).toContain(getT("cy", "easy_read")("privacyNote.link"));
  });
});

describe("mail", () => {
  it("ends every confirmation mail with the privacy notice's address, in Welsh for a Welsh signer", async () => {
    const signed = await fetch(`${app.url}/cy/c/gofal-preifat/sign`, {
      method: "POST",
      body: new URLSearchParams({ ...validSignature, name: "Siân Jones", email: "sian@example.org" }),
      redirect: "manual",
    });
    expect(signed.status).toBe(302);
    const [welsh] = await mailbox.waitFor(1, "sian@example.org");
    expect(welsh.text).toContain(`${cy("email.privacyFooter")} ${app.url}/cy/privacy\n`);
    expect(welsh.html).toContain(`<a href="${app.url}/cy/privacy">${app.url}/cy/privacy</a>`);
    expect(welsh.text).not.toContain(en("email.privacyFooter"));

    const english = await fetch(`${app.url}/c/fair-care-now/sign`, { method: "POST", body: new URLSearchParams(validSignature), redirect: "manual" });
    expect(english.status).toBe(302);
    const [mail] = await mailbox.waitFor(1, validSignature.email);
    expect(mail.text).toContain(`${en("email.privacyFooter")} ${app.url}/privacy\n`);
    expect(mail.html).toContain(`<a href="${app.url}/privacy">${app.url}/privacy</a>`);
  });
});
