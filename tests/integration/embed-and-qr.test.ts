import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { createCampaignFromFile } from "../helpers/cli";
import { postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { type Browser, campaignForm, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Issue 18, points 2 and 4: a campaign's embed (the one answer another site may frame), oEmbed,
// QR codes, and the workspace's "Share and embed" page.

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let stranger: Browser;
let staff: Browser;

/** What the embed may weigh, markup and style: a host page pays this for every visitor. */
const EMBED_BYTES_BUDGET = 2_048;

const welshCampaign = {
  slug: "gofal-teg",
  languages: ["cy", "en"],
  title: { cy: "Gofal teg nawr <i>", en: "Fair care now, in Wales" },
  summary: { cy: "Llythyr agored.", en: "An open letter." },
  body: { cy: "Annwyl Brif Weinidog,\n\nTalwch gyflog teg.", en: "Dear First Minister,\n\nPlease pay a fair wage." },
  recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
  status: "open",
  goal: 500,
};

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  [owner, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  const created = await createCampaignFromFile(app, welshCampaign);
  expect(created.stderr).toBe("");
  // A draft of the owner's own, which only its team sees.
  const draft = await owner("/workspace/new", campaignForm({ title: "Our draft", slug: "our-draft" }));
  expect(draft.status).toBe(302);
});

const get = (path: string, init?: RequestInit) => fetch(`${app.url}${path}`, init);

/** Signs `slug` as `email` and opens the link mailed, so the count moves by one. */
async function signAndVerify(slug: string, email: string) {
  expect((await postSignature(app, slug, { ...validSignature, email })).status).toBe(302);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = mailbox.messages.find((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.includes(email)));
    if (mail) {
      expect((await fetch(verifyLink(mail))).status).toBe(200);
      return;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${email}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the embed", () => {
  it("is one small document: title, count, progress to the goal, and a Sign link to the campaign in a new tab", async () => {
    await signAndVerify("fair-care-now", "embed-signer@example.org");
    await waitForCount(app, "fair-care-now", 1);
    // The count read is kept a second at most.
    await new Promise((r) => setTimeout(r, 1_100));
    const response = await get("/c/fair-care-now/embed");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(Buffer.byteLength(html)).toBeLessThan(EMBED_BYTES_BUDGET);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).toContain("<title>Fair care now</title>");
    expect(html).toContain('<main aria-labelledby="t"><h1 id="t">Fair care now</h1>');
    expect(textOf(html)).toContain("1 person has signed");
    expect(html).toContain('<progress value="1" max="100" aria-label="1 of 100 signatures"></progress>');
    expect(textOf(html)).toContain("Goal: 100 signatures");
    expect(html).toContain(`<a href="${app.url}/c/fair-care-now" target="_blank" rel="noopener">Sign the letter (opens in a new tab)</a>`);
    // No script, no bundle, nothing loaded from anywhere.
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it("may be framed by any site, while every other answer keeps refusing frames", async () => {
    const embed = await get("/c/fair-care-now/embed");
    expect(embed.headers.get("x-frame-options")).toBeNull();
    const policy = embed.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors *");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain("script-src");
    expect(embed.headers.get("access-control-allow-origin")).toBe("*");
    expect(embed.headers.get("cache-control")).toMatch(/^public, max-age=60/);

    // The style's hash in the policy is the hash of the style in the page: it is applied.
    const html = await embed.text();
    const style = html.match(/<style>([^<]*)<\/style>/)![1];
    const hash = (await import("node:crypto")).createHash("sha256").update(style).digest("base64");
    expect(policy).toContain(`'sha256-${hash}'`);

    // A 304 for a client holding it.
    const again = await get("/c/fair-care-now/embed", { headers: { "If-None-Match": embed.headers.get("etag")! } });
    expect(again.status).toBe(304);

    for (const path of ["/c/fair-care-now", "/cy/c/fair-care-now", "/", "/c/fair-care-now/sign", "/c/fair-care-now/qr.svg", "/oembed?url=x"]) {
      const response = await get(path);
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
    }
    for (const path of ["/c/fair-care-now", "/cy/c/fair-care-now", "/"]) {
      expect((await get(path)).headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
    const workspace = await staff("/workspace/c/fair-care-now/share");
    expect(workspace.status).toBe(200);
    expect(workspace.headers.get("x-frame-options")).toBe("DENY");
    expect(workspace.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // A path that merely looks like it (a deeper one, another segment) is not the embed.
    expect((await get("/c/fair-care-now/embed/more")).headers.get("x-frame-options")).toBe("DENY");
  });

  it("speaks Welsh under /cy, with the campaign's Welsh title, escaped", async () => {
    const html = await (await get("/cy/c/gofal-teg/embed")).text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="cy">/);
    expect(html).toContain('<h1 id="t">Gofal teg nawr &lt;i&gt;</h1>');
    expect(html).not.toContain("<i>");
    expect(textOf(html)).toContain("Mae 0 person wedi llofnodi");
    expect(html).toContain(`href="${app.url}/cy/c/gofal-teg"`);
    expect(textOf(html)).toContain("Llofnodi'r llythyr (yn agor mewn ffenestr newydd)");
    // In English, the campaign's English title.
    const english = await (await get("/c/gofal-teg/embed")).text();
    expect(english).toContain('<h1 id="t">Fair care now, in Wales</h1>');
    expect(english).toContain(`href="${app.url}/c/gofal-teg"`);
    // A campaign in English only, under /cy: Welsh around its English title, marked as English.
    const welshAround = await (await get("/cy/c/fair-care-now/embed")).text();
    expect(welshAround).toMatch(/^<!DOCTYPE html><html lang="cy">/);
    expect(welshAround).toContain('<h1 id="t" lang="en">Fair care now</h1>');
    expect(welshAround).toContain(`href="${app.url}/cy/c/fair-care-now"`);
  });

  it("of a closed campaign says so and offers the letter to read", async () => {
    const html = await (await get("/c/old-letter/embed")).text();
    expect(textOf(html)).toContain("This campaign is closed.");
    expect(textOf(html)).toContain("Read the letter (opens in a new tab)");
  });

  it("does not exist for a draft, an unknown campaign or another language prefix", async () => {
    for (const path of ["/c/secret-draft/embed", "/c/our-draft/embed", "/c/no-such-campaign/embed", "/fr/c/fair-care-now/embed", "/c/BAD_slug/embed"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain("A draft nobody may see");
    }
  });
});

describe("oEmbed", () => {
  const oembed = (query: Record<string, string>) => get(`/oembed?${new URLSearchParams(query)}`);

  it("describes a campaign page as a rich embed whose HTML is the iframe", async () => {
    const response = await oembed({ url: `${app.url}/c/fair-care-now`, format: "json" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toEqual({
      version: "1.0",
      type: "rich",
      title: "Fair care now",
      provider_name: "Undersigned",
      provider_url: `${app.url}/`,
      html: `<iframe src="${app.url}/c/fair-care-now/embed" title="Fair care now: sign the open letter" width="400" height="220" style="border:0;max-width:100%" loading="lazy"></iframe>`,
      width: 400,
      height: 220,
      cache_age: 3600,
    });
  });

  it("is found from the campaign page, in its language (oEmbed discovery)", async () => {
    const html = await (await get("/cy/c/gofal-teg")).text();
    const link = html.match(/<link[^>]*type="application\/json\+oembed"[^>]*>/)?.[0];
    expect(link).toBeTruthy();
    const href = link!.match(/href="([^"]+)"/)![1].replace(/&amp;/g, "&");
    expect(href.startsWith(`${app.url}/oembed?`)).toBe(true);
    const body = await (await fetch(href)).json();
    expect(body).toMatchObject({ type: "rich", title: "Gofal teg nawr <i>" });
    expect(body.html).toContain(`src="${app.url}/cy/c/gofal-teg/embed"`);
  });

  it("keeps within maxwidth and maxheight, and gives the Welsh embed for a Welsh address", async () => {
    const body = await (await oembed({ url: `${app.url}/cy/c/gofal-teg/`, maxwidth: "300", maxheight: "150" })).json();
    expect(body).toMatchObject({ type: "rich", title: "Gofal teg nawr <i>", width: 300, height: 150, provider_url: `${app.url}/cy` });
    expect(body.html).toBe(
      `<iframe src="${app.url}/cy/c/gofal-teg/embed" title="Gofal teg nawr &lt;i&gt;: llofnodwch y llythyr agored" width="300" height="150" style="border:0;max-width:100%" loading="lazy"></iframe>`,
    );
  });

  it("answers 404 for what is not a public campaign here, 501 for XML, 400 for a bad query", async () => {
    for (const url of [`${app.url}/c/secret-draft`, `${app.url}/c/nothing-here`, `https://elsewhere.example/c/fair-care-now`, `${app.url}/c/fair-care-now/sign`, `${app.url}/workspace`]) {
      expect((await oembed({ url })).status, url).toBe(404);
    }
    expect((await oembed({ url: `${app.url}/c/fair-care-now`, format: "xml" })).status).toBe(501);
    for (const query of [{}, { url: "not a url" }, { url: "javascript:alert(1)" }, { url: `${app.url}/c/fair-care-now`, maxwidth: "wide" }]) {
      const response = await oembed(query as Record<string, string>);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect((await response.json()).error).toBe("Give the address of a campaign's page on this site.");
    }
  });
});

describe("QR codes", () => {
  it("as SVG: an SVG with path data, not allowed to run scripts, cached a day", async () => {
    const response = await get("/c/fair-care-now/qr.svg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=86400/);
    expect(response.headers.get("etag")).toBeTruthy();
    const svg = await response.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<path [^>]*d="M[^"]{200,}"/);
    expect(svg).not.toContain("<script");
    // The Welsh page's code differs from the English page's.
    expect(await (await get("/cy/c/fair-care-now/qr.svg")).text()).not.toBe(svg);
  });

  it("as PNG: a PNG of 1,024 pixels square, or the size asked within bounds", async () => {
    const pngSize = (bytes: Buffer) => {
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
      return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    };
    const response = await get("/c/fair-care-now/qr.png");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(pngSize(Buffer.from(await response.arrayBuffer()))).toEqual([1024, 1024]);
    expect(pngSize(Buffer.from(await (await get("/cy/c/gofal-teg/qr.png?size=300")).arrayBuffer()))).toEqual([300, 300]);
    for (const size of ["5000", "10", "big"]) {
      const refused = await get(`/c/fair-care-now/qr.png?size=${size}`);
      expect(refused.status, size).toBe(400);
      expect((await refused.json()).error).toBe("Ask for a size from 128 to 4096 pixels.");
    }
  });

  it("do not exist for a draft", async () => {
    expect((await get("/c/secret-draft/qr.svg")).status).toBe(404);
    expect((await get("/c/secret-draft/qr.png")).status).toBe(404);
  });
});

describe("the workspace's Share and embed page", () => {
  it("gives whoever may view the campaign the iframe code, QR codes and the open-data links", async () => {
    const response = await staff("/workspace/c/fair-care-now/share");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<label for="embed-code-en">Code to copy (English)</label>');
    expect(html).toMatch(/<textarea id="embed-code-en" readonly="" rows="4" spellcheck="false" dir="ltr">&lt;iframe src=&quot;http/);
    expect(html).toContain(`${app.url}/c/fair-care-now/embed`);
    expect(html).toContain('<iframe src="/c/fair-care-now/embed" title="Preview of the embed"');
    expect(html).toContain('<img src="/c/fair-care-now/qr.svg" alt="QR code for');
    for (const link of ["/c/fair-care-now/qr.png", "/c/fair-care-now/share.png", "/c/fair-care-now/feed.xml", "/c/fair-care-now.json", "/c/fair-care-now/signatures.csv"]) {
      expect(html).toContain(`href="${app.url}${link}"`);
    }
    expect(textOf(html)).not.toContain("once the campaign is published");
    // Its link is in the campaign's navigation.
    expect(html).toContain('href="/workspace/c/fair-care-now/share"');
  });

  it("tells a draft's team that sharing works once it is published, and is not found for a stranger", async () => {
    const draft = await owner("/workspace/c/our-draft/share");
    expect(draft.status).toBe(200);
    const html = await draft.text();
    expect(textOf(html)).toContain("These work once the campaign is published.");
    expect(html).not.toContain("<iframe src=");
    expect((await stranger("/workspace/c/our-draft/share")).status).toBe(404);
    expect((await get("/workspace/c/our-draft/share", { redirect: "manual" })).status).toBe(302);
  });

  it("gives a bilingual campaign's code and QR codes in each of its languages", async () => {
    const html = await (await staff("/cy/workspace/c/gofal-teg/share")).text();
    expect(html).toContain('<label for="embed-code-cy">Cod i&#x27;w gopïo (Cymraeg)</label>');
    expect(html).toContain('<label for="embed-code-en">Cod i&#x27;w gopïo (English)</label>');
    expect(html).toContain(`href="${app.url}/cy/c/gofal-teg/qr.png"`);
    expect(html).toContain(`href="${app.url}/c/gofal-teg/qr.png"`);
    expect(html).toContain('<iframe src="/cy/c/gofal-teg/embed"');
  });
});
