import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { pdfFile } from "../helpers/pdf";
import { postSignature, validSignature, waitForCount } from "../helpers/http";
import { type Browser, browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Every workspace route and action, for each kind of visitor. A campaign owned by "owner" holds a
// verified signature whose address must reach staff only. The list of routes comes from the
// build's route manifest: a route that is not in this file's tables fails the test, so every new
// page is placed in the policy on purpose.

type Who = "none" | "owner" | "other" | "staff" | "admin";
const everyone: Who[] = ["none", "owner", "other", "staff", "admin"];
const SIGNER_EMAIL = "secret.signer@example.net";
const SLUG = "matrix-letter";

let app: RunningApp;
let mailbox: Mailbox;
const as = {} as Record<Who, Browser>;
const t = getT();
let letterId = 0;
let packId = 0;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  as.none = browser(app);
  [as.owner, as.other, as.staff, as.admin] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "other@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
    signInAs(app, "admin@example.org", "admin"),
  ]);
  const campaign = (slug: string, title: string) => campaignForm({ title, slug, "recipients[0].email": "ada.minister@gov.example" });
  await as.owner("/workspace/new", campaign(SLUG, "The matrix letter"));
  await as.owner(`/workspace/c/${SLUG}`, form({ action: "publish" }));
  await as.other("/workspace/new", campaign("others-letter", "Another letter"));
  await postSignature(app, SLUG, { ...validSignature, name: "Secret Signer", email: SIGNER_EMAIL });
  const [mail] = await mailbox.waitFor(1, SIGNER_EMAIL);
  await fetch(verifyLink(mail));
  // Let the batch counter take the verification, so snapshots see only what an action changes.
  await waitForCount(app, SLUG, 1);
  // A letter of support with a PDF, and a finished pack, for the pages that show one.
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", SLUG)[0].id;
  fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, "uploads", "matrixletter.pdf"), pdfFile("A letter of support"));
  const at = new Date().toISOString();
  letterId = Number(
    execute(
      app,
      "insert into support_letters (campaign_id, author_name, email, role, organisation, country, body, pdf_file, consent_at, status, created_at, updated_at, confirmed_at) values (?, 'Dr Ada Okafor', 'ada@example.net', 'Professor', 'University of Lagos', 'NG', 'I support this letter.', 'matrixletter.pdf', ?, 'pending', ?, ?, ?)",
      campaignId,
      at,
      at,
      at,
      at,
    ).lastInsertRowid,
  );
  // A printed sheet, for its PDF.
  await as.owner(`/workspace/c/${SLUG}/sheets`, form({ count: "1" }));
  // An event with an open kiosk (event 1, kiosk 1), for the actions on them.
  await as.owner(`/workspace/c/${SLUG}/events`, form({ intent: "addEvent", name: "Matrix fair", startsOn: "2020-01-01", endsOn: "2099-12-31", language: "en" }));
  await as.staff(`/workspace/c/${SLUG}/events`, form({ intent: "openKiosk", eventId: "1" }));
  // A sheet with a scan (a PDF), for the paper pages.
  const scan = pdfFile("Sheet S-0500");
  fs.writeFileSync(path.join(app.dataDir, "uploads", `scan-${"5".repeat(32)}.pdf`), scan);
  const versionId = query<{ id: number }>(app, "select id from letter_versions where campaign_id = ?", campaignId)[0].id;
  execute(
    app,
    "insert into sheets (campaign_id, number, check_code, letter_version_id, issued_at, scan_file, scan_type, scan_sha256, scan_bytes) values (?, 500, 'M500', ?, ?, ?, 'application/pdf', ?, ?)",
    campaignId,
    versionId,
    at,
    `scan-${"5".repeat(32)}.pdf`,
    crypto.createHash("sha256").update(scan).digest("hex"),
    scan.length,
  );
  await as.staff(`/workspace/c/${SLUG}/pack`, form({}));
  for (let tries = 0; ; tries++) {
    const pack = query<{ id: number; status: string }>(app, "select id, status from pack_exports order by id desc limit 1")[0];
    if (pack?.status === "done") {
      packId = pack.id;
      break;
    }
    if (tries > 200) throw new Error(`the pack export did not finish: ${pack?.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

/** Everything an action could change, to prove a refused one changed nothing. */
function snapshot() {
  return ["campaigns", "recipients", "letter_versions", "letter_texts", "signatures", "campaign_members", "campaign_invitations", "settings", "support_letters", "support_invitations", "pack_exports", "deliveries", "responses", "pictures", "sheets", "events", "kiosks", "sheet_keyings", "sheet_keyed_rows", "sheet_rows"].map((table) =>
    query(app, `select * from ${table} order by 1`),
  ).concat([query(app, "select id, email, role from users order by id"), query(app, "select count(*) as n from audit_log"), query(app, "select count(*) as n from outbox")]);
}

/** Staff-only pages of one campaign: its team is told no (403), anyone else finds nothing (404). */
const staffOnly = { owner: 403, other: 404 };

type Page = {
  route: string;
  path: () => string;
  allowed: Who[];
  refused: number | Partial<Record<Who, number>>;
  /** What an allowed visitor must see: the page's heading (a resource route: its content type). */
  shows: (who: Who) => string;
};

const heading = (text: string) => () => `<h1>${text}</h1>`;
const decodeEntities = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
const pages: Page[] = [
  { route: "routes/($lang)+/workspace+/_index", path: () => "/workspace", allowed: ["owner", "other", "staff", "admin"], refused: 0, shows: (who) => `<h1>${t(who === "staff" || who === "admin" ? "workspace.allTitle" : "workspace.title")}</h1>` },
  { route: "routes/($lang)+/workspace+/new", path: () => "/workspace/new", allowed: ["owner", "other", "staff", "admin"], refused: 0, shows: heading(t("editor.newTitle")) },
  { route: "routes/($lang)+/workspace+/slug-check", path: () => "/workspace/slug-check?slug=some-slug", allowed: ["owner", "other", "staff", "admin"], refused: 0, shows: () => '"available":true' },
  { route: "routes/($lang)+/workspace+/c+/$slug+/_index", path: () => `/workspace/c/${SLUG}`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading("The matrix letter") },
  { route: "routes/($lang)+/workspace+/c+/$slug+/edit", path: () => `/workspace/c/${SLUG}/edit`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("editor.editTitle", { title: "The matrix letter" })) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/preview", path: () => `/workspace/c/${SLUG}/preview`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading("The matrix letter") },
  { route: "routes/($lang)+/workspace+/c+/$slug+/signatures", path: () => `/workspace/c/${SLUG}/signatures?q=secret`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("dashboard.search")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/amend/route", path: () => `/workspace/c/${SLUG}/amend`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("versions.amend.title", { title: "The matrix letter" })) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/easy-read/route", path: () => `/workspace/c/${SLUG}/easy-read`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("easyReadEditor.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/team", path: () => `/workspace/c/${SLUG}/team`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("team.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/sheets", path: () => `/workspace/c/${SLUG}/sheets`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("sheets.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/sheets[.]pdf", path: () => `/workspace/c/${SLUG}/sheets.pdf?first=1&last=1`, allowed: ["owner", "staff", "admin"], refused: 404, shows: () => "%PDF-" },
  { route: "routes/($lang)+/workspace+/c+/$slug+/paper._index", path: () => `/workspace/c/${SLUG}/paper`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("paperEntry.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/paper.$number/route", path: () => `/workspace/c/${SLUG}/paper/S-0500`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("paperEntry.sheetTitle", { sheet: "S-0500" })) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/paper.$number_.scan", path: () => `/workspace/c/${SLUG}/paper/S-0500/scan`, allowed: ["owner", "staff", "admin"], refused: 404, shows: () => "%PDF-" },
  { route: "routes/($lang)+/workspace+/c+/$slug+/share", path: () => `/workspace/c/${SLUG}/share`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("sharePage.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/webhooks", path: () => `/workspace/c/${SLUG}/webhooks`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("webhooks.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/events", path: () => `/workspace/c/${SLUG}/events`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("events.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/moderation", path: () => `/workspace/c/${SLUG}/moderation`, allowed: ["staff", "admin"], refused: staffOnly, shows: heading(t("moderation.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/support._index/route", path: () => `/workspace/c/${SLUG}/support`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("supportAdmin.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/support.$id", path: () => `/workspace/c/${SLUG}/support/${letterId}`, allowed: ["owner", "staff", "admin"], refused: 404, shows: heading(t("supportAdmin.letter.title", { name: "Dr Ada Okafor" })) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/support.$id_.pdf", path: () => `/workspace/c/${SLUG}/support/${letterId}/pdf`, allowed: ["owner", "staff", "admin"], refused: 404, shows: () => "%PDF-" },
  { route: "routes/($lang)+/workspace+/c+/$slug+/pack", path: () => `/workspace/c/${SLUG}/pack`, allowed: ["staff", "admin"], refused: staffOnly, shows: heading(t("pack.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/pack_.$id.progress[.]json", path: () => `/workspace/c/${SLUG}/pack/${packId}/progress.json`, allowed: ["staff", "admin"], refused: staffOnly, shows: () => '"status":"done"' },
  { route: "routes/($lang)+/workspace+/c+/$slug+/pack_.$id.download", path: () => `/workspace/c/${SLUG}/pack/${packId}/download`, allowed: ["staff", "admin"], refused: staffOnly, shows: () => "PK" },
  { route: "routes/($lang)+/workspace+/c+/$slug+/delivery/route", path: () => `/workspace/c/${SLUG}/delivery`, allowed: ["staff", "admin"], refused: staffOnly, shows: heading(t("delivery.title")) },
  { route: "routes/($lang)+/workspace+/c+/$slug+/responses", path: () => `/workspace/c/${SLUG}/responses`, allowed: ["staff", "admin"], refused: staffOnly, shows: heading(t("delivery.responses.title")) },
  { route: "routes/($lang)+/workspace+/settings", path: () => "/workspace/settings", allowed: ["staff", "admin"], refused: 403, shows: heading(t("settings.title")) },
  { route: "routes/($lang)+/workspace+/audit", path: () => "/workspace/audit", allowed: ["staff", "admin"], refused: 403, shows: heading(t("audit.title")) },
  { route: "routes/($lang)+/workspace+/people", path: () => "/workspace/people", allowed: ["admin"], refused: 403, shows: heading(t("people.title")) },
];

/**
 * Routes that are not workspace pages, each with why it needs no row above: public pages and
 * files, pages opened from a secret link (their own tests prove the token is the key), the forms
 * anyone may send, and the layouts whose pages are listed.
 */
const outsideTheWorkspace: Record<string, string> = {
  root: "layout",
  "routes/($lang)+/workspace+/_layout": "the workspace layout: signed-in only, its pages above",
  "routes/($lang)+/workspace+/c+/$slug+/_layout": "a campaign's layout: its pages above",
  "routes/($lang)+/_layout": "the language prefix (/cy): every page below",
  "routes/($lang)+/_index": "public",
  "routes/($lang)+/$": "public: not found",
  "routes/($lang)+/c+/$slug+/_index": "public",
  "routes/($lang)+/c+/$slug+/sign": "public form",
  "routes/($lang)+/c+/$slug+/check-email": "public",
  "routes/($lang)+/c+/$slug+/versions": "public",
  "routes/($lang)+/c+/$slug+/easy-read+/_index": "public",
  "routes/($lang)+/c+/$slug+/easy-read+/sign": "public form",
  "routes/($lang)+/c+/$slug+/easy-read+/check-email": "public",
  "routes/($lang)+/c+/$slug+/easy-read+/verify.$token": "secret link",
  "routes/($lang)+/c+/$slug+/support+/_index": "public",
  "routes/($lang)+/c+/$slug+/support+/$id": "public",
  "routes/($lang)+/c+/$slug+/support+/$id.letter[.]pdf": "public file",
  "routes/($lang)+/c+/$slug+/support+/new": "public form (or by invitation)",
  "routes/($lang)+/c+/$slug+/support+/check-email": "public",
  "routes/($lang)+/c+/$slug+/support+/revised": "public",
  "routes/($lang)+/c+/$slug+/responses.$id.response[.]pdf": "public file",
  "routes/[.]well-known.pack-signing-key[.]pem": "public file",
  "routes/($lang)+/pictures.$name": "public file: Easy Read pictures (an upload's name is its SHA-256; tests/integration/pictures.test.ts)",
  "routes/($lang)+/verify-pack": "public form",
  "routes/($lang)+/verify.$token": "secret link",
  "routes/($lang)+/sign-in+/_index": "public form",
  "routes/($lang)+/sign-in+/code": "public form",
  "routes/($lang)+/sign-in+/$token": "secret link",
  "routes/($lang)+/sign-out": "ends the visitor's own session",
  "routes/($lang)+/invitations.$token": "secret link, accepted only by the invited address",
  "routes/($lang)+/unsubscribe.$token": "secret link",
  "routes/($lang)+/withdraw.$token": "secret link: withdraws its own signature (tests/integration/withdraw.test.ts)",
  "routes/($lang)+/my-data+/_index": "public form: asks for a link (tests/integration/my-data.test.ts)",
  "routes/($lang)+/my-data+/sent": "public",
  "routes/($lang)+/my-data+/erased": "public: counts only",
  "routes/($lang)+/my-data+/$token": "secret link: starts a /my-data session",
  "routes/($lang)+/my-data+/yours": "the /my-data session's own address only",
  "routes/($lang)+/my-data+/yours[.]json": "the /my-data session's own address only",
  "routes/($lang)+/my-data+/erase": "the /my-data session's own address only",
  "routes/($lang)+/support+/confirm.$token": "secret link",
  "routes/($lang)+/support+/revise.$token": "secret link",
  "routes/($lang)+/packs.$token": "secret link",
  "routes/($lang)+/kiosk.$token.(easy-read)": "secret link: an event's kiosk, opened by staff (tests/integration/events.test.ts)",
  "routes/($lang)+/c+/$slug+/embed": "public: the embed (tests/integration/embed-and-qr.test.ts)",
  "routes/($lang)+/c+/$slug+/qr[.]svg": "public file",
  "routes/($lang)+/c+/$slug+/qr[.]png": "public file",
  "routes/($lang)+/c+/$slug+/share[.]png": "public file",
  "routes/($lang)+/c+/$slug+/feed[.]xml": "public file",
  "routes/($lang)+/api": "public",
  "routes/c.$slug[.]json": "open data: public fields only (tests/integration/public-api.test.ts)",
  "routes/c.$slug.signatures[.]json": "open data: public signatories only",
  "routes/c.$slug.signatures[.]csv": "open data: public signatories only",
  "routes/campaigns[.]json": "open data",
  "routes/api.openapi[.]json": "open data: the API's description",
  "routes/oembed": "open data: oEmbed for public campaign pages",
  "routes/($lang)+/accessibility": "public",
  "routes/($lang)+/privacy": "public",
  "routes/($lang)+/contact": "public",
};

/** Every route id in the build's manifest (build/client/assets/manifest-*.js). */
function routeIdsOfTheBuild() {
  const assets = path.join(process.env.BUILD_DIR ?? "build", "client", "assets");
  const file = fs.readdirSync(assets).find((name) => name.startsWith("manifest-") && name.endsWith(".js"));
  if (!file) throw new Error(`no route manifest in ${assets}`);
  const source = fs.readFileSync(path.join(assets, file), "utf8");
  const manifest = JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as { routes: Record<string, unknown> };
  return Object.keys(manifest.routes);
}

it("every route of the build is either in the matrix or named as outside the workspace", () => {
  const placed = new Set([...pages.map((p) => p.route), ...Object.keys(outsideTheWorkspace)]);
  const routes = routeIdsOfTheBuild();
  expect(routes.filter((id) => !placed.has(id))).toEqual([]);
  // Nothing in the workspace is waved through: only its layouts are outside the matrix.
  const layouts = ["routes/($lang)+/workspace+/_layout", "routes/($lang)+/workspace+/c+/$slug+/_layout"];
  expect(routes.filter((id) => id.startsWith("routes/($lang)+/workspace+/_layout") && !layouts.includes(id) && !pages.some((p) => p.route === id))).toEqual([]);
});

describe("every workspace page, for every kind of visitor", () => {
  for (const { route, path: pathOf, allowed, refused, shows } of pages) {
    for (const who of everyone) {
      const expected = who === "none" ? 302 : allowed.includes(who) ? 200 : typeof refused === "number" ? refused : refused[who];
      it(`${route} as ${who}: ${expected}`, async () => {
        const response = await as[who](pathOf());
        expect(response.status).toBe(expected);
        const html = await response.text();
        if (expected === 200) expect(decodeEntities(html)).toContain(shows(who));
        if (who === "none") expect(response.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
        // A signer's address and the recipients' delivery addresses never reach a campaigner's page.
        if (who !== "staff" && who !== "admin") {
          expect(html).not.toContain(SIGNER_EMAIL);
        }
        // Nothing of the owner's campaign reaches someone outside it.
        if (who === "other" || who === "none") expect(html).not.toContain("The matrix letter");
      });
    }
  }

  it("shows signers' addresses to staff and admins", async () => {
    for (const who of ["staff", "admin"] as const) {
      expect(await (await as[who](`/workspace/c/${SLUG}/signatures?q=secret`)).text()).toContain(SIGNER_EMAIL);
    }
  });
});

const actions: { path: string; body: Record<string, string>; refusedFor: Who[] }[] = [
  { path: `/workspace/c/${SLUG}`, body: { action: "close" }, refusedFor: ["none", "other"] },
  { path: `/workspace/c/${SLUG}`, body: { action: "markDelivered" }, refusedFor: ["none", "other", "owner"] },
  {
    path: `/workspace/c/${SLUG}/edit`,
    body: {
      title: "The matrix letter",
      slug: SLUG,
      summary: "Hijacked summary",
      body: "Dear Minister, please.",
      "recipients[0].name": "Mallory",
      "recipients[0].title": "Nobody",
      "recipients[0].role": "to",
      _action: "save",
    },
    refusedFor: ["none", "other"],
  },
  { path: "/workspace/settings", body: { reviewRequired: "on" }, refusedFor: ["none", "owner", "other"] },
  { path: "/workspace/settings", body: { intent: "hardWords", language: "en", words: "hijacked" }, refusedFor: ["none", "owner", "other"] },
  // Issue 15, retention: the months to keep personal data, and holding a campaign back.
  { path: "/workspace/settings", body: { intent: "privacy", retentionMonths: "120", controllerName: "Mallory" }, refusedFor: ["none", "owner", "other"] },
  { path: "/workspace/settings", body: { intent: "hold", campaignId: "1", reason: "hijacked" }, refusedFor: ["none", "owner", "other"] },
  {
    path: `/workspace/c/${SLUG}/easy-read`,
    body: { "easyRead.en[0].text": "A hostile row.", "easyRead.en[0].picture": "openmoji:1F91D", "easyRead.en[0].alt": "Hands", _action: "save" },
    refusedFor: ["none", "other"],
  },
  {
    path: `/workspace/c/${SLUG}/amend`,
    body: { body: "Dear Minister, something else entirely.", reason: "A hostile correction", _action: "save" },
    refusedFor: ["none", "other"],
  },
  { path: `/workspace/c/${SLUG}/team`, body: { intent: "invite", email: "intruder@example.org" }, refusedFor: ["none", "other"] },
  { path: `/workspace/c/${SLUG}/sheets`, body: { count: "2" }, refusedFor: ["none", "other"] },
  {
    path: `/workspace/c/${SLUG}/paper/S-0500`,
    body: { intent: "key", "rows[0].name": "Mallory", "rows[0].town": "Nowhere", "rows[0].signerType": "individual" },
    refusedFor: ["none", "other"],
  },
  { path: `/workspace/c/${SLUG}/paper/S-0500`, body: { intent: "settle", row: "1", "choice.name": "first" }, refusedFor: ["none", "other"] },
  { path: `/workspace/c/${SLUG}/events`, body: { intent: "addEvent", name: "A hostile fair", startsOn: "2026-12-01", language: "en" }, refusedFor: ["none", "other"] },
  { path: `/workspace/c/${SLUG}/events`, body: { intent: "openKiosk", eventId: "1" }, refusedFor: ["none", "owner", "other"] },
  { path: `/workspace/c/${SLUG}/events`, body: { intent: "closeKiosk", kioskId: "1" }, refusedFor: ["none", "owner", "other"] },
  { path: "/workspace/people", body: { intent: "create", email: "new.admin@example.org", role: "admin" }, refusedFor: ["none", "owner", "other", "staff"] },
  {
    path: `/workspace/c/${SLUG}/moderation`,
    body: { intent: "confirm", kind: "domain", domain: "example.net", reason: "Looks like a bot farm", expected: "1" },
    refusedFor: ["none", "owner", "other"],
  },
  {
    path: `/workspace/c/${SLUG}/signatures`,
    body: { intent: "hide", signatureId: "1", part: "name", hidden: "1" },
    refusedFor: ["none", "owner", "other"],
  },
  { path: `/workspace/c/${SLUG}/support`, body: { intent: "mode", mode: "invitation" }, refusedFor: ["none", "other"] },
  { path: `/workspace/c/${SLUG}/support`, body: { intent: "invite", email: "author@example.org" }, refusedFor: ["none", "other"] },
  { path: `/workspace/c/${SLUG}/pack`, body: {}, refusedFor: ["none", "owner", "other"] },
  {
    path: `/workspace/c/${SLUG}/delivery`,
    body: { intent: "record", recipientId: "1", method: "hand", deliveredOn: "2026-11-01", deliveredBy: "Mallory" },
    refusedFor: ["none", "owner", "other"],
  },
  { path: `/workspace/c/${SLUG}/responses`, body: { recipientId: "1", receivedOn: "2026-11-01", body: "A forged reply" }, refusedFor: ["none", "owner", "other"] },
];

describe("every workspace action, refused for whoever may not take it", () => {
  for (const { path, body, refusedFor } of actions) {
    for (const who of refusedFor) {
      it(`POST ${path} ${JSON.stringify(body).slice(0, 40)} as ${who}: refused, nothing changed`, async () => {
        const before = snapshot();
        const response = await as[who](path, form(body));
        // Refused by the access policy, never by a state check: a 409 would mean the action was weighed.
        expect([302, 403, 404]).toContain(response.status);
        if (response.status === 302) expect(response.headers.get("location")).toMatch(/^\/sign-in/);
        expect(snapshot()).toEqual(before);
      });
    }
  }
});
