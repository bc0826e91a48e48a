import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { CLI_TIMEOUT, cli } from "../helpers/cli";
import { execute, insertRows, query } from "../helpers/db";
import { campaignIdOf, eachTestWithStaff } from "../helpers/delivery";
import { textOf } from "../helpers/http";
import { type Browser, form } from "../helpers/session";

// Issue 15, point 3: retention on a schedule. Staff set the months to keep personal data after a
// campaign ends; `privacy:run --as-of` anonymises each campaign past its date in batches of 500
// with a cursor, skips held campaigns, deletes old pack ZIPs (still verifiable), and sweeps
// unconfirmed signatures, IP addresses and mail recipients older than 30 days.

let app: RunningApp;
let staff: Browser;
eachTestWithStaff((started) => ({ app, staff } = started));

const slug = "fair-care-now";
const sha256 = (data: Buffer | string) => crypto.createHash("sha256").update(data).digest("hex");

type SignatureRow = {
  id: number;
  name: string;
  email: string | null;
  comment: string | null;
  ip_address: string | null;
  role: string | null;
  helper_name: string | null;
  organisation: string | null;
  location: string;
  signer_type: string;
};

type NewSignature = {
  name?: string;
  email?: string | null;
  signerType?: "individual" | "professional" | "organisation";
  organisation?: string | null;
  role?: string | null;
  comment?: string | null;
  ip?: string | null;
  helper?: string | null;
  createdAt?: string;
  verified?: boolean;
  flagConfirmed?: boolean;
  location?: string;
};

/** Inserts signatures straight into the app's database, in one transaction; returns their ids. */
function addSignatures(campaignSlug: string, signatures: NewSignature[]) {
  const [letter] = query<{ id: number; letter_version_id: number; sha256: string; campaign_id: number }>(
    app,
    "select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ?",
    campaignSlug,
  );
  return insertRows(
    app,
    "signatures",
    signatures.map((s, index) => {
      const at = s.createdAt ?? new Date().toISOString();
      return {
        campaign_id: letter!.campaign_id,
        letter_version_id: letter!.letter_version_id,
        letter_text_id: letter!.id,
        letter_sha256: letter!.sha256,
        name: s.name ?? `Signer ${index}`,
        email: s.email === undefined ? `signer-${index}-${crypto.randomBytes(3).toString("hex")}@example.org` : s.email,
        signer_type: s.signerType ?? "individual",
        organisation: s.organisation ?? null,
        role: s.role ?? null,
        location: s.location ?? "Cardiff",
        comment: s.comment ?? null,
        show_name: 1,
        wants_updates: 0,
        ip_address: s.ip === undefined ? "192.0.2.10" : s.ip,
        helper_name: s.helper ?? null,
        helper_relation: s.helper ? "friend" : null,
        created_at: at,
        verified_at: s.verified === false || s.flagConfirmed ? null : at,
        flag_reason: s.flagConfirmed ? "disposable" : null,
        flag_confirmed_at: s.flagConfirmed ? at : null,
      };
    }),
  );
}

const signaturesOf = (campaignSlug: string) =>
  query<SignatureRow>(
    app,
    "select id, name, email, comment, ip_address, role, helper_name, organisation, location, signer_type from signatures where campaign_id = ? order by id",
    campaignIdOf(app, campaignSlug),
  );

/** A campaign that ended on `endedAt` (status delivered or closed). */
const endCampaign = (campaignSlug: string, endedAt: string, status: "closed" | "delivered" = "delivered") =>
  execute(app, "update campaigns set status = ?, ended_at = ?, updated_at = ? where slug = ?", status, endedAt, endedAt, campaignSlug);

const retentionOf = (campaignSlug: string) =>
  query<{ cursor: number; anonymised_at: string | null; held_reason: string | null }>(
    app,
    "select cursor, anonymised_at, held_reason from campaign_retention where campaign_id = ?",
    campaignIdOf(app, campaignSlug),
  )[0];

const audits = (action: string) => query<{ campaign_id: number | null; user_id: number | null; before: string | null; after: string | null }>(app, "select campaign_id, user_id, before, after from audit_log where action = ? order by id", action);

const privacyRun = (...args: string[]) => cli(app, ["privacy:run", ...args]);

it(
  "anonymises a delivered campaign past its date: names become \"Signature {id}\", email, comment, IP and role go, town and type stay, organisations only for organisations",
  { timeout: CLI_TIMEOUT * 2 },
  async () => {
    const [person, organisation, professional, helped] = addSignatures(slug, [
      { name: "Ann Jones", email: "ann@example.org", comment: "My mother is a carer.", ip: "198.51.100.7", location: "Cardiff" },
      { name: "Care Cymru", email: "office@carecymru.example", signerType: "organisation", organisation: "Care Cymru", role: "Director", location: "Swansea" },
      { name: "Dr Bryn Hughes", email: "bryn@example.org", signerType: "professional", organisation: "Ysbyty Gwynedd", role: "Consultant", location: "Bangor" },
      { name: "Dai Evans", email: "dai@example.org", helper: "Sian Evans", location: "Newport" },
    ]);
    execute(app, "insert into verification_tokens (signature_id, token_hash, created_at) values (?, ?, ?)", person, sha256("a token"), new Date().toISOString());
    const campaignId = campaignIdOf(app, slug);
    // A letter of support: its author's name and letter stay public; the address and IP go.
    execute(
      app,
      `insert into support_letters (campaign_id, author_name, email, country, body, consent_at, status, ip_address, created_at, updated_at)
       values (?, 'Prof. Eluned Rhys', 'eluned@uni.example', 'GB', 'Care work is skilled work.', ?, 'approved', '203.0.113.9', ?, ?)`,
      campaignId,
      new Date().toISOString(),
      new Date().toISOString(),
      new Date().toISOString(),
    );
    // An invitation to write one, still open: the invitee's address, name and the note go, and it is cancelled.
    const inviter = query<{ id: number }>(app, "select id from users order by id limit 1")[0].id;
    execute(
      app,
      `insert into support_invitations (campaign_id, name, email, message, token_hash, invited_by, created_at)
       values (?, 'Dr Gwen Price', 'gwen@uni.example', 'We would value your words.', ?, ?, ?)`,
      campaignId,
      sha256("an invitation"),
      inviter,
      new Date().toISOString(),
    );
    // The audit of settling a paper row keeps both readings until the campaign is anonymised.
    execute(
      app,
      "insert into audit_log (user_id, campaign_id, action, before, after, created_at) values (null, ?, 'paper.settle', ?, ?, ?)",
      campaignId,
      JSON.stringify({ sheet: "S-0001", row: 3, status: "disputed", first: { name: "Gwyn Keyed" }, second: { name: "Gwyn Keyd" } }),
      JSON.stringify({ sheet: "S-0001", row: 3, status: "settled", values: { name: "Gwyn Keyed" }, from: { name: "first" } }),
      new Date().toISOString(),
    );
    // A paper sheet, keyed once, with its scan on disk.
    const scanBytes = Buffer.from("not really a picture, but a scan's bytes");
    const scanFile = `scan-${crypto.randomBytes(16).toString("hex")}.png`;
    fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
    fs.writeFileSync(path.join(app.dataDir, "uploads", scanFile), scanBytes);
    const letterVersion = query<{ id: number }>(app, "select id from letter_versions where campaign_id = ?", campaignId)[0].id;
    const sheet = execute(
      app,
      "insert into sheets (campaign_id, number, check_code, letter_version_id, issued_at, scan_file, scan_type, scan_sha256, scan_bytes) values (?, 1, 'ABC123', ?, ?, ?, 'image/png', ?, ?)",
      campaignId,
      letterVersion,
      new Date().toISOString(),
      scanFile,
      sha256(scanBytes),
      scanBytes.length,
    ).lastInsertRowid;
    const keying = execute(app, "insert into sheet_keyings (sheet_id, keying, via, created_at) values (?, 1, 'form', ?)", sheet, new Date().toISOString()).lastInsertRowid;
    execute(
      app,
      "insert into sheet_keyed_rows (keying_id, row, name, town, signer_type, organisation, role, email, show_name) values (?, 1, 'Gwen Price', 'Aberystwyth', 'individual', 'Somewhere', 'Nurse', 'gwen@example.org', 1), (?, 2, 'Undeb', 'Wrexham', 'organisation', 'Undeb Gofal', 'Secretary', 'undeb@example.org', 1)",
      keying,
      keying,
    );

    // A pack exported while the campaign was open, a copy kept by its recipient, and a download link to it.
    const copy = path.join(app.dataDir, "recipient-copy.zip");
    const exported = await cli(app, ["pack:export", slug, "--out", copy]);
    expect(exported.code, exported.stderr).toBe(0);
    const [pack] = query<{ id: number; file: string; sha256: string; manifest_sha256: string }>(app, "select id, file, sha256, manifest_sha256 from pack_exports where campaign_id = ?", campaignId);
    expect(fs.existsSync(path.join(app.dataDir, "packs", pack.file))).toBe(true);
    const token = crypto.randomBytes(32).toString("base64url");
    const staffId = query<{ id: number }>(app, "select id from users where email = 'staff@example.org'")[0].id;
    execute(
      app,
      `insert into deliveries (campaign_id, recipient_name, recipient_title, recipient_role, recipient_email, pack_export_id, method, download_token_hash, created_by, created_at)
       values (?, 'Jane Minister', 'Minister for Care', 'to', 'jane.minister@gov.example', ?, 'email', ?, ?, ?)`,
      campaignId,
      pack.id,
      sha256(token),
      staffId,
      new Date().toISOString(),
    );
    expect((await fetch(`${app.url}/packs/${token}`)).status).toBe(200);

    endCampaign(slug, "2026-01-05T10:00:00.000Z");
    // Not yet: six months after 5 January is 5 July.
    const early = await privacyRun("--as-of", "2026-07-04");
    expect(early.code, early.stderr).toBe(0);
    expect(early.stdout).toContain("No campaign is past its retention date.");
    expect(signaturesOf(slug).find((s) => s.id === person)?.name).toBe("Ann Jones");

    const run = await privacyRun("--as-of", "2026-07-05");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${slug}: anonymised. Signatures: 4. Typed-in sheet rows: 2. Scans deleted: 1. Letters of support: 1. Pack files deleted: 1.`);
    expect(run.stdout).toMatch(/Unconfirmed signatures over 30 days old deleted: \d+/);

    const byId = new Map(signaturesOf(slug).map((s) => [s.id, s]));
    const gone = { email: null, comment: null, ip_address: null, role: null, helper_name: null };
    expect(byId.get(person)).toEqual({ id: person, name: `Signature ${person}`, ...gone, organisation: null, location: "Cardiff", signer_type: "individual" });
    expect(byId.get(organisation)).toEqual({ id: organisation, name: `Signature ${organisation}`, ...gone, organisation: "Care Cymru", location: "Swansea", signer_type: "organisation" });
    expect(byId.get(professional)).toEqual({ id: professional, name: `Signature ${professional}`, ...gone, organisation: null, location: "Bangor", signer_type: "professional" });
    expect(byId.get(helped)).toEqual({ id: helped, name: `Signature ${helped}`, ...gone, organisation: null, location: "Newport", signer_type: "individual" });
    expect(query(app, "select count(*) as n from verification_tokens where signature_id = ?", person)).toEqual([{ n: 0 }]);

    expect(query(app, "select author_name, email, ip_address, body from support_letters where campaign_id = ?", campaignId)).toEqual([
      { author_name: "Prof. Eluned Rhys", email: "", ip_address: null, body: "Care work is skilled work." },
    ]);
    const [invitation] = query<{ name: string | null; email: string; message: string | null; cancelled_at: string | null }>(
      app,
      "select name, email, message, cancelled_at from support_invitations where campaign_id = ?",
      campaignId,
    );
    expect(invitation).toMatchObject({ name: null, email: "", message: null });
    expect(invitation.cancelled_at).not.toBeNull();
    const [settlement] = query<{ before: string; after: string }>(app, "select before, after from audit_log where action = 'paper.settle' and campaign_id = ?", campaignId);
    expect(JSON.parse(settlement.before)).toEqual({ sheet: "S-0001", row: 3, status: "disputed", first: null, second: null });
    expect(JSON.parse(settlement.after)).toEqual({ sheet: "S-0001", row: 3, status: "settled", values: null, from: { name: "first" } });
    expect(query(app, "select row, name, town, signer_type, organisation, role, email from sheet_keyed_rows where keying_id = ? order by row", keying)).toEqual([
      { row: 1, name: "Row 1", town: "Aberystwyth", signer_type: "individual", organisation: null, role: null, email: null },
      { row: 2, name: "Row 2", town: "Wrexham", signer_type: "organisation", organisation: "Undeb Gofal", role: null, email: null },
    ]);
    expect(fs.existsSync(path.join(app.dataDir, "uploads", scanFile))).toBe(false);
    expect(query(app, "select scan_file, scan_sha256 from sheets where id = ?", sheet)).toEqual([{ scan_file: null, scan_sha256: sha256(scanBytes) }]);

    // The ZIP is gone from disk; its row and hashes stay, so the recipient's copy still checks.
    expect(fs.existsSync(path.join(app.dataDir, "packs", pack.file))).toBe(false);
    const [after] = query<{ file: string | null; sha256: string; manifest_sha256: string; file_deleted_at: string | null }>(
      app,
      "select file, sha256, manifest_sha256, file_deleted_at from pack_exports where id = ?",
      pack.id,
    );
    expect(after).toMatchObject({ file: null, sha256: pack.sha256, manifest_sha256: pack.manifest_sha256 });
    expect(after.file_deleted_at).not.toBeNull();
    const verified = await cli(app, ["pack:verify", copy]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain("The pack is intact");
    const body = new FormData();
    body.set("pack", new Blob([new Uint8Array(fs.readFileSync(copy))], { type: "application/zip" }), "pack.zip");
    const checked = await fetch(`${app.url}/verify-pack`, { method: "POST", body });
    expect(checked.status).toBe(200);
    expect(textOf(await checked.text())).toContain("This pack is intact");
    // The recipient's old download link answers plainly that it no longer works, not with a server error.
    const download = await fetch(`${app.url}/packs/${token}`);
    expect(download.status).toBe(404);
    expect(await download.text()).toContain("This download link does not work.");

    expect(retentionOf(slug).anonymised_at).not.toBeNull();
    const [audit] = audits("privacy.anonymise");
    expect(audit.campaign_id).toBe(campaignId);
    expect(JSON.parse(audit.after!)).toEqual({ signatures: 4, keyedRows: 2, scans: 1, supportLetters: 1, invitations: 1, packs: 1 });
    expect(audit.after).not.toContain("example.org");

    // Done once: a later run finds nothing more to do for it.
    const again = await privacyRun("--as-of", "2026-08-01");
    expect(again.stdout).not.toContain(`${slug}:`);
    expect(audits("privacy.anonymise")).toHaveLength(1);
  },
);

it("skips a held campaign and one not yet due while anonymising another; holding and releasing are audited", { timeout: CLI_TIMEOUT * 2 }, async () => {
  const [due] = addSignatures(slug, [{ name: "Ann Jones", email: "ann@example.org" }]);
  const [held] = addSignatures("old-letter", [{ name: "Bob Price", email: "bob@example.org" }]);
  const [notYet] = addSignatures("past-deadline", [{ name: "Cerys Lloyd", email: "cerys@example.org" }]);
  endCampaign(slug, "2026-01-01T09:00:00.000Z");
  endCampaign("old-letter", "2026-01-01T09:00:00.000Z", "closed");
  endCampaign("past-deadline", "2026-11-01T09:00:00.000Z", "closed");
  const oldLetter = campaignIdOf(app, "old-letter");

  // The settings page lists ended campaigns with the date each is due.
  const page = textOf(await (await staff("/workspace/settings")).text());
  expect(page).toContain("Retention");
  expect(page).toMatch(/An old letter \(old-letter\) 1 January 2026 1 July 2026 No/);

  // A hold needs a reason.
  const noReason = await staff("/workspace/settings", form({ intent: "hold", campaignId: String(oldLetter), reason: " " }));
  expect(noReason.status).toBe(400);
  expect(textOf(await noReason.text())).toContain("Enter why this campaign is held back");
  expect(retentionOf("old-letter")).toBeUndefined();

  const hold = await staff("/workspace/settings", form({ intent: "hold", campaignId: String(oldLetter), reason: "A complaint is under investigation" }));
  expect(hold.status).toBe(302);
  expect(hold.headers.get("location")).toBe("/workspace/settings?saved=hold#retention");
  expect(textOf(await (await staff("/workspace/settings?saved=hold")).text())).toContain("Yes: A complaint is under investigation");
  const [holdAudit] = audits("privacy.hold");
  expect(holdAudit).toMatchObject({ campaign_id: oldLetter, before: JSON.stringify({ reason: null }), after: JSON.stringify({ reason: "A complaint is under investigation" }) });
  expect(holdAudit.user_id).not.toBeNull();

  const run = await privacyRun("--as-of", "2026-07-10");
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`${slug}: anonymised. Signatures: 1.`);
  expect(run.stdout).toContain("old-letter: held back by staff, not anonymised.");
  expect(run.stdout).not.toContain("past-deadline");
  expect(signaturesOf(slug)[0]).toMatchObject({ id: due, name: `Signature ${due}`, email: null });
  expect(signaturesOf("old-letter")[0]).toMatchObject({ id: held, name: "Bob Price", email: "bob@example.org" });
  expect(signaturesOf("past-deadline")[0]).toMatchObject({ id: notYet, name: "Cerys Lloyd", email: "cerys@example.org" });
  expect(retentionOf("old-letter")).toMatchObject({ cursor: 0, anonymised_at: null });

  // Released, it goes at the next run (the server's own run may take it first: either way it goes).
  const release = await staff("/workspace/settings", form({ intent: "release", campaignId: String(oldLetter) }));
  expect(release.status).toBe(302);
  expect(audits("privacy.release")).toMatchObject([{ campaign_id: oldLetter, after: JSON.stringify({ reason: null }) }]);
  const second = await privacyRun("--as-of", "2026-07-10");
  expect(second.code, second.stderr).toBe(0);
  expect(signaturesOf("old-letter")[0]).toMatchObject({ id: held, name: `Signature ${held}`, email: null });
  expect(signaturesOf("past-deadline")[0]).toMatchObject({ name: "Cerys Lloyd" });
  const page2 = textOf(await (await staff("/workspace/settings")).text());
  expect(page2).not.toContain("An old letter (old-letter)");
  expect(page2).toContain("Past its deadline (past-deadline)");

  // Only staff may hold a campaign back.
  const anonymous = await fetch(`${app.url}/workspace/settings`, { method: "POST", body: new URLSearchParams({ intent: "hold", campaignId: String(campaignIdOf(app, "past-deadline")), reason: "x" }), redirect: "manual" });
  expect(anonymous.status).toBe(302);
  expect(retentionOf("past-deadline")).toBeUndefined();
});

it("a held campaign first in the run's order does not stop it: a later due campaign is anonymised and the 30-day sweep runs", { timeout: CLI_TIMEOUT * 2 }, async () => {
  // Dates after today's, so the server's own hourly run (as of now) cannot take any of this first:
  // only the command line's run, as of 10 August 2027, does.
  const [held] = addSignatures("old-letter", [{ name: "Bob Price", email: "bob@example.org" }]);
  const [due] = addSignatures(slug, [{ name: "Ann Jones", email: "ann@example.org", comment: "For my sister." }]);
  const [oldUnconfirmed, recentUnconfirmed] = addSignatures("past-deadline", [
    { name: "Never Confirmed", verified: false, createdAt: "2027-06-01T00:00:00.000Z" },
    { name: "Just Signed", verified: false, createdAt: "2027-08-01T00:00:00.000Z" },
  ]);
  // The run goes by end date, then id: the held campaign ended first, so it is met first.
  endCampaign("old-letter", "2027-01-01T09:00:00.000Z", "closed");
  endCampaign(slug, "2027-02-01T09:00:00.000Z");
  const hold = await staff("/workspace/settings", form({ intent: "hold", campaignId: String(campaignIdOf(app, "old-letter")), reason: "A complaint is under investigation" }));
  expect(hold.status).toBe(302);

  const run = await privacyRun("--as-of", "2027-08-10");
  expect(run.code, run.stderr).toBe(0);
  const heldLine = run.stdout.indexOf("old-letter: held back by staff, not anonymised.");
  const dueLine = run.stdout.indexOf(`${slug}: anonymised. Signatures: 1.`);
  expect(heldLine).toBeGreaterThanOrEqual(0);
  expect(dueLine).toBeGreaterThan(heldLine);
  expect(run.stdout).toContain("Unconfirmed signatures over 30 days old deleted: 1.");

  expect(signaturesOf("old-letter")[0]).toMatchObject({ id: held, name: "Bob Price", email: "bob@example.org" });
  expect(retentionOf("old-letter")).toMatchObject({ cursor: 0, anonymised_at: null, held_reason: "A complaint is under investigation" });
  expect(signaturesOf(slug)[0]).toMatchObject({ id: due, name: `Signature ${due}`, email: null, comment: null });
  expect(retentionOf(slug).anonymised_at).not.toBeNull();
  // Other fixture campaigns ended long ago may go in the same run; the held one is not among them.
  const anonymised = audits("privacy.anonymise").map((a) => a.campaign_id);
  expect(anonymised).toContain(campaignIdOf(app, slug));
  expect(anonymised).not.toContain(campaignIdOf(app, "old-letter"));
  const left = signaturesOf("past-deadline").map((s) => s.id);
  expect(left).not.toContain(oldUnconfirmed);
  expect(left).toContain(recentUnconfirmed);
});

it("resumes after a stop: --max-batches 1 leaves the cursor at the 500th signature and the next run finishes", { timeout: CLI_TIMEOUT * 2 }, async () => {
  const ids = addSignatures(
    slug,
    Array.from({ length: 1_203 }, (_, i) => ({ name: `Person ${i}`, comment: `Comment ${i}`, role: "Carer" })),
  );
  endCampaign(slug, "2026-01-01T09:00:00.000Z");

  const first = await privacyRun("--as-of", "2026-07-10", "--max-batches", "1");
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toContain(`${slug}: stopped after 500 signatures; the next run carries on from there.`);
  expect(first.stdout).toContain("Stopped at --max-batches");
  expect(retentionOf(slug)).toMatchObject({ cursor: ids[499], anonymised_at: null });
  const halfway = signaturesOf(slug);
  expect(halfway.filter((s) => s.name.startsWith("Signature ")).map((s) => s.id)).toEqual(ids.slice(0, 500));
  expect(halfway.filter((s) => s.name.startsWith("Person ")).map((s) => s.id)).toEqual(ids.slice(500));
  expect(halfway.find((s) => s.id === ids[500])).toMatchObject({ comment: "Comment 500", role: "Carer" });
  expect(audits("privacy.anonymise")).toHaveLength(0);
  expect(textOf(await (await staff("/workspace/settings")).text())).toContain("Anonymising has started.");

  const second = await privacyRun("--as-of", "2026-07-10");
  expect(second.code, second.stderr).toBe(0);
  // This run did the other 703.
  expect(second.stdout).toContain(`${slug}: anonymised. Signatures: 703.`);
  const done = signaturesOf(slug);
  expect(done.every((s) => s.name === `Signature ${s.id}` && s.email === null && s.comment === null && s.role === null)).toBe(true);
  expect(retentionOf(slug)).toMatchObject({ cursor: ids.at(-1) });
  expect(retentionOf(slug).anonymised_at).not.toBeNull();
});

it("deletes unconfirmed signatures and erases IP addresses and mail recipients after 30 days, everywhere", { timeout: CLI_TIMEOUT }, async () => {
  const old = "2026-12-01T00:00:00.000Z";
  const recent = "2027-01-10T00:00:00.000Z";
  const [oldUnconfirmed, recentUnconfirmed, oldVerified, oldFlagged, recentVerified] = addSignatures(slug, [
    { name: "Never Confirmed", verified: false, createdAt: old, ip: "198.51.100.1" },
    { name: "Just Signed", verified: false, createdAt: recent, ip: "198.51.100.2" },
    { name: "Old Signer", createdAt: old, ip: "198.51.100.3" },
    { name: "Flagged Signer", flagConfirmed: true, createdAt: old, ip: "198.51.100.4" },
    { name: "New Signer", createdAt: recent, ip: "198.51.100.5" },
  ]);
  execute(app, "insert into verification_tokens (signature_id, token_hash, created_at) values (?, ?, ?)", oldUnconfirmed, sha256("old token"), old);
  execute(
    app,
    `insert into support_letters (campaign_id, author_name, email, country, body, consent_at, status, ip_address, created_at, updated_at)
     values (?, 'Prof. Eluned Rhys', 'eluned@uni.example', 'GB', 'Yes.', ?, 'pending', '203.0.113.9', ?, ?)`,
    campaignIdOf(app, slug),
    old,
    old,
    old,
  );
  const sentOld = execute(
    app,
    `insert into outbox (template, recipient, subject, status, next_attempt_at, message_id, created_at, sent_at) values ('x', 'old@example.org', 'Old', 'sent', ?, ?, ?, ?)`,
    old,
    `<old-${crypto.randomBytes(4).toString("hex")}@test>`,
    old,
    old,
  ).lastInsertRowid;
  const sentRecent = execute(
    app,
    `insert into outbox (template, recipient, subject, status, next_attempt_at, message_id, created_at, sent_at) values ('x', 'recent@example.org', 'Recent', 'sent', ?, ?, ?, ?)`,
    recent,
    `<recent-${crypto.randomBytes(4).toString("hex")}@test>`,
    recent,
    recent,
  ).lastInsertRowid;

  const run = await privacyRun("--as-of", "2027-01-15");
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("Unconfirmed signatures over 30 days old deleted: 1.");
  expect(run.stdout).toMatch(/IP addresses over 30 days old erased: 2 from signatures, 1 from letters of support\./);

  const left = new Map(signaturesOf(slug).map((s) => [s.id, s]));
  expect(left.has(oldUnconfirmed)).toBe(false);
  expect(query(app, "select count(*) as n from verification_tokens where signature_id = ?", oldUnconfirmed)).toEqual([{ n: 0 }]);
  expect(left.get(recentUnconfirmed)).toMatchObject({ name: "Just Signed", ip_address: "198.51.100.2" });
  expect(left.get(oldVerified)).toMatchObject({ name: "Old Signer", ip_address: null });
  expect(left.get(oldFlagged)).toMatchObject({ name: "Flagged Signer", ip_address: null });
  expect(left.get(recentVerified)).toMatchObject({ name: "New Signer", ip_address: "198.51.100.5" });
  expect(query(app, "select email, ip_address from support_letters")).toEqual([{ email: "eluned@uni.example", ip_address: null }]);
  expect(query(app, "select id, recipient from outbox where id in (?, ?) order by id", sentOld, sentRecent)).toEqual([
    { id: Number(sentOld), recipient: "" },
    { id: Number(sentRecent), recipient: "recent@example.org" },
  ]);

  const bad = await privacyRun("--as-of", "2027-02-30");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("--as-of must be a date, as YYYY-MM-DD");
});

it("saves the months to keep personal data and the data controller, audited, and refuses a bad number with a 400", async () => {
  const page = textOf(await (await staff("/workspace/settings")).text());
  expect(page).toContain("Months to keep personal data after a campaign closes or is delivered");

  const saved = await staff(
    "/workspace/settings",
    form({ intent: "privacy", retentionMonths: " 12 ", controllerName: "Care Cymru Ltd", controllerContact: "privacy@carecymru.example\n1 Stryd Fawr, Caerdydd" }),
  );
  expect(saved.status).toBe(302);
  expect(saved.headers.get("location")).toBe("/workspace/settings?saved=privacy#personal-data");
  const html = await (await staff("/workspace/settings?saved=privacy")).text();
  expect(textOf(html)).toContain("Personal data settings saved.");
  expect(html).toMatch(/id="retention-months"[^>]*value="12"/);
  expect(html).toContain("Care Cymru Ltd");
  expect(query(app, "select key, value from settings where key like 'privacy.%' order by key")).toEqual([
    { key: "privacy.controller_contact", value: "privacy@carecymru.example\n1 Stryd Fawr, Caerdydd" },
    { key: "privacy.controller_name", value: "Care Cymru Ltd" },
    { key: "privacy.retention_months", value: "12" },
  ]);
  const [audit] = audits("settings.privacy");
  expect(JSON.parse(audit.before!)).toEqual({ retentionMonths: 6, controllerName: null, controllerContact: null });
  expect(JSON.parse(audit.after!)).toEqual({ retentionMonths: 12, controllerName: "Care Cymru Ltd", controllerContact: "privacy@carecymru.example\n1 Stryd Fawr, Caerdydd" });

  for (const [months, message] of [
    ["0", "Enter a number of months from 1 to 120"],
    ["121", "Enter a number of months from 1 to 120"],
    ["six", "Enter the months as a whole number, like 6"],
    ["2.5", "Enter the months as a whole number, like 6"],
    ["", "Enter the number of months to keep personal data"],
  ]) {
    const refused = await staff("/workspace/settings", form({ intent: "privacy", retentionMonths: months, controllerName: "Changed", controllerContact: "" }));
    expect(refused.status, months).toBe(400);
    const text = textOf(await refused.text());
    expect(text).toContain("There is a problem");
    expect(text).toContain(message);
  }
  const tooLong = await staff("/workspace/settings", form({ intent: "privacy", retentionMonths: "6", controllerName: "x".repeat(201) }));
  expect(tooLong.status).toBe(400);
  expect(textOf(await tooLong.text())).toContain("Enter a name of 200 characters or fewer");
  expect(query(app, "select value from settings where key = 'privacy.retention_months'")).toEqual([{ value: "12" }]);
  expect(audits("settings.privacy")).toHaveLength(1);

  // Emptied, the controller's name and contact are gone.
  expect((await staff("/workspace/settings", form({ intent: "privacy", retentionMonths: "6", controllerName: "", controllerContact: "  " }))).status).toBe(302);
  expect(query(app, "select key from settings where key like 'privacy.%'")).toEqual([{ key: "privacy.retention_months" }]);
});
