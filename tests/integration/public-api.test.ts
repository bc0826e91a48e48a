import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { CampaignListSchema, CampaignSchema, SignatoryListSchema } from "../../app/schemas/public-api";
import { parseCsv } from "../../app/utils/csv";
import type { RunningApp } from "../helpers/app";
import { execute, insertRows, query } from "../helpers/db";
import { campaignIdOf } from "../helpers/delivery";
import { getCount, postSignature, validSignature, waitForCount } from "../helpers/http";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Issue 18, point 1 (and its share of point 7): the public JSON and CSV API. One app for the file:
// the tests build on each other (signatures through the real flow first, then rows added beside
// them), in order.

let app: RunningApp;
let mailbox: Mailbox;
withAppAndMailbox((started) => ({ app, mailbox } = started));

const slug = "fair-care-now";
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });

type NewSignature = { name: string; email?: string; verified?: boolean; nameHidden?: boolean; showName?: boolean; invalidated?: boolean; flagged?: boolean; comment?: string; organisation?: string; role?: string };

/** Signatures written straight into the database (one transaction), as moderation or paper would leave them. */
function addSignatures(campaignSlug: string, signatures: NewSignature[]) {
  const [letter] = query<{ id: number; letter_version_id: number; sha256: string; campaign_id: number }>(
    app,
    "select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ?",
    campaignSlug,
  );
  const at = new Date().toISOString();
  return insertRows(
    app,
    "signatures",
    signatures.map((s) => ({
      campaign_id: letter!.campaign_id,
      letter_version_id: letter!.letter_version_id,
      letter_text_id: letter!.id,
      letter_sha256: letter!.sha256,
      name: s.name,
      email: s.email ?? `${crypto.randomBytes(4).toString("hex")}@example.org`,
      signer_type: s.organisation ? "organisation" : "individual",
      organisation: s.organisation ?? null,
      role: s.role ?? null,
      location: "Secret Town",
      comment: s.comment ?? null,
      show_name: s.showName === false ? 0 : 1,
      wants_updates: 0,
      ip_address: "192.0.2.77",
      created_at: at,
      verified_at: s.verified === false || s.flagged ? null : at,
      name_hidden: s.nameHidden ? 1 : 0,
      invalidated_at: s.invalidated ? at : null,
      invalidated_reason: s.invalidated ? "Not a real person" : null,
      flag_reason: s.flagged ? "disposable" : null,
      flag_confirmed_at: s.flagged ? at : null,
    })),
  );
}

/** Every page of signatories from `path`, following `next` (JSON) and checking the Link header agrees. */
async function walkJson(path: string) {
  const names: string[] = [];
  let next: string | null = `${app.url}${path}`;
  let pages = 0;
  while (next) {
    const response = await fetch(next.replace(/^https?:\/\/[^/]+/, app.url));
    expect(response.status).toBe(200);
    const body = SignatoryListSchema.parse(await response.json());
    names.push(...body.signatories.map((s) => s.name));
    expect(response.headers.get("Link")).toBe(body.next ? `<${body.next}>; rel="next"` : null);
    next = body.next;
    pages++;
  }
  return { names, pages };
}

const secrets = {
  emails: ["harri@example.org", "ann@example.org", "moderated@example.org", "unverified@example.org", "invalid@example.org", "flagged@example.org"],
  names: ["Harri Hidden", "Mona Moderated", "Una Unverified", "Ivor Invalidated", "Fflur Flagged", "Wendy Withdrawn"],
  comments: ["my secret comment 7731", "moderated comment 9912"],
  other: ["Secret Town", "192.0.2.77", "Cardiff", "jane.minister@gov.example"],
};

describe("the public API", () => {
  it("describes a campaign with the count count.json gives, after signing and confirming for real", async () => {
    // One signer shows their name; another chooses not to, and leaves a comment.
    await postSignature(app, slug, { ...validSignature, organisation: "", role: "" });
    const { showName: _shown, ...nameNotShown } = validSignature;
    await postSignature(app, slug, { ...nameNotShown, name: "Harri Hidden", email: "harri@example.org", comment: secrets.comments[0]! });
    for (const mail of await mailbox.waitFor(2)) expect((await fetch(verifyLink(mail))).status).toBe(200);
    await waitForCount(app, slug, 2);

    const response = await get(`/c/${slug}.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const campaign = CampaignSchema.parse(await response.json());
    expect(campaign.count).toBe((await getCount(app, slug)).count);
    expect(campaign).toMatchObject({
      slug,
      title: { en: "Fair care now" },
      summary: { en: "An open letter asking for fair pay for care workers." },
      languages: ["en"],
      primaryLanguage: "en",
      status: "open",
      count: 2,
      goal: 100,
      counts: { bySignerType: { individual: 2, professional: 0, organisation: 0 }, bySource: { online: 2, paper: 0, event: 0 }, byLanguage: { en: 2 } },
      recipients: [
        { name: "Jane Minister", title: { en: "Minister for Care" }, role: "to" },
        { name: "Sam Leader", title: { en: "Leader of the Opposition" }, role: "cc" },
      ],
      dates: { closes: null, delivered: null },
      responses: [],
    });
    expect(Object.keys(campaign.title)).toEqual(["en"]);
    expect(Date.parse(campaign.dates.opened!)).not.toBeNaN();
    expect(Date.parse(campaign.updatedAt)).toBeGreaterThanOrEqual(Date.parse(campaign.dates.opened!));
    expect(campaign.links.page).toEqual({ en: `${new URL(campaign.links.self).origin}/c/${slug}` });
    expect(campaign.links.signaturesJson).toMatch(new RegExp(`/c/${slug}/signatures\\.json$`));

    const list = SignatoryListSchema.parse(await (await get(`/c/${slug}/signatures.json`)).json());
    expect(list).toEqual({ campaign: slug, signatories: [{ name: "Ann Jones", signerType: "individual", organisation: null, role: null }], nextCursor: null, next: null });
  });

  it("shows a response and its PDF link, and the delivery date, as the campaign page does", async () => {
    const [user] = query<{ id: number }>(app, "select id from users order by id limit 1");
    const userId = user?.id ?? insertRows(app, "users", [{ email: "staff-api@example.org", role: "staff", created_at: new Date().toISOString() }])[0];
    insertRows(app, "responses", [
      {
        campaign_id: campaignIdOf(app, slug),
        recipient_id: null,
        from_name: "Jane Minister",
        from_title: "Minister for Care",
        received_on: "2026-11-30",
        body: "Thank you for your letter.",
        pdf_file: "response-abc.pdf",
        pdf_bytes: 1000,
        created_by: userId,
        created_at: new Date().toISOString(),
        mailing_status: "done",
      },
    ]);
    const campaign = CampaignSchema.parse(await (await get(`/c/${slug}.json`)).json());
    expect(campaign.responses).toHaveLength(1);
    expect(campaign.responses[0]).toMatchObject({ from: "Jane Minister, Minister for Care", receivedOn: "2026-11-30", text: "Thank you for your letter." });
    expect(campaign.responses[0]!.pdfUrl).toMatch(new RegExp(`/c/${slug}/responses/\\d+/response\\.pdf$`));
  });

  it("never shows a hidden name, an email, a comment, or an unverified, invalidated or flagged signature, on any public endpoint", async () => {
    addSignatures(slug, [
      { name: "Mona Moderated", email: "moderated@example.org", nameHidden: true, comment: secrets.comments[1] },
      { name: "Una Unverified", email: "unverified@example.org", verified: false },
      { name: "Ivor Invalidated", email: "invalid@example.org", invalidated: true },
      { name: "Fflur Flagged", email: "flagged@example.org", flagged: true },
    ]);
    // A withdrawn signature is deleted; its name must not linger anywhere.
    const [withdrawn] = addSignatures(slug, [{ name: "Wendy Withdrawn" }]);
    execute(app, "delete from signatures where id = ?", withdrawn);

    const endpoints = [
      `/c/${slug}.json`,
      "/campaigns.json",
      `/c/${slug}/signatures.json?limit=1000`,
      `/c/${slug}/signatures.csv?limit=1000`,
      `/c/${slug}/signatures.json?limit=1`,
      "/api/openapi.json",
      "/api",
      "/cy/api",
      // The other open resources about a campaign: the embed, the feed, oEmbed, the QR code.
      `/c/${slug}/embed`,
      `/cy/c/${slug}/embed`,
      `/c/${slug}/feed.xml`,
      `/cy/c/${slug}/feed.xml`,
      `/oembed?url=${encodeURIComponent(`${app.url}/c/${slug}`)}`,
      `/c/${slug}/qr.svg`,
    ];
    for (const path of endpoints) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      const body = await response.text();
      for (const secret of [...secrets.emails, ...secrets.names, ...secrets.comments, ...secrets.other]) expect(body, `${path} holds ${secret}`).not.toContain(secret);
    }
    // The name shown by choice is there; the others are counted, as the page counts them, but not named.
    expect(await (await get(`/c/${slug}/signatures.csv`)).text()).toContain("Ann Jones");
  });

  it("pages through every public signatory exactly once, as JSON and as CSV", async () => {
    addSignatures(
      slug,
      Array.from({ length: 23 }, (_, i) => ({ name: `Paged Signer ${String(i).padStart(2, "0")}`, organisation: i % 5 === 0 ? `Org ${i}` : undefined, role: i % 7 === 0 ? "Chair" : undefined })),
    );
    const expected = [...Array.from({ length: 23 }, (_, i) => `Paged Signer ${String(i).padStart(2, "0")}`), "Ann Jones"];

    const json = await walkJson(`/c/${slug}/signatures.json?limit=4`);
    expect(json.pages).toBe(6);
    expect(json.names).toHaveLength(expected.length);
    expect(new Set(json.names)).toEqual(new Set(expected));
    // Newest first.
    expect(json.names[0]).toBe("Paged Signer 22");
    expect(json.names.at(-1)).toBe("Ann Jones");

    const csvNames: string[] = [];
    let next: string | null = `${app.url}/c/${slug}/signatures.csv?limit=10`;
    let pages = 0;
    while (next) {
      const response: Response = await fetch(next);
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      const records = parseCsv(await response.text());
      expect(records[0]!.fields).toEqual(["name", "signerType", "organisation", "role"]);
      csvNames.push(...records.slice(1).map((r) => r.fields[0]!));
      const link: string | null = response.headers.get("Link");
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]!.replace(/^https?:\/\/[^/]+/, app.url) : null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(csvNames).toEqual(json.names);
  });

  it("escapes a name a spreadsheet would run as a formula, and quotes commas and quotes", async () => {
    addSignatures(slug, [{ name: "=HYPERLINK(\"http://evil.example\",\"x\")", organisation: "Smith, Jones & Co", role: "+Treasurer" }]);
    const text = await (await get(`/c/${slug}/signatures.csv?limit=1`)).text();
    expect(text.split("\r\n")[0]).toBe("name,signerType,organisation,role");
    const [, row] = parseCsv(text);
    expect(row!.fields).toEqual(["'=HYPERLINK(\"http://evil.example\",\"x\")", "organisation", "Smith, Jones & Co", "'+Treasurer"]);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    // The JSON carries the name as given: JSON is not run.
    const json = SignatoryListSchema.parse(await (await get(`/c/${slug}/signatures.json?limit=1`)).json());
    expect(json.signatories[0]!.name).toBe("=HYPERLINK(\"http://evil.example\",\"x\")");
  });

  it("answers with CORS, an ETag, a 304 for If-None-Match, and caching a CDN can use", async () => {
    for (const path of [`/c/${slug}.json`, "/campaigns.json", `/c/${slug}/signatures.json`, `/c/${slug}/signatures.csv`, "/api/openapi.json"]) {
      const first = await get(path);
      expect(first.status, path).toBe(200);
      expect(first.headers.get("Access-Control-Allow-Origin"), path).toBe("*");
      expect(first.headers.get("Cache-Control"), path).toMatch(/^public,.*s-maxage=\d+/);
      expect(first.headers.get("Set-Cookie"), path).toBeNull();
      const etag = first.headers.get("ETag");
      expect(etag, path).toMatch(/^"[^"]+"$/);
      await first.arrayBuffer();

      const again = await get(path, { "If-None-Match": etag! });
      expect(again.status, path).toBe(304);
      expect(await again.text(), path).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("Access-Control-Allow-Origin")).toBe("*");
    }
    // A new signature counted moves the campaign's ETag.
    const before = (await get(`/c/${slug}.json`)).headers.get("ETag");
    const count = (await getCount(app, slug)).count;
    await postSignature(app, slug, { ...validSignature, name: "Late Signer", email: "late@example.org" });
    expect((await fetch(verifyLink((await mailbox.waitFor(1, "late@example.org"))[0]!))).status).toBe(200);
    await waitForCount(app, slug, count + 1);
    const after = await get(`/c/${slug}.json`, { "If-None-Match": before! });
    expect(after.status).toBe(200);
    expect(CampaignSchema.parse(await after.json()).count).toBe(count + 1);
  });

  it("does not know drafts, answers 404 and 400 as JSON any site may read", async () => {
    for (const path of ["/c/secret-draft.json", "/c/secret-draft/signatures.json", "/c/secret-draft/signatures.csv", "/c/no-such-campaign.json", "/c/Not_A_Slug.json"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("Access-Control-Allow-Origin"), path).toBe("*");
      expect(await response.json(), path).toEqual({ error: expect.any(String) });
    }
    const listed = CampaignListSchema.parse(await (await get("/campaigns.json")).json());
    expect(listed.campaigns.map((c) => c.slug)).not.toContain("secret-draft");
    for (const query of ["limit=0", "limit=1001", "limit=ten", "after=abc", "after=-4"]) {
      const response = await get(`/c/${slug}/signatures.json?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: string };
      expect(body.error, query).toMatch(/limit must be a whole number from 1 to 1000|after must be a cursor/);
    }
    expect((await get("/campaigns.json?after=x")).status).toBe(400);
    expect(app.logs()).not.toMatch(/ZodError|at .*public-api/);
  });

  it("lists open and recently ended campaigns, newest first, a page at a time", async () => {
    const at = new Date().toISOString();
    const longAgo = new Date(Date.now() - 2 * 365 * 24 * 3600_000).toISOString();
    const rows = Array.from({ length: 55 }, (_, i) => ({
      slug: `listed-${i}`,
      title: `Listed ${i}`,
      summary: "A campaign for the list",
      language: "en",
      languages: "en",
      status: "open",
      goal: null,
      closes_at: null,
      created_at: at,
      updated_at: at,
    }));
    insertRows(app, "campaigns", [
      ...rows,
      { ...rows[0]!, slug: "ended-long-ago", title: "Ended long ago", status: "delivered", created_at: longAgo, updated_at: longAgo, ended_at: longAgo },
      { ...rows[0]!, slug: "ended-lately", title: "Ended lately", status: "closed", ended_at: at },
      { ...rows[0]!, slug: "under-review", title: "Under review", status: "submitted" },
    ]);
    const slugs: string[] = [];
    let next: string | null = `${app.url}/campaigns.json`;
    let pages = 0;
    while (next) {
      const response = await fetch(next.replace(/^https?:\/\/[^/]+/, app.url));
      const body = CampaignListSchema.parse(await response.json());
      slugs.push(...body.campaigns.map((c) => c.slug));
      next = body.next;
      pages++;
    }
    expect(pages).toBe(2);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).toEqual(expect.arrayContaining(["fair-care-now", "old-letter", "ended-lately", "listed-0", "listed-54"]));
    expect(slugs).not.toContain("ended-long-ago");
    expect(slugs).not.toContain("under-review");
    expect(slugs).not.toContain("secret-draft");
    // Newest first: the last inserted comes before the fixtures.
    expect(slugs.indexOf("ended-lately")).toBeLessThan(slugs.indexOf("fair-care-now"));
    const first = CampaignListSchema.parse(await (await get("/campaigns.json")).json()).campaigns.find((c) => c.slug === "listed-54");
    expect(first).toMatchObject({ title: { en: "Listed 54" }, status: "open", count: 0, links: { page: { en: expect.stringMatching(/\/c\/listed-54$/) } } });
  });

  it("publishes OpenAPI 3.1 with a path per endpoint and the schemas for them, and a page for people in both languages", async () => {
    const document = (await (await get("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> } }>;
      components: { schemas: Record<string, { type: string; properties: Record<string, unknown> }> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual(["/c/{slug}.json", "/c/{slug}/signatures.csv", "/c/{slug}/signatures.json", "/campaigns.json"]);
    expect(document.paths["/c/{slug}.json"]!.get.responses["200"]!.content!["application/json"]!.schema.$ref).toBe("#/components/schemas/Campaign");
    expect(document.paths["/c/{slug}/signatures.json"]!.get.responses["200"]!.content!["application/json"]!.schema.$ref).toBe("#/components/schemas/SignatoryList");
    expect(document.paths["/campaigns.json"]!.get.responses["200"]!.content!["application/json"]!.schema.$ref).toBe("#/components/schemas/CampaignList");
    expect(document.paths["/c/{slug}/signatures.csv"]!.get.responses["200"]!.content!["text/csv"]).toBeDefined();
    for (const name of ["Campaign", "CampaignSummary", "CampaignList", "Signatory", "SignatoryList", "Recipient", "Response", "Error"]) {
      expect(document.components.schemas[name]?.type, name).toBe("object");
    }
    expect(Object.keys(document.components.schemas.Signatory!.properties).sort()).toEqual(["name", "organisation", "role", "signerType"]);
    // Every $ref points at a schema that is there.
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(document.components.schemas[ref.split("/").at(-1)!.replace('"', "")], ref).toBeDefined();

    const english = await (await get("/api")).text();
    expect(english).toContain("<h1>Open data</h1>");
    expect(english).toContain('href="/api/openapi.json"');
    // The examples name the newest listed campaign.
    expect(english).toContain('href="/c/ended-lately.json"');
    const welsh = await get("/cy/api");
    expect(welsh.status).toBe(200);
    const welshText = await welsh.text();
    expect(welshText).toContain('<html lang="cy"');
    expect(welshText).toContain("<h1>Data agored</h1>");
  });
});
