import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { postSignature, validSignature, waitForCount } from "../helpers/http";
import { type Browser, browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Every workspace route and action, for each kind of visitor. A campaign owned by "owner" holds a
// verified signature whose address must reach staff only.

type Who = "none" | "owner" | "other" | "staff" | "admin";
const everyone: Who[] = ["none", "owner", "other", "staff", "admin"];
const SIGNER_EMAIL = "secret.signer@example.net";
const SLUG = "matrix-letter";

let app: RunningApp;
let mailbox: Mailbox;
const as = {} as Record<Who, Browser>;

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
});

/** Everything an action could change, to prove a refused one changed nothing. */
function snapshot() {
  return ["campaigns", "recipients", "letter_versions", "letter_texts", "signatures", "campaign_members", "campaign_invitations", "settings", "support_letters", "support_invitations", "pack_exports", "deliveries", "responses"].map((table) =>
    query(app, `select * from ${table} order by 1`),
  ).concat([query(app, "select id, email, role from users order by id"), query(app, "select count(*) as n from audit_log"), query(app, "select count(*) as n from outbox")]);
}

/** Staff-only pages of one campaign: its team is told no (403), anyone else finds nothing (404). */
const staffOnly = { owner: 403, other: 404 };

const pages: { path: string; allowed: Who[]; refused: number | Partial<Record<Who, number>> }[] = [
  { path: "/workspace", allowed: ["owner", "other", "staff", "admin"], refused: 0 },
  { path: "/workspace/new", allowed: ["owner", "other", "staff", "admin"], refused: 0 },
  { path: "/workspace/slug-check?slug=some-slug", allowed: ["owner", "other", "staff", "admin"], refused: 0 },
  { path: `/workspace/c/${SLUG}`, allowed: ["owner", "staff", "admin"], refused: 404 },
  { path: `/workspace/c/${SLUG}/edit`, allowed: ["owner", "staff", "admin"], refused: 404 },
  { path: `/workspace/c/${SLUG}/preview`, allowed: ["owner", "staff", "admin"], refused: 404 },
  { path: `/workspace/c/${SLUG}/signatures?q=secret`, allowed: ["owner", "staff", "admin"], refused: 404 },
  { path: `/workspace/c/${SLUG}/amend`, allowed: ["owner", "staff", "admin"], refused: 404 },
  { path: `/workspace/c/${SLUG}/team`, allowed: ["owner", "staff", "admin"], refused: 404 },
  { path: `/workspace/c/${SLUG}/moderation`, allowed: ["staff", "admin"], refused: 403 },
  { path: `/workspace/c/${SLUG}/support`, allowed: ["owner", "staff", "admin"], refused: 404 },
  { path: `/workspace/c/${SLUG}/pack`, allowed: ["staff", "admin"], refused: staffOnly },
  { path: `/workspace/c/${SLUG}/delivery`, allowed: ["staff", "admin"], refused: staffOnly },
  { path: `/workspace/c/${SLUG}/responses`, allowed: ["staff", "admin"], refused: staffOnly },
  { path: "/workspace/settings", allowed: ["staff", "admin"], refused: 403 },
  { path: "/workspace/audit", allowed: ["staff", "admin"], refused: 403 },
  { path: "/workspace/people", allowed: ["admin"], refused: 403 },
];

describe("every workspace page, for every kind of visitor", () => {
  for (const { path, allowed, refused } of pages) {
    for (const who of everyone) {
      const expected = who === "none" ? 302 : allowed.includes(who) ? 200 : typeof refused === "number" ? refused : refused[who];
      it(`${path} as ${who}: ${expected}`, async () => {
        const response = await as[who](path);
        expect(response.status).toBe(expected);
        const html = await response.text();
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
  {
    path: `/workspace/c/${SLUG}/amend`,
    body: { body: "Dear Minister, something else entirely.", reason: "A hostile correction", _action: "save" },
    refusedFor: ["none", "other"],
  },
  { path: `/workspace/c/${SLUG}/team`, body: { intent: "invite", email: "intruder@example.org" }, refusedFor: ["none", "other"] },
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
        expect([302, 403, 404, 409]).toContain(response.status);
        if (response.status === 302) expect(response.headers.get("location")).toMatch(/^\/sign-in/);
        expect(snapshot()).toEqual(before);
      });
    }
  }
});
