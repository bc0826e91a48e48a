import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getT } from "~/i18n";
import { formatDate, formatNumber, localeOf } from "~/i18n/format";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { draftCampaign, openCampaign, pastDeadlineCampaign } from "../helpers/fixtures";
import { textOf, validSignature } from "../helpers/http";

// English at the root, Welsh under /cy: the same pages in either language, the header's link
// between them, and the reader's language remembered (a cookie) or guessed (Accept-Language) when
// they come back to "/". Welsh words come from app/i18n/cy through getT("cy"), so a reworded
// string changes the test with it; the plural forms are spelt out, because choosing them is the
// point.

const cy = getT("cy");
const en = getT("en");
const SLUG = openCampaign.slug;

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => stopApp(app));

/** What a browser sends when the reader opens an address themselves (typed, a bookmark). */
const documentRequest = {
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Sec-Fetch-Dest": "document",
  "Sec-Fetch-Mode": "navigate",
  "Sec-Fetch-Site": "none",
};

/** Opens a page as a browser would (document headers, `headers` added or replacing them); follows nothing. */
async function open(pathname: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${pathname}`, { redirect: "manual", headers: { ...documentRequest, ...headers } });
  const html = await response.text();
  return {
    status: response.status,
    html,
    text: textOf(html),
    headers: response.headers,
    location: response.headers.get("location"),
    /** The Set-Cookie for `language`, if the response sets one. */
    languageCookie: response.headers.getSetCookie().find((cookie) => cookie.startsWith("language=")),
  };
}

/** The attributes of an HTML start tag, by lower-case name (HTML's are case-insensitive: React 18 writes `hrefLang`). */
function attributesOf(tag: string) {
  return Object.fromEntries([...tag.matchAll(/\s([\w:-]+)="([^"]*)"/g)].map(([, name, value]) => [name.toLowerCase(), value]));
}

/** The header's language link(s): attributes and words. */
function languageLinks(html: string) {
  return [...html.matchAll(/(<a\b[^>]*\bclass="site-language"[^>]*>)([\s\S]*?)<\/a>/g)].map(([, tag, words]) => ({
    attributes: attributesOf(tag),
    words: textOf(words).trim(),
  }));
}

/** The page's <title>, as read. */
const titleOf = (html: string) => textOf(html.match(/<title>([\s\S]*?)<\/title>/)?.[1] ?? "").trim();

/** A cookie's attributes, lower-cased names: "language=cy; Path=/; HttpOnly" → { language: "cy", path: "/", httponly: "" }. */
function cookieParts(cookie: string) {
  return Object.fromEntries(
    cookie.split(";").map((part) => {
      const [name, ...value] = part.trim().split("=");
      return [name.toLowerCase(), value.join("=")];
    }),
  );
}

describe("pages in Welsh under /cy", () => {
  it.each([
    ["the home page", "/", ["home.title", "home.intro"] as const],
    ["a campaign's page", `/c/${SLUG}`, ["campaign.letter", "campaign.signThis", "sign.heading"] as const],
    ["a campaign's sign page", `/c/${SLUG}/sign`, ["sign.heading", "sign.readLetter", "sign.submit"] as const],
    ["the sign-in page", "/sign-in", ["signIn.title", "signIn.intro", "signIn.submit"] as const],
  ])("serves %s in Welsh at /cy and in English at the root", async (_, englishPath, keys) => {
    const welshPath = englishPath === "/" ? "/cy" : `/cy${englishPath}`;
    const welsh = await open(welshPath);
    expect(welsh.status, welshPath).toBe(200);
    expect(welsh.html).toMatch(/<html lang="cy"[\s>]/);
    for (const key of keys) expect(welsh.text, `${welshPath}: ${key}`).toContain(textOf(cy(key)));
    // The header and footer speak Welsh too.
    expect(welsh.text).toContain(textOf(cy("site.tagline")));
    expect(welsh.text).toContain(cy("site.privacy"));
    expect(welsh.text).not.toContain(en("site.tagline"));

    const english = await open(englishPath);
    expect(english.status, englishPath).toBe(200);
    expect(english.html).toMatch(/<html lang="en"[\s>]/);
    for (const key of keys) expect(english.text, `${englishPath}: ${key}`).toContain(textOf(en(key)));
    expect(english.text).not.toContain(textOf(cy("site.tagline")));
  });

  it("titles Welsh pages in Welsh", async () => {
    expect(titleOf((await open("/cy")).html)).toBe(`${cy("home.title")} – ${cy("site.name")}`);
    expect(titleOf((await open(`/cy/c/${SLUG}/sign`)).html)).toBe(`${cy("sign.title", { title: openCampaign.title })} – ${cy("site.name")}`);
  });

  it("shows the count and the goal with Welsh words and Welsh plural forms", async () => {
    const { text } = await open(`/cy/c/${SLUG}`);
    expect(text).toContain("Mae 0 person wedi llofnodi");
    expect(text).toContain(cy("campaign.signatures", { count: 0 }));
    expect(text).toContain(cy("campaign.goal", { goal: 100 }));
    expect((await open("/cy")).text).toContain(cy("home.signatures", { count: 0 }));
  });

  it("gives a missing page under /cy a Welsh 404 page", async () => {
    for (const pathname of ["/cy/nowhere", "/cy/c/no-such-campaign", `/cy/c/${draftCampaign.slug}`]) {
      const page = await open(pathname);
      expect(page.status, pathname).toBe(404);
      expect(page.html).toMatch(/<html lang="cy"[\s>]/);
      expect(page.text, pathname).toContain(textOf(cy("errorPages.notFound.title")));
      expect(page.text, pathname).not.toContain("Page not found");
    }
  });

  it("answers 404 for any first segment other than cy that reaches a page as a language", async () => {
    for (const pathname of ["/xx", `/xx/c/${SLUG}`, `/xx/c/${SLUG}/sign`, "/xx/sign-in", "/en", `/en/c/${SLUG}`, "/fr"]) {
      const page = await open(pathname);
      expect(page.status, pathname).toBe(404);
      expect(page.text, pathname).toContain("Page not found");
      // Not the campaign under another name.
      expect(page.text, pathname).not.toContain(openCampaign.summary);
    }
  });

  it("refuses a signature posted to /xx/c/{slug}/sign, and stores nothing; the same form under /cy is taken", async () => {
    const signatures = () => query<{ n: number }>(app, "select count(*) as n from signatures")[0].n;
    const before = signatures();
    const refused = await fetch(`${app.url}/xx/c/${SLUG}/sign`, {
      method: "POST",
      body: new URLSearchParams({ ...validSignature, email: "xx@example.org" }),
      redirect: "manual",
    });
    expect(refused.status).toBe(404);
    await refused.text();
    expect(signatures()).toBe(before);
    expect(query(app, "select id from signatures where email = ?", "xx@example.org")).toEqual([]);

    // The same form sent from the Welsh page is a signature, and the reader stays in Welsh.
    const taken = await fetch(`${app.url}/cy/c/${SLUG}/sign`, {
      method: "POST",
      body: new URLSearchParams({ ...validSignature, email: "cy@example.org" }),
      redirect: "manual",
    });
    expect(taken.status).toBe(302);
    expect(taken.headers.get("location")).toBe(`/cy/c/${SLUG}/check-email`);
    expect(signatures()).toBe(before + 1);
  });
});

describe("the header's link to the other language", () => {
  it("links an English page to the same page in Welsh, query and all, in Welsh words", async () => {
    const { html } = await open(`/c/${SLUG}?page=1`);
    const links = languageLinks(html);
    expect(links).toHaveLength(1);
    expect(links[0].words).toBe("Cymraeg");
    expect(links[0].attributes).toMatchObject({ href: `/cy/c/${SLUG}?page=1`, lang: "cy", hreflang: "cy" });
    // It is a plain link, so that the whole page (and the cookie) changes language.
    expect(links[0].attributes).not.toHaveProperty("data-discover");
    // Search engines are told where the other language's page is, too.
    expect(html).toMatch(new RegExp(`<link (?=[^>]*rel="alternate")(?=[^>]*hreflang="cy")(?=[^>]*href="/cy/c/${SLUG}\\?page=1")[^>]*>`, "i"));
  });

  it("links a Welsh page back to the same page in English, in English words", async () => {
    const { html } = await open(`/cy/c/${SLUG}?page=1`);
    const links = languageLinks(html);
    expect(links).toHaveLength(1);
    expect(links[0].words).toBe("English");
    expect(links[0].attributes).toMatchObject({ href: `/c/${SLUG}?page=1`, lang: "en", hreflang: "en" });
    expect(html).toMatch(new RegExp(`<link (?=[^>]*rel="alternate")(?=[^>]*hreflang="en")(?=[^>]*href="/c/${SLUG}\\?page=1")[^>]*>`, "i"));
  });

  it("links the home pages to each other", async () => {
    expect(languageLinks((await open("/")).html)[0]).toEqual({ attributes: expect.objectContaining({ href: "/cy", lang: "cy", hreflang: "cy" }), words: "Cymraeg" });
    expect(languageLinks((await open("/cy")).html)[0]).toEqual({ attributes: expect.objectContaining({ href: "/", lang: "en", hreflang: "en" }), words: "English" });
  });

  it("is on a 404 page too, in either language", async () => {
    const english = await open("/nowhere?from=mail");
    expect(english.status).toBe(404);
    expect(languageLinks(english.html)).toEqual([
      { attributes: expect.objectContaining({ href: "/cy/nowhere?from=mail", lang: "cy", hreflang: "cy" }), words: "Cymraeg" },
    ]);
    const welsh = await open("/cy/c/no-such-campaign");
    expect(welsh.status).toBe(404);
    expect(languageLinks(welsh.html)).toEqual([
      { attributes: expect.objectContaining({ href: "/c/no-such-campaign", lang: "en", hreflang: "en" }), words: "English" },
    ]);
  });
});

describe("the reader's language: the cookie, and Accept-Language on a first visit", () => {
  it("sends a first visitor whose browser prefers Welsh from / to /cy", async () => {
    const page = await open("/", { "Accept-Language": "cy-GB,cy;q=0.9,en;q=0.8" });
    expect(page.status).toBe(302);
    expect(page.location).toBe("/cy");
    expect(page.headers.get("vary") ?? "").toMatch(/accept-language/i);
  });

  it("keeps a first visitor whose browser prefers English on /", async () => {
    const page = await open("/", { "Accept-Language": "en-GB,en;q=0.9,cy;q=0.8" });
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<html lang="en"[\s>]/);
    expect(page.headers.get("vary") ?? "").toMatch(/accept-language/i);
    expect(page.languageCookie).toBeUndefined();
  });

  it("keeps a first visitor whose browser names neither language on /", async () => {
    for (const acceptLanguage of ["fr-FR,fr;q=0.9", "*", ""]) {
      const page = await open("/", { "Accept-Language": acceptLanguage });
      expect(page.status, acceptLanguage).toBe(200);
      expect(page.html).toMatch(/<html lang="en"[\s>]/);
    }
  });

  it("sends a reader whose cookie says Welsh from / to /cy, whatever the browser prefers", async () => {
    for (const acceptLanguage of ["en-GB,en;q=0.9", "cy"]) {
      const page = await open("/", { Cookie: "language=cy", "Accept-Language": acceptLanguage });
      expect(page.status, acceptLanguage).toBe(302);
      expect(page.location).toBe("/cy");
    }
    // Arriving from another site's link is not a choice made here either.
    const fromElsewhere = await open("/", { Cookie: "language=cy", "Sec-Fetch-Site": "cross-site" });
    expect(fromElsewhere.status).toBe(302);
    expect(fromElsewhere.location).toBe("/cy");
  });

  it("keeps a reader whose cookie says English on /, though their browser prefers Welsh", async () => {
    const page = await open("/", { Cookie: "language=en", "Accept-Language": "cy-GB,cy;q=0.9,en;q=0.8" });
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<html lang="en"[\s>]/);
    expect(page.languageCookie).toBeUndefined();
  });

  it("lets a Welsh reader who clicked “English” read / in English, and remembers it", async () => {
    const page = await open("/", { Cookie: "language=cy", "Accept-Language": "cy-GB,cy;q=0.9", "Sec-Fetch-Site": "same-origin" });
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<html lang="en"[\s>]/);
    expect(page.languageCookie).toBeDefined();
    expect(cookieParts(page.languageCookie ?? "")).toMatchObject({ language: "en", path: "/", samesite: "Lax", httponly: "" });
    expect(page.headers.get("cache-control") ?? "").toMatch(/\bprivate\b/);
  });

  it("remembers Welsh when a Welsh page is opened without a cookie, for a year", async () => {
    const page = await open(`/cy/c/${SLUG}`);
    expect(page.status).toBe(200);
    expect(page.languageCookie).toBeDefined();
    const parts = cookieParts(page.languageCookie ?? "");
    expect(parts).toMatchObject({ language: "cy", path: "/", samesite: "Lax", httponly: "" });
    expect(Number(parts["max-age"])).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
    expect(parts).not.toHaveProperty("secure"); // PUBLIC_URL is http here
    // A response that sets a reader's cookie is that reader's: no shared cache keeps it.
    expect(page.headers.get("cache-control") ?? "").toMatch(/\bprivate\b/);
    // Once remembered, it is not set again.
    expect((await open(`/cy/c/${SLUG}`, { Cookie: "language=cy" })).languageCookie).toBeUndefined();
    expect((await open("/cy", { Cookie: "language=cy" })).languageCookie).toBeUndefined();
  });

  it("sets no cookie for an English reader who has not chosen Welsh", async () => {
    for (const pathname of ["/", `/c/${SLUG}`, `/c/${SLUG}/sign`, "/privacy"]) {
      const page = await open(pathname, { "Accept-Language": "en-GB,en;q=0.9" });
      expect(page.status, pathname).toBe(200);
      expect(page.languageCookie, pathname).toBeUndefined();
    }
  });

  it("remembers English when a Welsh reader opens an English page", async () => {
    const page = await open(`/c/${SLUG}`, { Cookie: "language=cy", "Sec-Fetch-Site": "same-origin" });
    expect(page.status).toBe(200);
    expect(cookieParts(page.languageCookie ?? "")).toMatchObject({ language: "en", path: "/" });
  });

  it("keeps a private page uncacheable while remembering its language", async () => {
    // /sign-in is private (no-store); setting the language cookie must not make it storable.
    const page = await open("/cy/sign-in");
    expect(page.status).toBe(200);
    expect(cookieParts(page.languageCookie ?? "")).toMatchObject({ language: "cy" });
    expect(page.headers.get("cache-control") ?? "").toMatch(/\bno-store\b/);
  });

  it("sets no cookie for a .data request or for a request that is not for a document", async () => {
    // The router's data request for a Welsh page: the page's own request sets the cookie, not this.
    const data = await open(`/cy/c/${SLUG}.data`);
    expect(data.status).toBe(200);
    expect(data.languageCookie).toBeUndefined();
    // A script's fetch, an image, a feed reader: not the reader opening a page.
    const notDocuments: Record<string, string>[] = [
      { Accept: "*/*", "Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin" },
      { Accept: "text/html", "Sec-Fetch-Dest": "iframe" },
      { Accept: "application/json" },
    ];
    for (const headers of notDocuments) {
      const response = await fetch(`${app.url}/cy/c/${SLUG}`, { redirect: "manual", headers });
      await response.text();
      expect(
        response.headers.getSetCookie().filter((cookie) => cookie.startsWith("language=")),
        JSON.stringify(headers),
      ).toEqual([]);
    }
    // Nor does a script's request to / get sent to /cy.
    const script = await fetch(`${app.url}/`, { redirect: "manual", headers: { Accept: "*/*", "Sec-Fetch-Dest": "empty", Cookie: "language=cy" } });
    await script.text();
    expect(script.status).toBe(200);
  });

  it("sets no cookie when a reader opens open data, a feed, a picture or the embed in a tab: shared caches may keep those", async () => {
    for (const [pathname, cookie] of [
      [`/cy/c/${SLUG}/feed.xml`, undefined],
      [`/cy/c/${SLUG}/qr.svg`, undefined],
      [`/cy/c/${SLUG}/embed`, undefined],
      [`/c/${SLUG}.json`, "language=cy"],
      [`/c/${SLUG}/signatures.csv`, "language=cy"],
    ] as const) {
      const opened = await open(pathname, cookie ? { Cookie: cookie } : {});
      expect(opened.status, pathname).toBe(200);
      expect(opened.headers.get("cache-control"), pathname).toMatch(/\bpublic\b/);
      expect(opened.languageCookie, pathname).toBeUndefined();
    }
    // The page itself still remembers the language it was read in.
    expect((await open(`/cy/c/${SLUG}`)).languageCookie).toMatch(/^language=cy;/);
  });

  it("copes with a very long Accept-Language", async () => {
    const long = `cy-GB,cy;q=0.9,${Array.from({ length: 700 }, (_, n) => `x-${n};q=0.1`).join(",")}`;
    expect(long.length).toBeGreaterThan(8_000);
    const page = await open("/", { "Accept-Language": long });
    expect(page.status).toBe(302);
    expect(page.location).toBe("/cy");
  });
});

describe("preferredLanguage", () => {
  let preferredLanguage: (acceptLanguage: string | undefined) => string | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-language-"));
  beforeAll(async () => {
    // The module reads the app's settings as it loads: give it a data folder of its own.
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("SESSION_SECRET", "a-test-secret-that-is-long-enough-for-the-check");
    ({ preferredLanguage } = await import("~/utils/http-policy.server"));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    // q-values decide, not the order
    ["cy-GB,cy;q=0.9,en;q=0.8", "cy"],
    ["en-GB,en;q=0.9,cy;q=0.8", "en"],
    ["en;q=0.5,cy;q=0.7", "cy"],
    ["cy;q=0.2, en;q=0.3", "en"],
    ["cy-GB;q=0.8,en-US;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,cy;q=0.3,en;q=0.2", "cy"],
    // equal weights: the first listed
    ["en,cy", "en"],
    ["cy,en", "cy"],
    // q=0 means "not this"
    ["cy;q=0,en;q=0.1", "en"],
    ["cy;q=0", undefined],
    ["cy;q=0.000", undefined],
    // case, spaces and region or script subtags
    ["CY", "cy"],
    ["Cy-gB", "cy"],
    ["EN-gb", "en"],
    ["  cy ; q=0.9 ,  en ; q=0.8 ", "cy"],
    ["cy-Latn-GB", "cy"],
    ["en-CY", "en"], // English as written in Cyprus
    ["el-CY,tr-CY;q=0.9", undefined], // Greek and Turkish in Cyprus: not Welsh
    // none of ours, or nothing at all
    ["fr-FR,fr;q=0.9", undefined],
    ["*", undefined],
    ["*;q=0.9,cy;q=0.5", "cy"],
    ["", undefined],
    [undefined, undefined],
    // junk
    [";;;,,,", undefined],
    ["cy;q=abc", undefined],
    ["cy;q=,en;q=0.1", "en"],
    ["cymraeg", undefined],
    ["=cy", undefined],
    ["cy;q=-1", undefined],
  ])("%j → %j", (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });

  it("reads a long header quickly, and only its start", () => {
    const junk = Array.from({ length: 100_000 }, (_, n) => `x-${n};q=0.1`).join(",");
    // The CPU it took, not the clock, which a busy machine stretches.
    const started = process.cpuUsage();
    expect(preferredLanguage(`cy,${junk}`)).toBe("cy");
    expect(preferredLanguage(`${junk},cy`)).toBeUndefined();
    expect(preferredLanguage("a".repeat(1_000_000))).toBeUndefined();
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(200);
  });
});

describe("links in a Welsh page stay Welsh", () => {
  /** Every site address a page's body links or sends forms to, with the tag it is in; the language link aside. */
  function siteTargets(html: string) {
    const body = html.slice(html.indexOf("<body"));
    return [...body.matchAll(/<(?:a|form)\b[^>]*>/g)]
      .map(([tag]) => ({ tag, attributes: attributesOf(tag) }))
      .filter(({ attributes }) => attributes.class !== "site-language")
      .map(({ tag, attributes }) => ({ tag, target: attributes.href ?? attributes.action }))
      .filter((link): link is { tag: string; target: string } => typeof link.target === "string" && link.target.startsWith("/") && !link.target.startsWith("//"));
  }

  it.each([
    ["the campaign page", `/cy/c/${SLUG}`],
    ["the sign page", `/cy/c/${SLUG}/sign`],
    ["the home page", "/cy"],
    ["the sign-in page", "/cy/sign-in"],
    ["a 404 page", "/cy/nowhere"],
  ])("keeps every link and form on %s under /cy", async (_, pathname) => {
    const { html } = await open(pathname);
    const targets = siteTargets(html);
    expect(targets.length).toBeGreaterThan(3);
    for (const { tag, target } of targets) expect(target, tag).toMatch(/^\/cy(?:[/?#]|$)/);
  });

  it("sends the campaign page's sign form, home link, header and footer links to Welsh pages", async () => {
    const { html } = await open(`/cy/c/${SLUG}`);
    expect(html).toMatch(new RegExp(`<form[^>]*action="/cy/c/${SLUG}/sign"`));
    const header = html.match(/<header class="site-header">[\s\S]*?<\/header>/)?.[0] ?? "";
    expect(header).toMatch(/<a[^>]*href="\/cy"[^>]*class="site-name"|<a[^>]*class="site-name"[^>]*href="\/cy"/);
    expect(header).toContain('href="/cy/sign-in"');
    const footer = html.match(/<footer class="site-footer">[\s\S]*?<\/footer>/)?.[0] ?? "";
    for (const href of ["/cy/privacy", "/cy/accessibility", "/cy/contact"]) expect(footer, href).toContain(`href="${href}"`);
    // "Pob ymgyrch": back to the Welsh home page.
    expect(html).toMatch(new RegExp(`<a[^>]*href="/cy"[^>]*>${cy("site.home")}</a>`));
  });

  it("sends the sign page's form and its link to the letter to Welsh pages", async () => {
    const { html } = await open(`/cy/c/${SLUG}/sign`);
    expect(html).toMatch(new RegExp(`<form[^>]*action="/cy/c/${SLUG}/sign"`));
    expect(html).toMatch(new RegExp(`<a[^>]*href="/cy/c/${SLUG}"[^>]*>${cy("sign.readLetter")}</a>`));
  });

  it("links the Welsh home page's campaigns to their Welsh pages", async () => {
    const { html } = await open("/cy");
    expect(html).toContain(`href="/cy/c/${SLUG}"`);
    expect(html).not.toContain(`href="/c/${SLUG}"`);
  });
});

describe("Welsh plurals, numbers and dates", () => {
  const counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20];

  it("has the plural categories Welsh uses (the runtime's CLDR data)", () => {
    const rules = new Intl.PluralRules("cy");
    expect(Object.fromEntries(counts.map((n) => [n, rules.select(n)]))).toEqual({
      0: "zero",
      1: "one",
      2: "two",
      3: "few",
      4: "other",
      5: "other",
      6: "many",
      7: "other",
      8: "other",
      9: "other",
      10: "other",
      11: "other",
      20: "other",
    });
  });

  it("counts signatures on the list of campaigns: 2 lofnod, the rest llofnod", () => {
    const expected: Record<number, string> = {
      0: "0 llofnod",
      1: "1 llofnod",
      2: "2 lofnod",
      3: "3 llofnod",
      4: "4 llofnod",
      5: "5 llofnod",
      6: "6 llofnod",
      7: "7 llofnod",
      8: "8 llofnod",
      9: "9 llofnod",
      10: "10 llofnod",
      11: "11 llofnod",
      20: "20 llofnod",
    };
    expect(Object.fromEntries(counts.map((count) => [count, cy("home.signatures", { count })]))).toEqual(expected);
  });

  it("counts people on a campaign's page: dau berson, tri pherson, chwe pherson", () => {
    const expected: Record<number, string> = {
      0: "Mae 0 person wedi llofnodi",
      1: "Mae 1 person wedi llofnodi",
      2: "Mae 2 berson wedi llofnodi",
      3: "Mae 3 pherson wedi llofnodi",
      4: "Mae 4 person wedi llofnodi",
      5: "Mae 5 person wedi llofnodi",
      6: "Mae 6 pherson wedi llofnodi",
      7: "Mae 7 person wedi llofnodi",
      8: "Mae 8 person wedi llofnodi",
      9: "Mae 9 person wedi llofnodi",
      10: "Mae 10 person wedi llofnodi",
      11: "Mae 11 person wedi llofnodi",
      20: "Mae 20 person wedi llofnodi",
    };
    expect(Object.fromEntries(counts.map((count) => [count, cy("campaign.signatures", { count })]))).toEqual(expected);
  });

  it("counts countries with a feminine noun: un wlad, dwy wlad, the rest gwlad", () => {
    const expected: Record<number, string> = {
      0: "0 gwlad",
      1: "1 wlad",
      2: "2 wlad",
      3: "3 gwlad",
      4: "4 gwlad",
      5: "5 gwlad",
      6: "6 gwlad",
      7: "7 gwlad",
      8: "8 gwlad",
      9: "9 gwlad",
      10: "10 gwlad",
      11: "11 gwlad",
      20: "20 gwlad",
    };
    expect(Object.fromEntries(counts.map((count) => [count, cy("support.countries", { count })]))).toEqual(expected);
  });

  it("writes large numbers the Welsh (UK) way", () => {
    expect(localeOf("cy")).toBe("cy-GB");
    expect(formatNumber(1_234_567, localeOf("cy"))).toBe("1,234,567");
    expect(cy("home.signatures", { count: 1_234 })).toBe("1,234 llofnod");
    expect(cy("campaign.signatures", { count: 1_002 })).toBe("Mae 1,002 person wedi llofnodi");
    expect(cy("campaign.goal", { goal: 10_000 })).toBe("Targed: 10,000 llofnod");
  });

  it("writes dates with Welsh month names, in UK time", () => {
    const locale = localeOf("cy");
    expect(formatDate("2026-12-01T12:00:00Z", locale)).toBe("1 Rhagfyr 2026");
    expect(formatDate("2026-12-01T12:00:00Z", localeOf("en"))).toBe("1 December 2026");
    const months = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"];
    months.forEach((month, index) => {
      expect(formatDate(new Date(Date.UTC(2026, index, 15, 12)), locale)).toBe(`15 ${month} 2026`);
    });
    // Half past eleven at night UTC on 30 June is already 1 July in London (summer time).
    expect(formatDate("2026-06-30T23:30:00Z", locale)).toBe("1 Gorffennaf 2026");
    // The strings' own date formatter agrees.
    expect(cy("campaign.closesOn", { date: new Date("2026-12-01T12:00:00Z") })).toBe("Yn cau ar 1 Rhagfyr 2026");
  });
});

describe("dates on Welsh pages", () => {
  it("shows a campaign's closing date with a Welsh month name on its Welsh page", async () => {
    // The fixture whose deadline passed (the app closed it as it started), open again with a
    // deadline still to come, so that its page shows it.
    execute(app, "update campaigns set status = 'open', closes_at = ? where slug = ?", "2099-12-01T12:00:00.000Z", pastDeadlineCampaign.slug);
    const welsh = await open(`/cy/c/${pastDeadlineCampaign.slug}`);
    expect(welsh.status).toBe(200);
    expect(welsh.text).toContain("Yn cau ar 1 Rhagfyr 2099");
    expect(welsh.text).not.toContain("December");
    const english = await open(`/c/${pastDeadlineCampaign.slug}`);
    expect(english.text).toContain("Closes on 1 December 2099");
  });

  it("dates the letter's versions with Welsh month names", async () => {
    execute(
      app,
      "update letter_versions set created_at = ? where campaign_id = (select id from campaigns where slug = ?)",
      "2026-03-15T10:00:00.000Z",
      SLUG,
    );
    const welsh = await open(`/cy/c/${SLUG}/versions`);
    expect(welsh.status).toBe(200);
    expect(welsh.text).toContain("15 Mawrth 2026");
    expect(welsh.text).not.toContain("March");
  });
});
