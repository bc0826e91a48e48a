import type { ParsedMail } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { CLI_TIMEOUT, createCampaignFromFile } from "../helpers/cli";
import { addPack, addSigner, campaignIdOf, zipOf } from "../helpers/delivery";
import { textOf, validSignature } from "../helpers/http";
import { type Browser, browser, createAccount, form, signInAs } from "../helpers/session";
import { type Mailbox, withAppAndMailbox } from "../helpers/smtp";

// Every mail in its reader's language: the language of the page they signed, wrote, were invited or
// asked to sign in on, recorded with them and used for every later mail, whatever page the campaign
// team is on when it causes one. Each mail says so in Content-Language and <html lang>, names the
// campaign by its title in that language, and links to pages in it (/cy/… for Welsh). The Welsh words
// come from app/i18n/cy through getT("cy"), so a reworded string changes the test with it.

const cy = getT("cy");
const en = getT("en");
const SLUG = "fair-care-now";
const TITLE = "Fair care now";
const WELSH_TITLE = "Gofal teg nawr";

let app: RunningApp;
let mailbox: Mailbox;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  staff = await signInAs(app, "staff@example.org", "staff");
  // The fixture campaign gains a Welsh title (campaign_texts), for mail in Welsh to name it by.
  execute(app, "insert into campaign_texts (campaign_id, language, title, summary) values (?, 'cy', ?, 'Llythyr agored.')", campaignIdOf(app, SLUG), WELSH_TITLE);
});

const seen = new Set<ParsedMail>();
const addressees = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));

/** The next message to `to` whose subject is `subject` (or matches it), not handed out before. */
async function nextMail(to: string, subject: string | RegExp, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  const matches = (s = "") => (typeof subject === "string" ? s === subject : subject.test(s));
  for (;;) {
    const mail = mailbox.messages.find((m) => !seen.has(m) && matches(m.subject) && addressees(m).includes(to));
    if (mail) {
      seen.add(mail);
      return mail;
    }
    if (Date.now() > deadline) {
      const theirs = mailbox.messages.filter((m) => addressees(m).includes(to)).map((m) => m.subject);
      throw new Error(`No new mail "${subject}" to ${to}; all their mail: ${JSON.stringify(theirs)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.slice(name.length + 1).trim();

/** Every address on this site in a mail, its plain text and its HTML. */
const siteLinks = (mail: ParsedMail) =>
  [...`${mail.text}\n${mail.html || ""}`.matchAll(/https?:\/\/[^\s"<>]+/g)].map(([link]) => link).filter((link) => link.startsWith(`${app.url}/`));

/** A mail written in `language`: it says so in its header and HTML, and every link to this site stays in it. */
function expectInLanguage(mail: ParsedMail, language: "cy" | "en") {
  expect(header(mail, "content-language")).toBe(language);
  expect(mail.html).toContain(`<html lang="${language}">`);
  const paths = siteLinks(mail).map((link) => link.slice(app.url.length));
  expect(paths.length).toBeGreaterThan(0);
  for (const path of paths) {
    if (language === "cy") expect(path).toMatch(/^\/cy\//);
    else expect(path).not.toMatch(/^\/cy(\/|$)/);
  }
}

function linkIn(mail: ParsedMail, pattern: RegExp) {
  const link = mail.text?.match(pattern)?.[0];
  if (!link) throw new Error(`No link matching ${pattern} in:\n${mail.text}`);
  return link;
}

describe("a response mailed to the signers who asked for news", () => {
  it("reaches a Welsh signer in Welsh and an English signer in English", async () => {
    // Signed on the Welsh page, news asked for, and confirmed from the mail (in Welsh, to a Welsh page).
    const signed = await fetch(`${app.url}/cy/c/${SLUG}/sign`, {
      method: "POST",
      body: new URLSearchParams({ ...validSignature, name: "Siân Jones", email: "sian@example.org", updates: "on" }),
      redirect: "manual",
    });
    expect(signed.status).toBe(302);
    const verify = await nextMail("sian@example.org", /.*/);
    expectInLanguage(verify, "cy");
    expect((await fetch(linkIn(verify, /https?:\/\/\S+\/cy\/verify\/[\w-]+/))).status).toBe(200);
    expect(query(app, "select language, verified_at is not null as verified from signatures where email = 'sian@example.org'")).toEqual([{ language: "cy", verified: 1 }]);
    addSigner(app, SLUG, "emma@example.org"); // signed in English (the column's default)
    // The responder's title in each language, as the campaign's recipients have it.
    execute(app, `update recipients set titles = '{"en":"Minister for Care","cy":"Gweinidog Gofal"}' where name = 'Jane Minister'`);

    const janeId = query<{ id: number }>(app, "select id from recipients where name = 'Jane Minister' and campaign_id = ?", campaignIdOf(app, SLUG))[0].id;
    const body = new FormData();
    for (const [name, value] of Object.entries({ recipientId: String(janeId), receivedOn: "2026-11-20", body: "Diolch. Thank you." })) body.append(name, value);
    expect((await staff(`/workspace/c/${SLUG}/responses`, { method: "POST", body })).status).toBe(302);

    const welsh = await nextMail("sian@example.org", cy("email.campaignResponse.subject", { title: WELSH_TITLE }));
    expectInLanguage(welsh, "cy");
    expect(welsh.text).toContain(
      cy("email.campaignResponse.intro", { from: "Jane Minister, Gweinidog Gofal", title: WELSH_TITLE, date: "20 Tachwedd 2026" }),
    );
    expect(welsh.text).toContain(`${cy("email.campaignResponse.online")} ${app.url}/cy/c/${SLUG}#responses`);
    expect(welsh.text).toContain(cy("email.campaignResponse.footer", { title: WELSH_TITLE }));
    const unsubscribe = header(welsh, "list-unsubscribe")!.slice(1, -1);
    expect(unsubscribe).toMatch(new RegExp(`^${app.url}/cy/unsubscribe/\\d+-[\\w-]{43}$`));
    expect(textOf(await (await fetch(unsubscribe)).text())).toContain(cy("delivery.unsubscribe.title"));

    const english = await nextMail("emma@example.org", en("email.campaignResponse.subject", { title: TITLE }));
    expectInLanguage(english, "en");
    expect(english.text).toContain(en("email.campaignResponse.intro", { from: "Jane Minister, Minister for Care", title: TITLE, date: "20 November 2026" }));
    expect(header(english, "list-unsubscribe")).toMatch(new RegExp(`^<${app.url}/unsubscribe/\\d+-[\\w-]{43}>$`));
  });
});

describe("signing again", () => {
  it("is answered in the language of the first signature, whichever page the second was made on", async () => {
    // A bilingual campaign, so that the English page offers its own English text to sign.
    const created = await createCampaignFromFile(app, {
      slug: "gofal-teg",
      languages: ["cy", "en"],
      title: { cy: "Gofal teg nawr", en: "Fair care now" },
      summary: { cy: "Llythyr agored am gyflog teg.", en: "An open letter for fair pay." },
      body: { cy: "Annwyl Brif Weinidog,\n\nTalwch gyflog teg i weithwyr gofal.", en: "Dear First Minister,\n\nPlease pay care workers fairly." },
      recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
      status: "open",
    });
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);

    // Signed on the Welsh page and confirmed from the Welsh mail.
    const sign = (prefix: "" | "/cy") =>
      fetch(`${app.url}${prefix}/c/gofal-teg/sign`, {
        method: "POST",
        body: new URLSearchParams({ ...validSignature, name: "Owain Price", email: "owain@example.org" }),
        redirect: "manual",
      });
    expect((await sign("/cy")).status).toBe(302);
    const verify = await nextMail("owain@example.org", /.*/);
    expectInLanguage(verify, "cy");
    expect((await fetch(linkIn(verify, /https?:\/\/\S+\/cy\/verify\/[\w-]+/))).status).toBe(200);

    // The same address again, from the English page: the page says what it says to anyone (no
    // telling whether an address has signed), and the mail goes in the language first chosen.
    const again = await sign("");
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/c/gofal-teg/check-email");
    const mail = await nextMail("owain@example.org", cy("email.alreadySigned.subject", { title: "Gofal teg nawr" }));
    expectInLanguage(mail, "cy");
    expect(mail.text).toContain(cy("email.alreadySigned.greeting", { name: "Owain Price" }));
    expect(mail.text).toContain(cy("email.alreadySigned.body", { title: "Gofal teg nawr" }));
    expect(mail.text).toContain(`${cy("email.alreadySigned.link")} ${app.url}/cy/c/gofal-teg`);
    expect(mail.text).toContain(cy("email.alreadySigned.withdraw"));
    expect(linkIn(mail, /https?:\/\/\S+\/withdraw\/[\w-]+/)).toMatch(new RegExp(`^${app.url}/cy/withdraw/`));
    expect(mail.text).not.toContain(en("email.alreadySigned.body", { title: "Fair care now" }));
    // One signature still, in Welsh; no second one in English.
    expect(query(app, "select language from signatures where email = 'owain@example.org'")).toEqual([{ language: "cy" }]);
  }, CLI_TIMEOUT);
});

describe("signing in", () => {
  it("mails the sign-in link in the language of the page it was asked for on, and the account keeps the language it signs in in", async () => {
    await createAccount(app, "cymro@example.org", "campaigner");
    await nextMail("cymro@example.org", en("email.signIn.subject")); // the command line's mail: English, the account's language so far
    const language = () => query<{ language: string }>(app, "select language from users where email = 'cymro@example.org'")[0].language;

    const asked = await fetch(`${app.url}/cy/sign-in`, { method: "POST", body: new URLSearchParams({ email: "cymro@example.org" }), redirect: "manual" });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe("/cy/sign-in/code");
    const welsh = await nextMail("cymro@example.org", cy("email.signIn.subject"));
    expectInLanguage(welsh, "cy");
    expect(welsh.text).toContain(cy("email.signIn.body", { minutes: 15 }));
    // Anyone may ask for any address: asking alone changes nothing on the account.
    expect(language()).toBe("en");
    const signedIn = await fetch(linkIn(welsh, /https?:\/\/\S+\/cy\/sign-in\/[\w-]{43}/), { method: "POST", body: new URLSearchParams(), redirect: "manual" });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/cy/workspace");
    expect(language()).toBe("cy");

    // Asked for on an English page, the mail is English; signing in with its code there makes the account English again.
    const get = browser(app);
    expect((await get("/sign-in", form({ email: "cymro@example.org" }))).headers.get("location")).toBe("/sign-in/code");
    const english = await nextMail("cymro@example.org", en("email.signIn.subject"));
    expectInLanguage(english, "en");
    expect(language()).toBe("cy");
    const code = english.text!.match(/\b(\d{6})\b/)![1];
    expect((await get("/sign-in/code", form({ code }))).headers.get("location")).toBe("/workspace");
    expect(language()).toBe("en");
  });
});

describe("a letter of support", () => {
  it("written on a Welsh page is confirmed in Welsh, and its author hears the team's decision in Welsh", async () => {
    const body = new FormData();
    const letter = { authorName: "Dr Elin Rhys", email: "elin@example.org", organisation: "Prifysgol Bangor", country: "GB", body: "Rwy'n cefnogi'r llythyr hwn.", consent: "on" };
    for (const [name, value] of Object.entries(letter)) body.append(name, value);
    body.append("pdf", new Blob([], { type: "application/octet-stream" }), "");
    const sent = await fetch(`${app.url}/cy/c/${SLUG}/support/new`, { method: "POST", body, redirect: "manual" });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(`/cy/c/${SLUG}/support/check-email`);
    expect(query(app, "select language from support_letters where email = 'elin@example.org'")).toEqual([{ language: "cy" }]);

    const confirm = await nextMail("elin@example.org", cy("email.supportLetterConfirm.subject", { title: WELSH_TITLE }));
    expectInLanguage(confirm, "cy");
    expect(confirm.text).toContain(cy("email.supportLetterConfirm.greeting", { name: "Dr Elin Rhys" }));
    expect((await fetch(linkIn(confirm, /https?:\/\/\S+\/cy\/support\/confirm\/[\w-]+/))).status).toBe(200);

    // The team approves on an English page; the author is still written to in Welsh.
    const id = query<{ id: number }>(app, "select id from support_letters where email = 'elin@example.org'")[0].id;
    expect((await staff(`/workspace/c/${SLUG}/support/${id}`, form({ intent: "approve" }))).status).toBe(302);
    const approved = await nextMail("elin@example.org", cy("email.supportLetterApproved.subject", { title: WELSH_TITLE }));
    expectInLanguage(approved, "cy");
    expect(approved.text).toContain(`${cy("email.supportLetterApproved.link")} ${app.url}/cy/c/${SLUG}/support/${id}`);
  });
});

describe("invitations", () => {
  it("to the team, sent from a Welsh page, arrive in Welsh, and a new account keeps the language", async () => {
    const sent = await staff(`/cy/workspace/c/${SLUG}/team`, form({ intent: "invite", email: "gwen@example.org" }));
    expect(sent.status).toBe(302);
    const mail = await nextMail("gwen@example.org", cy("email.teamInvitation.subject", { title: WELSH_TITLE }));
    expectInLanguage(mail, "cy");
    expect(mail.text).toContain(cy("email.teamInvitation.body", { by: "staff@example.org", title: WELSH_TITLE }));
    expect(linkIn(mail, /https?:\/\/\S+\/invitations\/[\w-]{43}/)).toMatch(new RegExp(`^${app.url}/cy/invitations/`));
    expect(query(app, "select language from campaign_invitations where email = 'gwen@example.org'")).toEqual([{ language: "cy" }]);
    expect(query(app, "select language from users where email = 'gwen@example.org'")).toEqual([{ language: "cy" }]);
  });

  it("to write a letter of support, sent from a Welsh page, arrive in Welsh, and so do their reminders from an English page", async () => {
    const sent = await staff(`/cy/workspace/c/${SLUG}/support`, form({ intent: "invite", name: "Dafydd", email: "dafydd@example.org" }));
    expect(sent.status).toBe(302);
    const invitation = await nextMail("dafydd@example.org", cy("email.supportInvitation.subject", { title: WELSH_TITLE }));
    expectInLanguage(invitation, "cy");
    expect(invitation.text).toContain(cy("email.supportInvitation.greeting", { name: "Dafydd" }));
    expect(linkIn(invitation, /https?:\/\/\S+\/support\/new\?invitation=[\w-]+/)).toMatch(new RegExp(`^${app.url}/cy/c/${SLUG}/support/new\\?invitation=`));

    const { id } = query<{ id: number }>(app, "select id, language from support_invitations where email = 'dafydd@example.org'")[0];
    expect(query(app, "select language from support_invitations where id = ?", id)).toEqual([{ language: "cy" }]);
    execute(app, "update support_invitations set created_at = ? where id = ?", new Date(Date.now() - 4 * 86_400_000).toISOString(), id);
    expect((await staff(`/workspace/c/${SLUG}/support`, form({ intent: "remind", invitationId: String(id) }))).status).toBe(302);
    const reminder = await nextMail("dafydd@example.org", cy("email.supportReminder.subject", { title: WELSH_TITLE }));
    expectInLanguage(reminder, "cy");
  });
});

describe("delivering the pack", () => {
  it("writes to the recipients in the campaign's primary language", async () => {
    const slug = "old-letter"; // closed, so it may be delivered
    execute(app, "update campaigns set language = 'cy', languages = 'cy,en', title = 'Hen lythyr' where slug = ?", slug);
    addPack(app, slug, await zipOf({ "manifest.json": `{"campaign":"${slug}"}` }));
    const jane = query<{ id: number }>(app, "select id from recipients where name = 'Jane Minister' and campaign_id = ?", campaignIdOf(app, slug))[0].id;
    const body = new URLSearchParams({ intent: "send", message: "Annwyl Weinidog,\n\nAmgaeir ein llythyr.", recipients: String(jane) });
    expect((await staff(`/workspace/c/${slug}/delivery`, { method: "POST", body })).status).toBe(302);

    const mail = await nextMail("jane.minister@gov.example", cy("email.packDelivery.subject", { title: "Hen lythyr" }));
    expectInLanguage(mail, "cy");
    expect(mail.text).toContain(`${cy("email.packDelivery.online")} ${app.url}/cy/c/${slug}`);
    const download = await fetch(linkIn(mail, /https?:\/\/\S+\/cy\/packs\/[\w-]{43}/));
    expect(download.status).toBe(200);
  });
});
