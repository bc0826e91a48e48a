import crypto from "node:crypto";
import type { ParsedMail } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { postSignature, textOf, validSignature } from "../helpers/http";
import { type Browser, browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;
let owner: Browser;
let stranger: Browser;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  [owner, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
});

const seen = new Set<ParsedMail>();

/** The next message to `to` whose subject matches, not handed out before. */
async function nextMail(to: string, subject: RegExp, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = mailbox.messages.find(
      (m) => !seen.has(m) && subject.test(m.subject ?? "") && (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.toLowerCase().includes(to)),
    );
    if (mail) {
      seen.add(mail);
      return mail;
    }
    if (Date.now() > deadline) throw new Error(`No new mail "${subject}" to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const invitationPath = (mail: ParsedMail) => {
  const link = mail.text?.match(/https?:\/\/\S+(\/invitations\/[\w-]{43})\b/)?.[1];
  if (!link) throw new Error(`No invitation link in:\n${mail.text}`);
  return link;
};

/** Signs in through the sign-in page and the emailed link, as the invitee would. */
async function signInByMail(email: string, redirectTo: string) {
  const get = browser(app);
  expect((await get("/sign-in", form({ email, redirectTo }))).status).toBe(302);
  const link = (await nextMail(email, /sign-in link/)).text!.match(/\/sign-in\/[\w-]{43}/)![0];
  const signedIn = await get(link, form({}));
  expect(signedIn.status).toBe(302);
  expect(signedIn.headers.get("location")).toBe(redirectTo);
  return get;
}

let campaigns = 0;
/** A new draft campaign owned by `owner`. */
async function newCampaign() {
  const slug = `team-letter-${++campaigns}`;
  const created = await owner(
    "/workspace/new",
    campaignForm({ title: `Team letter ${campaigns}`, slug, summary: "A letter written by a team.", body: "Dear Minister,\n\nPlease listen." }),
  );
  expect(created.status).toBe(302);
  return slug;
}

async function invite(as: Browser, slug: string, email: string) {
  const response = await as(`/workspace/c/${slug}/team`, form({ intent: "invite", email }));
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe(`/workspace/c/${slug}/team?done=invited`);
  return invitationPath(await nextMail(email.toLowerCase(), /invited to work on/));
}

/** Invites `email`, signs them in by mail and accepts: a co-campaigner. */
async function joinTeam(slug: string, email: string) {
  const path = await invite(owner, slug, email);
  const invitee = await signInByMail(email, path);
  expect((await invitee(path, form({}))).status).toBe(302);
  return invitee;
}

const campaignId = (slug: string) => query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;
const members = (slug: string) =>
  query<{ email: string; role: string }>(
    app,
    "select users.email, campaign_members.role from campaign_members join users on users.id = campaign_members.user_id where campaign_id = ? order by users.email",
    campaignId(slug),
  );
const auditActions = (slug: string) =>
  query<{ action: string; user: string | null; before: string | null; after: string | null }>(
    app,
    "select action, users.email as user, before, after from audit_log left join users on users.id = audit_log.user_id where campaign_id = ? order by audit_log.id",
    campaignId(slug),
  );

function changeDb(sql: string, ...params: unknown[]) {
  execute(app, sql, ...params);
}

describe("team invitations", () => {
  it("invites by email; the invitee signs in, accepts with a button and works on the campaign without seeing signers' emails", async () => {
    const slug = await newCampaign();
    const response = await owner(`/workspace/c/${slug}/team`, form({ intent: "invite", email: " Co@Example.org " }));
    expect(response.headers.get("location")).toBe(`/workspace/c/${slug}/team?done=invited`);

    // An account is made so the invitee can sign in; the link's token is stored only as a hash.
    expect(query(app, "select role from users where email = 'co@example.org'")).toEqual([{ role: "campaigner" }]);
    const mail = await nextMail("co@example.org", /invited to work on/);
    expect(mail.subject).toBe(`You are invited to work on “Team letter ${campaigns}”`);
    expect(mail.text).toContain("owner@example.org has invited you");
    const path = invitationPath(mail);
    const token = path.split("/").pop()!;
    const [row] = query<{ token_hash: string; email: string; created_at: string; expires_at: string; accepted_at: null }>(
      app,
      "select token_hash, email, created_at, expires_at, accepted_at from campaign_invitations where campaign_id = ?",
      campaignId(slug),
    );
    expect(row.token_hash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(row.email).toBe("co@example.org");
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(14 * 86_400_000);
    // Once sent, the outbox forgets the body, and with it the only copy of the token.
    await expect.poll(() => query(app, "select count(*) as n from outbox where payload like ?", `%${token}%`)[0]).toEqual({ n: 0 });

    const team = textOf(await (await owner(`/workspace/c/${slug}/team?done=invited`)).text());
    expect(team).toContain("Invitation sent.");
    expect(team).toMatch(/owner@example\.org \(you\) Owner/);
    expect(team).toContain("co@example.org owner@example.org"); // pending, invited by the owner

    // Opening the link, even twice (a mail scanner), accepts nothing.
    const signedOut = browser(app);
    for (let i = 0; i < 2; i++) {
      const page = await signedOut(path);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("private, no-store");
      const text = textOf(await page.text());
      expect(text).toContain(`Join the team for “Team letter ${campaigns}”`);
      expect(text).toContain("Accept");
    }
    expect(members(slug)).toEqual([{ email: "owner@example.org", role: "owner" }]);

    // Pressing Accept while signed out goes to sign-in, which comes back here.
    const toSignIn = await signedOut(path, form({}));
    expect(toSignIn.status).toBe(302);
    expect(toSignIn.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
    const invitee = await signInByMail("co@example.org", path);
    expect(textOf(await (await invitee(path)).text())).toContain("Accept");
    const accepted = await invitee(path, form({}));
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/workspace/c/${slug}`);
    expect(members(slug)).toEqual([
      { email: "co@example.org", role: "editor" },
      { email: "owner@example.org", role: "owner" },
    ]);

    // The co-campaigner uses the campaign's pages as the owner does.
    expect((await invitee(`/workspace/c/${slug}`)).status).toBe(200);
    expect(textOf(await (await invitee("/workspace")).text())).toContain(`Team letter ${campaigns}`);
    expect((await invitee(`/workspace/c/${slug}/edit`)).status).toBe(200);
    const edited = await invitee(
      `/workspace/c/${slug}/edit`,
      campaignForm({ title: "Edited by the team", slug, summary: "A letter written by a team.", body: "Dear Minister,\n\nPlease listen to us." }),
    );
    expect(edited.status).toBe(302);
    expect(query(app, "select title from campaigns where slug = ?", slug)).toEqual([{ title: "Edited by the team" }]);
    const publish = await invitee(`/workspace/c/${slug}`, form({ action: "publish" }));
    expect(publish.status).toBe(302);
    expect(query(app, "select status from campaigns where slug = ?", slug)).toEqual([{ status: "open" }]);

    // A supporter signs; the co-campaigner sees the signature, never the signer's address.
    await postSignature(app, slug, { ...validSignature, email: "private-signer@example.net" });
    const confirmation = await nextMail("private-signer@example.net", /Confirm your signature/);
    await fetch(verifyLink(confirmation));
    for (const page of [`/workspace/c/${slug}`, `/workspace/c/${slug}/signatures?q=Ann`, `/workspace/c/${slug}/signatures?q=private-signer`]) {
      const html = await (await invitee(page)).text();
      expect(html).not.toContain("private-signer@example.net");
    }
    expect(textOf(await (await invitee(`/workspace/c/${slug}/signatures?q=Ann`)).text())).toContain("Ann Jones");
    expect(await (await staff(`/workspace/c/${slug}/signatures?q=Ann`)).text()).toContain("private-signer@example.net");

    const audit = auditActions(slug);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["user.create", "team.invite", "team.join", "campaign.update"]));
    expect(audit.find((a) => a.action === "user.create")).toMatchObject({ user: "owner@example.org" });
    expect(JSON.parse(audit.find((a) => a.action === "team.invite")!.after!)).toMatchObject({ email: "co@example.org" });
    expect(audit.find((a) => a.action === "team.join")).toMatchObject({ user: "co@example.org" });
    expect(audit.filter((a) => a.action === "campaign.update").at(-1)).toMatchObject({ user: "co@example.org" });
  });

  it("lets only the invited address accept, and only once", async () => {
    const slug = await newCampaign();
    const path = await invite(owner, slug, "invited@example.org");

    // Someone else, signed in, sees whose invitation it is and cannot accept it.
    const other = textOf(await (await stranger(path)).text());
    expect(other).toContain("This invitation is for invited@example.org, but you are signed in as stranger@example.org");
    expect(other).not.toContain("Accept");
    const refused = await stranger(path, form({}));
    expect(refused.status).toBe(403);
    expect(members(slug).map((m) => m.email)).toEqual(["owner@example.org"]);
    expect(query(app, "select accepted_at from campaign_invitations where email = 'invited@example.org'")).toEqual([{ accepted_at: null }]);
    expect((await stranger(`/workspace/c/${slug}`)).status).toBe(404);

    const invitee = await signInByMail("invited@example.org", path);
    expect((await invitee(path, form({}))).status).toBe(302);

    // Single use: the same link fails afterwards, with a page that says why.
    const again = await invitee(path, form({}));
    expect(again.status).toBe(410);
    expect(textOf(await again.text())).toContain("This invitation has already been accepted");
    const reopened = await browser(app)(path);
    expect(reopened.status).toBe(410);
    expect(textOf(await reopened.text())).toContain("This invitation does not work");
    expect(auditActions(slug).filter((a) => a.action === "team.join")).toHaveLength(1);

    const unknown = await browser(app)(`/invitations/${"x".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(textOf(await unknown.text())).toContain("The link may be incomplete");
  });

  it("refuses cancelled, replaced and expired invitations", async () => {
    const slug = await newCampaign();
    const cancelledPath = await invite(owner, slug, "late@example.org");
    const [{ id }] = query<{ id: number }>(app, "select id from campaign_invitations where email = 'late@example.org'");
    const cancelled = await owner(`/workspace/c/${slug}/team`, form({ intent: "cancel", invitationId: String(id) }));
    expect(cancelled.headers.get("location")).toBe(`/workspace/c/${slug}/team?done=cancelled`);
    expect(textOf(await (await owner(`/workspace/c/${slug}/team`)).text())).toContain("No invitations are waiting");

    const late = await signInByMail("late@example.org", cancelledPath);
    const refused = await late(cancelledPath, form({}));
    expect(refused.status).toBe(410);
    expect(textOf(await refused.text())).toContain("This invitation was cancelled");

    // Inviting again sends a new link and retires the one before it.
    const first = await invite(owner, slug, "late@example.org");
    const second = await invite(owner, slug, "late@example.org");
    expect((await late(first, form({}))).status).toBe(410);

    // Fourteen days on, the link has expired.
    changeDb("update campaign_invitations set expires_at = ? where token_hash = ?", new Date(Date.now() - 1000).toISOString(), hash(second));
    const expired = await late(second, form({}));
    expect(expired.status).toBe(410);
    expect(textOf(await expired.text())).toContain("This invitation has expired");
    expect(members(slug).map((m) => m.email)).toEqual(["owner@example.org"]);
    expect(auditActions(slug).map((a) => a.action)).toEqual(expect.arrayContaining(["team.cancel"]));
  });

  it("shows the team to a co-campaigner, who cannot change it; the owner and staff can", async () => {
    const slug = await newCampaign();
    const co = await joinTeam(slug, "helper@example.org");
    await invite(owner, slug, "pending@example.org");
    const [{ id: invitationId }] = query<{ id: number }>(app, "select id from campaign_invitations where email = 'pending@example.org'");
    const [{ id: ownerId }] = query<{ id: number }>(app, "select id from users where email = 'owner@example.org'");
    const [{ id: helperId }] = query<{ id: number }>(app, "select id from users where email = 'helper@example.org'");

    const page = await co(`/workspace/c/${slug}/team`);
    expect(page.status).toBe(200);
    const text = textOf(await page.text());
    expect(text).toContain("helper@example.org (you) Co-campaigner");
    expect(text).toContain("pending@example.org");
    expect(text).toContain("Only the campaign's owner and staff can invite or remove people.");
    expect(text).not.toContain("Send the invitation");
    expect(text).not.toMatch(/\bRemove\b/);

    const before = { invitations: query(app, "select * from campaign_invitations"), members: members(slug) };
    expect((await co(`/workspace/c/${slug}/team`, form({ intent: "invite", email: "friend@example.org" }))).status).toBe(403);
    expect((await co(`/workspace/c/${slug}/team`, form({ intent: "remove", userId: String(ownerId) }))).status).toBe(403);
    expect((await co(`/workspace/c/${slug}/team`, form({ intent: "cancel", invitationId: String(invitationId) }))).status).toBe(403);
    expect({ invitations: query(app, "select * from campaign_invitations"), members: members(slug) }).toEqual(before);
    expect(query(app, "select count(*) as n from users where email = 'friend@example.org'")[0]).toEqual({ n: 0 });

    // The owner cannot be removed; a co-campaigner can, and then loses access.
    const ownerStays = await owner(`/workspace/c/${slug}/team`, form({ intent: "remove", userId: String(ownerId) }));
    expect(ownerStays.status).toBe(409);
    expect(textOf(await ownerStays.text())).toContain("The campaign's owner cannot be removed");
    const removed = await owner(`/workspace/c/${slug}/team`, form({ intent: "remove", userId: String(helperId) }));
    expect(removed.headers.get("location")).toBe(`/workspace/c/${slug}/team?done=removed`);
    expect(members(slug).map((m) => m.email)).toEqual(["owner@example.org"]);
    expect((await co(`/workspace/c/${slug}`)).status).toBe(404);
    expect((await co(`/workspace/c/${slug}/team`)).status).toBe(404);

    // Staff manage any campaign's team.
    await invite(staff, slug, "from-staff@example.org");
    const audit = auditActions(slug);
    expect(audit.find((a) => a.action === "team.remove")).toMatchObject({ user: "owner@example.org" });
    expect(JSON.parse(audit.find((a) => a.action === "team.remove")!.before!)).toMatchObject({ email: "helper@example.org", role: "editor" });
    expect(audit.filter((a) => a.action === "team.invite").at(-1)).toMatchObject({ user: "staff@example.org" });
  });

  it("answers a stranger 404 on the team page and changes nothing for their posts", async () => {
    const slug = await newCampaign();
    await invite(owner, slug, "waiting@example.org");
    const [{ id }] = query<{ id: number }>(app, "select id from campaign_invitations where email = 'waiting@example.org'");
    const before = query(app, "select * from campaign_invitations");
    expect((await stranger(`/workspace/c/${slug}/team`)).status).toBe(404);
    expect((await stranger(`/workspace/c/${slug}/team`, form({ intent: "invite", email: "mine@example.org" }))).status).toBe(404);
    expect((await stranger(`/workspace/c/${slug}/team`, form({ intent: "cancel", invitationId: String(id) }))).status).toBe(404);
    expect(query(app, "select * from campaign_invitations")).toEqual(before);
    expect((await browser(app)(`/workspace/c/${slug}/team`)).status).toBe(302);
  });

  it("explains a bad address, and an address already on the team", async () => {
    const slug = await newCampaign();
    const bad = await owner(`/workspace/c/${slug}/team`, form({ intent: "invite", email: "not an address" }));
    expect(bad.status).toBe(400);
    const badText = textOf(await bad.text());
    expect(badText).toContain("There is a problem");
    expect(badText).toContain("Enter an email address in the correct format, like name@example.com");
    const empty = await owner(`/workspace/c/${slug}/team`, form({ intent: "invite", email: "" }));
    expect(textOf(await empty.text())).toContain("Enter the email address of the person to invite");
    const self = await owner(`/workspace/c/${slug}/team`, form({ intent: "invite", email: "owner@example.org" }));
    expect(self.status).toBe(409);
    expect(textOf(await self.text())).toContain("This person is already on the team");
    expect(query(app, "select count(*) as n from campaign_invitations where campaign_id = ?", campaignId(slug))[0]).toEqual({ n: 0 });
  });
});

function hash(path: string) {
  return crypto.createHash("sha256").update(path.split("/").pop()!).digest("hex");
}
