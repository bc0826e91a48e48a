import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { CLI_TIMEOUT, createCampaignFromFile } from "../helpers/cli";
import { query } from "../helpers/db";
import { addPack, zipOf } from "../helpers/delivery";
import { postSignature, validSignature, waitForCount } from "../helpers/http";
import { type Browser, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Issue 18, points 3 and 5: the share picture (/c/{slug}/share.png) with the link-preview meta that
// points to it, and the Atom feed (/c/{slug}/feed.xml). One app; the tests run in order, as the
// campaign's story goes: signatures come in, then its letter is amended, delivered and answered.

let app: RunningApp;
let mailbox: Mailbox;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));

const slug = "fair-care-now";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A campaign in Welsh and English whose titles hold every character XML and HTML escape. */
const bilingual = {
  slug: "gofal-teg",
  languages: ["cy", "en"],
  title: { cy: "Gofal teg i ŵyr & wyresau <nawr>", en: "Fair care & \"pay\" <now>" },
  summary: { cy: "Llythyr agored am gyflog teg i weithwyr gofal.", en: "An open letter asking for fair pay for care workers." },
  body: { cy: "Annwyl Brif Weinidog,\n\nTalwch gyflog teg.", en: "Dear First Minister,\n\nPlease pay fairly." },
  recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
  status: "open",
};

beforeAll(async () => {
  staff = await signInAs(app, "staff@example.org", "staff");
  const created = await createCampaignFromFile(app, bilingual);
  expect(created.code, created.stderr).toBe(0);
}, CLI_TIMEOUT);

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${path}`, { headers });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Signs with the sign form and opens the emailed link, as a supporter does. */
async function sign(email: string) {
  expect((await postSignature(app, slug, { ...validSignature, email })).status).toBe(302);
  const [mail] = await mailbox.waitFor(1, email);
  expect((await fetch(verifyLink(mail))).status).toBe(200);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG's size, from its first chunk (IHDR: width and height, 4 bytes each, big-endian). */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** How long each drawing took, from the server's log lines. */
const drawTimes = () => [...app.logs().matchAll(/Share image drawn in (\d+) ms/g)].map((m) => Number(m[1]));

describe("the share picture", () => {
  it("is a 1,200 × 630 PNG, kept and answered with its ETag, a 304 and CORS; drafts and unknown campaigns are not found", async () => {
    const first = await get(`/c/${slug}/share.png`);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("content-type")).toBe("image/png");
    expect(first.response.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.response.headers.get("cache-control")).toContain("public");
    expect(pngSize(first.bytes)).toEqual({ width: 1200, height: 630 });

    const etag = first.response.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const second = await get(`/c/${slug}/share.png`);
    expect(second.response.headers.get("etag")).toBe(etag);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    const notModified = await get(`/c/${slug}/share.png`, { "If-None-Match": etag });
    expect(notModified.response.status).toBe(304);
    expect(notModified.bytes.length).toBe(0);
    // Drawn once for both requests.
    expect(drawTimes()).toHaveLength(1);

    for (const path of ["/c/secret-draft/share.png", "/cy/c/secret-draft/share.png", "/c/no-such-campaign/share.png", "/c/Not_A_Slug/share.png"]) {
      const missing = await get(path);
      expect(missing.response.status, path).toBe(404);
      expect(missing.response.headers.get("content-type"), path).not.toBe("image/png");
    }
  });

  it("draws the Welsh title for /cy, as a different picture", async () => {
    const english = await get(`/c/${bilingual.slug}/share.png`);
    const welsh = await get(`/cy/c/${bilingual.slug}/share.png`);
    expect(english.response.status).toBe(200);
    expect(welsh.response.status).toBe(200);
    expect(pngSize(welsh.bytes)).toEqual({ width: 1200, height: 630 });
    expect(welsh.response.headers.get("etag")).not.toBe(english.response.headers.get("etag"));
    expect(welsh.bytes.equals(english.bytes)).toBe(false);
  });

  it("keeps the picture while the count moves within the redraw interval (30 s)", async () => {
    const before = await get(`/c/${slug}/share.png`);
    await sign("first@example.org");
    await waitForCount(app, slug, 1);
    const after = await get(`/c/${slug}/share.png`);
    expect(after.response.headers.get("etag")).toBe(before.response.headers.get("etag"));
  });

  it("is redrawn once the count has moved and the interval has passed", async () => {
    // Restarted with a one-second interval (the picture kept in memory goes with the old process).
    await app.stop();
    await app.restart({ SHARE_IMAGE_REDRAW_SECONDS: "1" });
    const before = await get(`/c/${slug}/share.png`);
    await sign("second@example.org");
    await waitForCount(app, slug, 2);
    await sleep(1_100);
    const after = await get(`/c/${slug}/share.png`);
    expect(after.response.status).toBe(200);
    expect(pngSize(after.bytes)).toEqual({ width: 1200, height: 630 });
    expect(after.response.headers.get("etag")).not.toBe(before.response.headers.get("etag"));
    // The same count again: kept, not drawn again.
    const again = await get(`/c/${slug}/share.png`);
    expect(again.response.headers.get("etag")).toBe(after.response.headers.get("etag"));
    console.log(`share.png draw times (ms) in this process: ${drawTimes().join(", ")}`);
  });
});

/** The page's <meta> and <link> tags' attributes, decoded, by property or name (links: by type). */
function headTags(html: string) {
  const head = html.slice(0, html.indexOf("</head>"));
  const decode = (value: string) =>
    value.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const tags = [...head.matchAll(/<(meta|link)\s([^>]*?)\/?>/g)].map(([, tag, attributes]) => ({
    tag,
    ...Object.fromEntries([...attributes.matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, name, value]) => [name, decode(value)])),
  })) as Record<string, string>[];
  const meta = (key: string) => tags.filter((t) => t.tag === "meta" && (t.property === key || t.name === key)).map((t) => t.content);
  const link = (type: string) => tags.find((t) => t.tag === "link" && t.rel === "alternate" && t.type === type);
  return { meta, link };
}

describe("the campaign page's link preview", () => {
  it("names the title, summary and share picture in the page's language, with twitter:card", async () => {
    const cases = [
      { path: `/c/${bilingual.slug}`, title: bilingual.title.en, summary: bilingual.summary.en, locale: "en_GB", alternate: "cy_GB", alt: "Open letter: " },
      { path: `/cy/c/${bilingual.slug}`, title: bilingual.title.cy, summary: bilingual.summary.cy, locale: "cy_GB", alternate: "en_GB", alt: "Llythyr agored: " },
    ];
    for (const page of cases) {
      const response = await fetch(`${app.url}${page.path}`);
      expect(response.status).toBe(200);
      const { meta, link } = headTags(await response.text());
      const image = `${app.url}${page.path}/share.png`;
      expect(meta("og:title")).toEqual([page.title]);
      expect(meta("og:description")).toEqual([page.summary]);
      expect(meta("og:url")).toEqual([`${app.url}${page.path}`]);
      expect(meta("og:type")).toEqual(["website"]);
      expect(meta("og:image")).toEqual([image]);
      expect(meta("og:image:width")).toEqual(["1200"]);
      expect(meta("og:image:height")).toEqual(["630"]);
      expect(meta("og:image:alt")).toEqual([`${page.alt}${page.title}`]);
      expect(meta("og:locale")).toEqual([page.locale]);
      expect(meta("og:locale:alternate")).toEqual([page.alternate]);
      expect(meta("twitter:card")).toEqual(["summary_large_image"]);
      expect(meta("twitter:title")).toEqual([page.title]);
      expect(meta("twitter:image")).toEqual([image]);
      expect(link("application/atom+xml")?.href).toBe(`${app.url}${page.path}/feed.xml`);
      expect(link("application/json+oembed")?.href).toBe(`${app.url}/oembed?url=${encodeURIComponent(`${app.url}${page.path}`)}&format=json`);
      // What it points to is there.
      const picture = await get(new URL(image).pathname);
      expect(picture.response.headers.get("content-type")).toBe("image/png");
    }
  });

  it("says only English on an English-only campaign's English page", async () => {
    const { meta } = headTags(await (await fetch(`${app.url}/c/${slug}`)).text());
    expect(meta("og:title")).toEqual(["Fair care now"]);
    expect(meta("og:locale")).toEqual(["en_GB"]);
    expect(meta("og:locale:alternate")).toEqual([]);
  });
});

type AtomText = { "#text": string; "@_type"?: string } | string;
interface AtomEntry {
  id: string;
  title: AtomText;
  published: string;
  updated: string;
  link: { "@_href": string; "@_rel": string };
  summary: AtomText;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false, isArray: (name) => name === "entry" || name === "link" });
const textOf = (value: AtomText) => (typeof value === "string" ? value : value["#text"]);
const isRfc3339 = (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value));

async function feedOf(path: string) {
  const response = await fetch(`${app.url}${path}`);
  expect(response.status).toBe(200);
  const xml = await response.text();
  const parsed = parser.parse(xml) as { feed: Record<string, unknown> & { entry: (AtomEntry & { link: AtomEntry["link"][] })[] } };
  return { response, xml, feed: parsed.feed };
}

describe("the Atom feed", () => {
  it("tells the opening, an amendment, the delivery and a response, escaped and dated; drafts are not found", async () => {
    const reason = "Fixed a typo in <b>paragraph 2</b> & the sign-off";
    const amended = await staff(`/workspace/c/${slug}/amend`, form({ "body.en": "Dear Minister,\n\nPlease pay care workers fairly, now.\n\nYours, the undersigned", reason, _action: "save" }));
    expect(amended.status).toBe(302);

    addPack(app, slug, await zipOf({ "manifest.json": "{}" }));
    const jane = query<{ id: number }>(app, "select r.id from recipients r join campaigns c on c.id = r.campaign_id where c.slug = ? and r.name = 'Jane Minister'", slug)[0].id;
    const delivered = await staff(`/workspace/c/${slug}/delivery`, form({ intent: "record", recipientId: String(jane), method: "hand", deliveredOn: "2026-11-03", deliveredBy: "Bob Jones" }));
    expect(delivered.status).toBe(302);

    const answer = "Thank you for your letter & its signatures. <script>alert(1)</script>";
    const body = new FormData();
    for (const [name, value] of Object.entries({ recipientId: String(jane), receivedOn: "2026-11-20", body: answer })) body.append(name, value);
    expect((await staff(`/workspace/c/${slug}/responses`, { method: "POST", body })).status).toBe(302);

    const { response, xml, feed } = await feedOf(`/c/${slug}/feed.xml`);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const etag = response.headers.get("etag")!;
    expect((await fetch(`${app.url}/c/${slug}/feed.xml`, { headers: { "If-None-Match": etag } })).status).toBe(304);

    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed["@_xml:lang"]).toBe("en");
    expect(textOf(feed.title as AtomText)).toBe("Fair care now: updates");
    expect(feed.id).toMatch(/^tag:localhost,\d{4}-\d\d-\d\d:campaign-\d+\/en\/feed$/);
    expect(feed.author).toEqual({ name: "Undersigned", uri: app.url });
    const links = feed.link as unknown as { "@_rel": string; "@_href": string }[];
    expect(links.map((l) => [l["@_rel"], l["@_href"]])).toEqual([
      ["self", `${app.url}/c/${slug}/feed.xml`],
      ["alternate", `${app.url}/c/${slug}`],
    ]);

    const entries = feed.entry;
    expect(entries.map((e) => textOf(e.title)).sort()).toEqual(
      ["Opened: Fair care now", "Response from Jane Minister, Minister for Care", "The letter was amended: version 2", "The letter was delivered"].sort(),
    );
    const entry = (title: string) => entries.find((e) => textOf(e.title) === title)!;
    for (const e of entries) {
      expect(e.id).toMatch(/^tag:localhost,\d{4}-\d\d-\d\d:campaign-\d+\/en\/[\w-]+$/);
      expect(isRfc3339(e.published), e.published).toBe(true);
      expect(isRfc3339(e.updated), e.updated).toBe(true);
      expect(e.link[0]["@_href"].startsWith(`${app.url}/c/${slug}`)).toBe(true);
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(4);
    // The feed was updated by its newest entry, listed first.
    expect(feed.updated).toBe(entries[0].updated);
    expect(entries.map((e) => e.updated)).toEqual(entries.map((e) => e.updated).sort().reverse());

    expect(textOf(entry("The letter was amended: version 2").summary)).toBe(reason);
    expect(entry("The letter was amended: version 2").link[0]["@_href"]).toBe(`${app.url}/c/${slug}/versions#version-2`);
    expect(entry("The letter was delivered").published).toBe("2026-11-03T00:00:00.000Z");
    expect(textOf(entry("The letter was delivered").summary)).toBe("Delivered to Jane Minister, Minister for Care.");
    const reply = entry("Response from Jane Minister, Minister for Care");
    expect(textOf(reply.summary)).toBe(answer);
    expect(reply.link[0]["@_href"]).toMatch(new RegExp(`^${app.url}/c/${slug}#response-\\d+$`));
    expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("@example.org");

    for (const path of ["/c/secret-draft/feed.xml", "/cy/c/secret-draft/feed.xml", "/c/no-such-campaign/feed.xml"]) {
      expect((await fetch(`${app.url}${path}`)).status, path).toBe(404);
    }
  });

  it("brings a title with <&> back intact, in each language", async () => {
    const english = await feedOf(`/c/${bilingual.slug}/feed.xml`);
    expect(textOf(english.feed.title as AtomText)).toBe(`${bilingual.title.en}: updates`);
    expect(english.feed.entry.map((e) => textOf(e.title))).toEqual([`Opened: ${bilingual.title.en}`]);
    expect(english.xml).toContain("Fair care &amp; &quot;pay&quot; &lt;now&gt;");

    const welsh = await feedOf(`/cy/c/${bilingual.slug}/feed.xml`);
    expect(welsh.feed["@_xml:lang"]).toBe("cy");
    expect(textOf(welsh.feed.title as AtomText)).toBe(`${bilingual.title.cy}: newyddion`);
    expect(welsh.feed.entry.map((e) => textOf(e.title))).toEqual([`Wedi agor: ${bilingual.title.cy}`]);
    expect(welsh.feed.entry[0].link[0]["@_href"]).toBe(`${app.url}/cy/c/${bilingual.slug}`);
  });
});
