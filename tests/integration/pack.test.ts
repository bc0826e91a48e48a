import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { execute, insertRows, query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { pdfFile } from "../helpers/pdf";
import { insertVerifiedSignature } from "../helpers/signatures";
import { type Browser, browser, form, signInAs } from "../helpers/session";
import { readZip, sha256, withByteChanged, writeZip } from "../helpers/zip";
import { parseCsv as readCsv } from "~/utils/csv";
import { cliBundle } from "../helpers/cli";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const slug = "pack-letter";

let app: RunningApp;
let owner: Browser;
let stranger: Browser;
let staff: Browser;
let work: string;
/** The pack the command line exported, and its files. */
let cliPack: string;
let files: Map<string, Buffer>;

/** Signatories as the pack must list them, and some it must not. */
const signers = [
  { name: "Siân Llŷr", email: "sian@example.org", type: "individual", location: "Aberystwyth" },
  { name: "Zoë Brontë", email: "zoe@example.org", type: "professional", organisation: "Cardiff Council", role: "Social worker", location: "Cardiff" },
  { name: "Łukasz Żółć", email: "lukasz@example.org", type: "individual", location: "Wrexham" },
  { name: "=2+5+cmd|' /C calc'!A0", email: "formula@example.org", type: "individual", location: "+44 Swansea" },
  { name: "Gwenllian ap Ŵyn", email: "hidden@example.org", type: "organisation", organisation: "Cymdeithas, \"Tai\"", location: "Bangor", nameHidden: true },
  { name: `Bartholomew ${"Fitzwilliam-".repeat(12)}Jones`, email: "long@example.org", type: "individual", location: "Llanelli" },
];
const unconfirmed = { name: "Never Confirmed", email: "unconfirmed@example.org" };
const invalidated = { name: "Spam Bot", email: "spam@example.org" };

function cli(args: string[]) {
  return run(process.execPath, [cliBundle(), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn" },
  });
}

/** `pack:verify`, as its exit status and what it printed. */
async function verifyWithCli(zip: string, key?: string) {
  try {
    const { stdout } = await cli(["pack:verify", zip, ...(key ? ["--key", key] : [])]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** The signatures of a campaign as the signing flow leaves them, verified (and then invalidated) or not. */
function signatureRows(campaignSlug: string) {
  const [text] = query<{ id: number; letter_version_id: number; sha256: string; campaign_id: number }>(
    app,
    "select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ?",
    campaignSlug,
  );
  return (s: { name: string; email: string; type?: string; organisation?: string; role?: string; location?: string; nameHidden?: boolean }, verified: boolean, invalid = false) => ({
    campaign_id: text!.campaign_id,
    letter_version_id: text!.letter_version_id,
    letter_text_id: text!.id,
    letter_sha256: text!.sha256,
    name: s.name,
    email: s.email,
    signer_type: s.type ?? "individual",
    organisation: s.organisation ?? null,
    role: s.role ?? null,
    location: s.location ?? "Cardiff",
    show_name: 1,
    wants_updates: 0,
    ip_address: "192.0.2.7",
    created_at: "2026-11-20T10:00:00.000Z",
    verified_at: verified ? "2026-11-20T10:05:00.000Z" : null,
    name_hidden: s.nameHidden ? 1 : 0,
    invalidated_at: invalid ? "2026-11-21T09:00:00.000Z" : null,
    invalidated_reason: invalid ? "Spam" : null,
  });
}

/** Inserts the campaign's signatures and letters of support, as the signing and moderation flows would leave them. */
function seedPackData() {
  const row = signatureRows(slug);
  insertRows(app, "signatures", [...signers.map((s) => row(s, true)), row(unconfirmed, false), row(invalidated, true, true)]);
  const [campaign] = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug);

  fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
  fs.copyFileSync(uploadedPdf(), path.join(app.dataDir, "uploads", "upload-1.pdf"));
  const letter = (values: { author_name: string; email: string; role: string | null; organisation: string | null; country: string; body: string | null; pdf_file: string | null; status: string }) => ({
    campaign_id: campaign!.id,
    ...values,
    consent_at: "2026-11-20",
    created_at: "2026-11-20",
    updated_at: "2026-11-20",
  });
  insertRows(app, "support_letters", [
    letter({ author_name: "Prof. Eluned Ríos", email: "eluned@uni.example", role: "Professor of Social Care", organisation: "Prifysgol Caerdydd", country: "GB", body: "We **support** this letter.\n\nCare work is skilled work.", pdf_file: null, status: "approved" }),
    letter({ author_name: "Dr Émile Zola", email: "emile@uni.example", role: null, organisation: "Université de Lille", country: "FR", body: null, pdf_file: "upload-1.pdf", status: "approved" }),
    letter({ author_name: "Not Approved", email: "pending@uni.example", role: null, organisation: null, country: "GB", body: "Still waiting.", pdf_file: null, status: "pending" }),
  ]);
}

/** Creates and publishes a campaign in English in the workspace, as its owner would (each text in its language's field). */
async function publishCampaign(campaignSlug: string, title: string) {
  await owner(
    "/workspace/new",
    form({
      language: "en",
      languages: "en",
      "title.en": title,
      slug: campaignSlug,
      "summary.en": "An open letter.",
      "body.en": "Dear Minister,\n\nPlease pay care workers **fairly**.",
      "recipients[0].name": "Jane Minister",
      "recipients[0].title.en": "Minister for Care",
      "recipients[0].email": "jane@gov.example",
      "recipients[0].role": "to",
      "recipients[1].name": "Sam Leader",
      "recipients[1].title.en": "Leader of the Opposition",
      "recipients[1].role": "cc",
      _action: "save",
    }),
  );
  expect((await owner(`/workspace/c/${campaignSlug}`, form({ action: "publish" }))).status).toBe(302);
}

/** A one-page PDF, as someone might upload (written in beforeAll). */
const uploadedPdf = () => path.join(work, "upload.pdf");

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-test-"));
  fs.writeFileSync(uploadedPdf(), pdfFile("Uploaded letter from Lille: nous soutenons"));
  app = await startApp();
  [owner, stranger, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "stranger@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  await publishCampaign(slug, "Pay care workers fairly");
  seedPackData();
  cliPack = path.join(work, "pack.zip");
  await cli(["pack:export", slug, "--out", cliPack]);
  files = await readZip(cliPack);
}, 120_000);
afterAll(async () => {
  await stopApp(app);
  fs.rmSync(work, { recursive: true, force: true });
});

const verifiedCount = () =>
  query<{ n: number }>(
    app,
    "select count(*) as n from signatures where campaign_id = (select id from campaigns where slug = ?) and verified_at is not null and invalidated_at is null",
    slug,
  )[0].n;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type ExportRow = {
  id: number;
  status: string;
  progress: number;
  total: number;
  file: string | null;
  requested_by: number | null;
  started_at: string | null;
  lease_until: string | null;
};
const exportColumns = "select id, status, progress, total, file, requested_by, started_at, lease_until from pack_exports";
const exportRow = (id: number) => query<ExportRow>(app, `${exportColumns} where id = ?`, id)[0];

/** Polls `read` until it gives something. */
async function waitFor<T>(read: () => T | undefined, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
    const value = read();
    if (value) return value;
  }
  throw new Error(`Nothing within ${ms} ms`);
}

/** Waits until an export's row passes `until`; times out showing the row as it last was. */
async function waitForExport(id: number, until: (row: ExportRow) => boolean, ms = 30_000) {
  try {
    return await waitFor(() => (until(exportRow(id)) ? exportRow(id) : undefined), ms);
  } catch {
    throw new Error(`Export ${id} is still ${JSON.stringify(exportRow(id))}`);
  }
}

/** An export of the small campaign, as another process would leave it. */
function insertExport({ status, lease }: { status: "running" | "failed"; lease: string | null }) {
  const at = new Date().toISOString();
  const { lastInsertRowid } = execute(
    app,
    "insert into pack_exports (campaign_id, status, progress, total, created_at, started_at, lease_until) values ((select id from campaigns where slug = ?), ?, 3, 6, ?, ?, ?)",
    slug,
    status,
    at,
    at,
    lease,
  );
  return Number(lastInsertRowid);
}

const packsDir = () => path.join(app.dataDir, "packs");
/** What exports write while they run (temporary folders, partial ZIPs) and should never leave behind. */
const exportFiles = () => fs.readdirSync(packsDir()).filter((name) => name.startsWith(".export-") || name.endsWith(".partial"));

/** A temporary folder with a file in it, as a killed export leaves. */
function leaveFolder(name: string) {
  fs.mkdirSync(path.join(packsDir(), name), { recursive: true });
  fs.writeFileSync(path.join(packsDir(), name, "signatures.csv"), "id,name\r\n");
}

/** The CSV's rows as arrays of cells, read by the app's own RFC 4180 reader. */
const parseCsv = (text: string) => readCsv(text).map((record) => record.fields);

async function pdfText(pdf: Buffer) {
  const file = path.join(work, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"]);
  return stdout;
}

describe("the pack from the command line", { timeout: 60_000 }, () => {
  it("holds the letter, the signatories, the letters of support and a signed manifest, and pack:verify accepts it", async () => {
    expect([...files.keys()].sort()).toEqual(
      [
        "letter.pdf",
        "manifest.json",
        "manifest.sig",
        "public-key.pem",
        "README.txt",
        "signatures.csv",
        "signatures.json",
        "support-letters/1-prof-eluned-rios.md",
        "support-letters/2-dr-emile-zola.pdf",
      ].sort(),
    );
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    expect(manifest.campaign).toEqual({
      slug,
      title: "Pay care workers fairly",
      language: "en",
      languages: ["en"],
      titles: { en: "Pay care workers fairly" },
      recipients: [
        { name: "Jane Minister", title: "Minister for Care", titles: { en: "Minister for Care" }, role: "to" },
        { name: "Sam Leader", title: "Leader of the Opposition", titles: { en: "Leader of the Opposition" }, role: "cc" },
      ],
    });
    expect(manifest.counts).toMatchObject({
      signatures: signers.length,
      bySignerType: { individual: signers.filter((s) => s.type === "individual").length, professional: 1, organisation: 1 },
      byLanguage: { en: signers.length },
      supportLetters: 2,
    });
    const letter = query<{ sha256: string }>(app, "select sha256 from letter_texts where letter_version_id = (select id from letter_versions where campaign_id = (select id from campaigns where slug = ?))", slug)[0];
    expect(manifest.letterVersions).toEqual([{ version: 1, language: "en", variant: "standard", sha256: letter.sha256 }]);
    for (const entry of manifest.files) expect(entry).toEqual({ path: entry.path, bytes: files.get(entry.path)!.length, sha256: sha256(files.get(entry.path)!) });
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual([...files.keys()].filter((p) => !p.startsWith("manifest.")).sort());

    const result = await verifyWithCli(cliPack);
    expect(result.code).toBe(0);
    expect(result.output).toContain("The pack is intact");
    expect(result.output).toContain("Pay care workers fairly");
    expect(result.output).toContain(`Verified signatures: ${signers.length}`);
    expect(result.output).toContain("Files checked: 9");

    const [pack] = query<{ status: string; progress: number; total: number; requested_by: number | null; manifest_sha256: string }>(
      app,
      "select status, progress, total, requested_by, manifest_sha256 from pack_exports order by id limit 1",
    );
    expect(pack).toEqual({ status: "done", progress: signers.length, total: signers.length, requested_by: null, manifest_sha256: sha256(files.get("manifest.json")!) });
    expect(query(app, "select user_id from audit_log where action = 'pack.export'")).toEqual([{ user_id: null }]);
  });

  it("lists every verified signatory once in the CSV and the JSON, hidden names too, and neutralises formulas", async () => {
    const rows = parseCsv(files.get("signatures.csv")!.toString());
    expect(rows[0]).toEqual([
      "id",
      "name",
      "signer_type",
      "organisation",
      "role",
      "location",
      "letter_version",
      "letter_sha256",
      "confirmed_at",
      "language",
      "letter_variant",
      "helper_name",
      "helper_relation",
      "source",
      "sheet",
      "sheet_row",
      "event",
    ]);
    expect(rows.length - 1).toBe(verifiedCount());
    const names = rows.slice(1).map((r) => r[1]);
    expect(names).toContain("Gwenllian ap Ŵyn");
    expect(names).toContain("'=2+5+cmd|' /C calc'!A0");
    expect(names).not.toContain(unconfirmed.name);
    expect(names).not.toContain(invalidated.name);
    expect(rows.find((r) => r[1] === "Gwenllian ap Ŵyn")![3]).toBe('Cymdeithas, "Tai"');
    expect(rows.find((r) => r[1].startsWith("'=2+5"))![5]).toBe("'+44 Swansea");
    for (const row of rows.slice(1)) expect(row[7]).toMatch(/^[0-9a-f]{64}$/);
    for (const row of rows.slice(1)) expect(row.slice(9)).toEqual(["en", "standard", "", "", "online", "", "", ""]);

    const json = JSON.parse(files.get("signatures.json")!.toString()) as Record<string, unknown>[];
    expect(files.get("signatures.json")!.toString().split("\n")).toHaveLength(json.length + 3);
    expect(json.map((r) => r.name)).toEqual(signers.map((s) => s.name));
    expect(Object.keys(json[0])).toEqual(rows[0]);
  });

  it("puts no email address in any file", async () => {
    const emails = [
      ...query<{ email: string }>(app, "select email from signatures"),
      ...query<{ email: string }>(app, "select email from support_letters"),
      ...query<{ email: string }>(app, "select email from recipients where email is not null"),
      ...query<{ email: string }>(app, "select email from users"),
    ].map((r) => r.email);
    expect(emails.length).toBeGreaterThan(10);
    for (const [name, content] of files) {
      const text = name.endsWith(".pdf") ? await pdfText(content) : content.toString("utf8");
      for (const email of emails) expect(text, `${email} in ${name}`).not.toContain(email);
      expect(text).not.toContain("192.0.2.7");
    }
  });

  it("prints every signatory's name in letter.pdf, cuts long ones to their column, and appends uploaded letters", async () => {
    const text = await pdfText(files.get("letter.pdf")!);
    for (const s of signers.slice(0, -1)) expect(text).toContain(s.name);
    expect(text).toMatch(/Bartholomew Fitzwilliam-[\w-]*…/);
    expect(text).not.toContain(signers.at(-1)!.name);
    expect(text).not.toContain(unconfirmed.name);
    expect(text).not.toContain(invalidated.name);
    expect(text).toContain("Pay care workers fairly");
    expect(text).toContain("Jane Minister, Minister for Care");
    expect(text).toContain("Please pay care workers fairly.");
    expect(text).toContain("Letter of support from Prof. Eluned Ríos");
    expect(text).toContain("Care work is skilled work.");
    expect(text).toContain("Uploaded letter from Lille: nous soutenons");
    expect(text).not.toContain("Still waiting.");
    const md = files.get("support-letters/1-prof-eluned-rios.md")!.toString();
    expect(md).toContain("Author: Prof. Eluned Ríos\nRole: Professor of Social Care\nOrganisation: Prifysgol Caerdydd\nCountry: United Kingdom (GB)");
    expect(files.get("support-letters/2-dr-emile-zola.pdf")).toEqual(fs.readFileSync(uploadedPdf()));
  });

  it("signs manifest.json with the key the site publishes", async () => {
    const response = await fetch(`${app.url}/.well-known/pack-signing-key.pem`);
    expect(response.status).toBe(200);
    const pem = await response.text();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const key = crypto.createPublicKey(pem);
    expect(crypto.verify(null, files.get("manifest.json")!, key, files.get("manifest.sig")!)).toBe(true);
    expect(files.get("public-key.pem")!.toString()).toBe(pem);
    const fingerprint = sha256(key.export({ type: "spki", format: "der" })).match(/.{4}/g)!.join(" ");
    expect(response.headers.get("x-key-fingerprint")).toBe(`SHA-256 ${fingerprint}`);
    expect(textOf(await (await fetch(`${app.url}/verify-pack`)).text())).toContain(fingerprint);
  });
});

// Each check starts the CLI (tsx), which takes seconds on a busy machine.
describe("a changed pack fails the check, naming the file", { timeout: 90_000 }, () => {
  let siteKey: string;
  beforeAll(async () => {
    siteKey = path.join(work, "site-key.pem");
    fs.writeFileSync(siteKey, await (await fetch(`${app.url}/.well-known/pack-signing-key.pem`)).text());
  });

  const tampered = async (name: string, changed: Map<string, Buffer>) => {
    const file = path.join(work, `tampered-${name.replace(/\W/g, "_")}.zip`);
    await writeZip(file, changed);
    return file;
  };

  it.each([
    ["letter.pdf", "letter.pdf has changed"],
    ["signatures.csv", "signatures.csv has changed"],
    ["signatures.json", "signatures.json has changed"],
    ["support-letters/1-prof-eluned-rios.md", "support-letters/1-prof-eluned-rios.md has changed"],
    ["support-letters/2-dr-emile-zola.pdf", "support-letters/2-dr-emile-zola.pdf has changed"],
    ["manifest.json", /manifest\.json (has changed|cannot be read)/],
    ["manifest.sig", "manifest.sig has changed"],
  ])("one byte changed in %s", async (name, message) => {
    const result = await verifyWithCli(await tampered(name, withByteChanged(files, name)));
    expect(result.code).toBe(1);
    expect(result.output).toContain("The pack failed the check");
    expect(result.output).toMatch(message);
  });

  it("one byte changed in public-key.pem, checked against the site's key", async () => {
    const result = await verifyWithCli(await tampered("public-key.pem", withByteChanged(files, "public-key.pem")), siteKey);
    expect(result.code).toBe(1);
    expect(result.output).toContain("public-key.pem has changed");
  });

  it("a file missing", async () => {
    const missing = new Map(files);
    missing.delete("signatures.csv");
    const result = await verifyWithCli(await tampered("missing", missing));
    expect(result.code).toBe(1);
    expect(result.output).toContain("signatures.csv is missing from the pack");
  });

  it("a file added", async () => {
    const extra = new Map(files);
    extra.set("support-letters/3-extra.md", Buffer.from("Not in the manifest"));
    const added = await verifyWithCli(await tampered("extra", extra));
    expect(added.code).toBe(1);
    expect(added.output).toContain("support-letters/3-extra.md was added to the pack");
  });

  it("checked against another key, or re-signed by someone else with their own key inside", async () => {
    const otherKey = path.join(work, "other-key.pem");
    fs.writeFileSync(otherKey, crypto.generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }));
    const wrongKey = await verifyWithCli(cliPack, otherKey);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.output).toContain(`The pack was signed with a different key from ${otherKey}`);

    // Re-signed by someone else with their own key inside: the site's key is what catches it.
    const forger = crypto.generateKeyPairSync("ed25519");
    const forged = withByteChanged(files, "signatures.csv");
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    manifest.files.find((f: { path: string }) => f.path === "signatures.csv").sha256 = sha256(forged.get("signatures.csv")!);
    const forgedManifest = Buffer.from(JSON.stringify(manifest));
    forged.set("manifest.json", forgedManifest);
    forged.set("manifest.sig", crypto.sign(null, forgedManifest, forger.privateKey));
    forged.set("public-key.pem", Buffer.from(forger.publicKey.export({ type: "spki", format: "pem" })));
    const forgedZip = await tampered("forged", forged);
    expect((await verifyWithCli(forgedZip, siteKey)).output).toContain("signed with a different key");
  });
});

describe("the pack in the workspace", { timeout: 60_000 }, () => {
  it("only staff may see, start or download a pack: campaigners get 403 on their own campaign, 404 on others", async () => {
    const [{ id: packId }] = query<{ id: number }>(app, "select id from pack_exports order by id limit 1");
    const paths = [`/workspace/c/${slug}/pack`, `/workspace/c/${slug}/pack/${packId}/progress.json`, `/workspace/c/${slug}/pack/${packId}/download`];
    for (const p of paths) {
      expect((await owner(p)).status, p).toBe(403);
      expect((await stranger(p)).status, p).toBe(404);
      const signedOut = await browser(app)(p);
      expect(signedOut.status, p).toBe(302);
      expect(signedOut.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    }
    const before = query(app, "select count(*) as n from pack_exports")[0];
    expect((await owner(`/workspace/c/${slug}/pack`, form({}))).status).toBe(403);
    expect((await stranger(`/workspace/c/${slug}/pack`, form({}))).status).toBe(404);
    expect(query(app, "select count(*) as n from pack_exports")[0]).toEqual(before);
    // Another campaign's pack id, or no pack at all, is not found.
    expect((await staff(`/workspace/c/fair-care-now/pack/${packId}/download`)).status).toBe(404);
    expect((await staff(`/workspace/c/${slug}/pack/nonsense/progress.json`)).status).toBe(404);
    expect((await staff(`/workspace/c/${slug}/pack/99999/download`)).status).toBe(404);
  });

  it("staff start an export: it runs in the background to the last signatory, then offers the download, which checks out", async () => {
    const started = await staff(`/workspace/c/${slug}/pack`, form({}));
    expect(started.status).toBe(302);
    const id = Number(started.headers.get("location")!.match(/started=(\d+)$/)![1]);
    let progress: { status: string; progress: number; total: number } | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      progress = await (await staff(`/workspace/c/${slug}/pack/${id}/progress.json`)).json();
      if (progress!.status === "done" || progress!.status === "failed") break;
    }
    expect(progress).toEqual({ id, status: "done", progress: verifiedCount(), total: verifiedCount() });
    const page = textOf(await (await staff(`/workspace/c/${slug}/pack?started=${id}`)).text());
    expect(page).toContain("Ready");
    expect(page).toContain("Download the pack");
    const staffId = query<{ id: number }>(app, "select id from users where email = 'staff@example.org'")[0].id;
    expect(query(app, "select user_id, after from audit_log where action = 'pack.export' order by id desc limit 1")).toEqual([
      { user_id: staffId, after: JSON.stringify({ packId: id }) },
    ]);

    const download = await staff(`/workspace/c/${slug}/pack/${id}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    expect(download.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${slug}-signature-pack-\\d{4}-\\d{2}-\\d{2}\\.zip"$`));
    const zip = Buffer.from(await download.arrayBuffer());
    const [row] = query<{ sha256: string; bytes: number }>(app, "select sha256, bytes from pack_exports where id = ?", id);
    expect({ sha256: sha256(zip), bytes: zip.length }).toEqual(row);

    const upload = (content: Buffer) => {
      const body = new FormData();
      body.set("pack", new Blob([new Uint8Array(content)], { type: "application/zip" }), "pack.zip");
      return fetch(`${app.url}/verify-pack`, { method: "POST", body });
    };
    const checked = await upload(zip);
    expect(checked.status).toBe(200);
    const intact = textOf(await checked.text());
    expect(intact).toContain("This pack is intact");
    expect(intact).toContain(`Verified signatures ${signers.length}`);

    const zipFile = path.join(work, "downloaded.zip");
    fs.writeFileSync(zipFile, zip);
    const changed = path.join(work, "downloaded-changed.zip");
    await writeZip(changed, withByteChanged(await readZip(zipFile), "signatures.json"));
    const broken = textOf(await (await upload(fs.readFileSync(changed))).text());
    expect(broken).toContain("This pack has been changed or is not genuine");
    expect(broken).toContain("signatures.json has changed since the pack was exported");
  });

  it("the check page refuses a missing file with a message, and says when a file is not a ZIP", async () => {
    const empty = new FormData();
    empty.set("pack", new Blob([]), "");
    const none = await fetch(`${app.url}/verify-pack`, { method: "POST", body: empty });
    expect(none.status).toBe(400);
    expect(textOf(await none.text())).toContain("Choose a ZIP file to check");

    const notZip = new FormData();
    notZip.set("pack", new Blob(["just some text"]), "letter.txt");
    const text = textOf(await (await fetch(`${app.url}/verify-pack`, { method: "POST", body: notZip })).text());
    expect(text).toContain("is not a ZIP file, or it is damaged");

    const urlEncoded = await fetch(`${app.url}/verify-pack`, { method: "POST", body: new URLSearchParams({ pack: "x" }) });
    expect(urlEncoded.status).toBe(415);
  });

  it("an export left running by a stopped server (no lease) is taken over and finished at the next start", async () => {
    const id = insertExport({ status: "running", lease: null });
    const { started_at } = exportRow(id);
    await app.stop();
    await app.restart();
    const done = await waitForExport(id, (row) => row.status === "done");
    expect(done).toMatchObject({ status: "done", progress: verifiedCount(), total: verifiedCount(), lease_until: null });
    expect(done.started_at! > started_at!).toBe(true);
    expect(app.logs()).toMatch(new RegExp(`"packId":${id},"msg":"Signature pack export started"`));
  });
});

describe("export jobs: one process at a time, nothing left behind", { timeout: 180_000 }, () => {
  const bigSlug = "pack-big-letter";
  /** Enough signatories that an export takes a few seconds: long enough to restart a server during it. */
  const bigCount = 50_000;

  beforeAll(async () => {
    await publishCampaign(bigSlug, "A letter many signed");
    const row = signatureRows(bigSlug);
    insertRows(app, "signatures", Array.from({ length: bigCount }, (_, i) => row({ name: `Signatory ${i + 1}`, email: `signatory-${i + 1}@example.org` }, true)));
  }, 60_000);

  it("an export under another process's live lease is left alone by a restart, then taken over when the lease lapses", async () => {
    // A lease that lapses soon after the restart: the worker must wake by itself when it does.
    const lease = new Date(Date.now() + 15_000).toISOString();
    const id = insertExport({ status: "running", lease });
    const { started_at } = exportRow(id);
    leaveFolder(`.export-${id}-x`);
    await app.stop();
    await app.restart();
    await sleep(1_000);
    expect(exportRow(id)).toMatchObject({ status: "running", progress: 3, started_at, lease_until: lease });
    expect(exportFiles()).toEqual([`.export-${id}-x`]);
    expect(fs.readdirSync(path.join(packsDir(), `.export-${id}-x`))).toEqual(["signatures.csv"]);

    const done = await waitForExport(id, (row) => row.status === "done", 45_000);
    expect(done).toMatchObject({ status: "done", progress: signers.length, total: signers.length, lease_until: null });
    expect(done.started_at! > started_at!).toBe(true);
    expect(exportFiles()).toEqual([]);
    const verified = await verifyWithCli(path.join(packsDir(), done.file!));
    expect(verified.code).toBe(0);
    expect(verified.output).toContain(`Verified signatures: ${signers.length}`);
  });

  it("at start, removes what finished, failed and interrupted exports left behind, and keeps the finished packs", async () => {
    // The newest: older ones beyond a campaign's newest three go by the retention rule (pack-retention.test.ts).
    const finished = query<{ id: number; file: string }>(app, "select id, file from pack_exports where status = 'done' order by id desc limit 1")[0];
    const failed = insertExport({ status: "failed", lease: null });
    const leftovers = [`.export-${finished.id}-y`, `.export-${failed}-y`, ".export-AbC123", `pack-${finished.id}-z.partial`, `pack-${failed}-z.partial`];
    for (const name of leftovers.filter((n) => n.startsWith(".export-"))) leaveFolder(name);
    for (const name of leftovers.filter((n) => n.endsWith(".partial"))) fs.writeFileSync(path.join(packsDir(), name), "PK");
    expect(exportFiles().sort()).toEqual([...leftovers].sort());
    await app.stop();
    await app.restart();
    expect(exportFiles()).toEqual([]);
    expect(fs.readdirSync(packsDir())).toContain(finished.file);
    expect(app.logs()).toContain("Removed files left by pack exports that were interrupted");
  });

  it("a server that stops hands its export back to the queue, and the next start makes it from the beginning", async () => {
    const started = await staff(`/workspace/c/${bigSlug}/pack`, form({}));
    expect(started.status).toBe(302);
    const id = Number(started.headers.get("location")!.match(/started=(\d+)$/)![1]);
    await waitForExport(id, (row) => row.status === "running" && row.progress > 0);
    await app.stop();
    expect(exportRow(id)).toMatchObject({ status: "queued", progress: 0, started_at: null, lease_until: null, file: null });
    expect(exportFiles()).toEqual([]);

    await app.restart();
    const done = await waitForExport(id, (row) => row.status === "done", 90_000);
    expect(done).toMatchObject({ status: "done", progress: bigCount, total: bigCount, lease_until: null });
    expect(exportFiles()).toEqual([]);
  });

  it("the command line makes its export once, while the server restarts beside it", async () => {
    const before = query<{ id: number }>(app, "select max(id) as id from pack_exports")[0].id;
    const out = path.join(work, "big.zip");
    const exporting = cli(["pack:export", bigSlug, "--out", out]);
    const running = await waitFor(() => query<ExportRow>(app, `${exportColumns} where id > ? and progress > 0`, before)[0], 60_000);
    expect(running).toMatchObject({ status: "running", requested_by: null });
    expect(running.lease_until! > new Date().toISOString()).toBe(true);
    await app.stop();
    await app.restart();

    await exporting; // rejects unless the command exits 0
    const rows = query<ExportRow>(app, `${exportColumns} where id > ?`, before);
    expect(rows).toEqual([{ ...running, status: "done", progress: bigCount, total: bigCount, lease_until: null, file: expect.any(String) }]);
    expect(app.logs()).not.toContain(`"packId":${running.id}`);
    expect(exportFiles()).toEqual([]);
    const verified = await verifyWithCli(out);
    expect(verified.code).toBe(0);
    expect(verified.output).toContain(`Verified signatures: ${bigCount}`);
  });
});

describe("the signing key", () => {
  it("is made once under DATA_DIR, readable by the server's user only", () => {
    const file = path.join(app.dataDir, "pack-signing-key.pem");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(crypto.createPrivateKey(fs.readFileSync(file)).asymmetricKeyType).toBe("ed25519");
  });

  it("can be given as PACK_SIGNING_KEY; a key that is not Ed25519 stops start-up with one line that does not show it", async () => {
    const given = crypto.generateKeyPairSync("ed25519");
    const other = await startApp({ PACK_SIGNING_KEY: given.privateKey.export({ type: "pkcs8", format: "pem" }).toString() });
    try {
      const published = await (await fetch(`${other.url}/.well-known/pack-signing-key.pem`)).text();
      expect(published).toBe(given.publicKey.export({ type: "spki", format: "pem" }));
      expect(fs.existsSync(path.join(other.dataDir, "pack-signing-key.pem"))).toBe(false);
    } finally {
      await stopApp(other);
    }

    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    try {
      await run(process.execPath, ["server.js"], {
        cwd: root,
        env: { PATH: process.env.PATH, NODE_ENV: "production", BUILD_DIR: process.env.BUILD_DIR, DATA_DIR: work, PACK_SIGNING_KEY: rsa },
      });
      expect.unreachable("the server should not start");
    } catch (error) {
      const { code, stderr } = error as { code: number; stderr: string };
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([
        'Configuration error: PACK_SIGNING_KEY: PACK_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) (got a value that is not shown)',
      ]);
    }
  });
});

describe("a pack in Welsh and English", { timeout: 90_000 }, () => {
  const bilingual = "gofal-teg-pecyn";
  const welshOnly = "llythyr-cymraeg-pecyn";
  const bodies = {
    cy: "Annwyl Brif Weinidog,\n\nTalwch weithwyr gofal yn **deg**.",
    en: "Dear First Minister,\n\nPay care workers **fairly**.",
  };
  const welshSigner = { name: "Non ap Siôn", email: "non@example.org", location: "Caernarfon" };
  const englishSigner = { name: "Harry Price", email: "harry@example.org", location: "Newport" };
  let pack: Map<string, Buffer>;
  let zipFile: string;
  /** Each language's letter text of the bilingual campaign's first version, as stored. */
  let stored: Record<"cy" | "en", { id: number; letter_version_id: number; sha256: string }>;
  const [cy, en] = [getT("cy"), getT("en")];

  /** A campaign from a file, as `campaign:create` takes it (per-language texts), open for signing. */
  async function createFromFile(campaign: Record<string, unknown>) {
    const file = path.join(work, `${String(campaign.slug)}.json`);
    fs.writeFileSync(file, JSON.stringify(campaign));
    await cli(["campaign:create", "--file", file]);
  }

  beforeAll(async () => {
    await createFromFile({
      slug: bilingual,
      languages: ["cy", "en"],
      title: { cy: "Gofal teg nawr", en: "Fair care now" },
      summary: { cy: "Llythyr agored am ofal.", en: "An open letter about care." },
      body: bodies,
      recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog Cymru", en: "First Minister of Wales" }, role: "to" }],
      status: "open",
    });
    await createFromFile({
      slug: welshOnly,
      language: "cy",
      title: "Llythyr yn Gymraeg yn unig",
      summary: "Llythyr agored.",
      body: "Annwyl Weinidog,\n\nDiolch yn fawr.",
      recipients: [{ name: "Jeremy Miles", title: "Gweinidog", role: "to" }],
      status: "open",
    });
    const texts = query<{ id: number; letter_version_id: number; sha256: string; language: "cy" | "en" }>(
      app,
      "select t.id, t.letter_version_id, t.sha256, t.language from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ?",
      bilingual,
    );
    stored = Object.fromEntries(texts.map(({ language, ...text }) => [language, text])) as typeof stored;
    insertVerifiedSignature(app, bilingual, { ...welshSigner, language: "cy" });
    insertVerifiedSignature(app, bilingual, { ...englishSigner, language: "en" });
    insertVerifiedSignature(app, welshOnly, { name: "Gwen Tomos", email: "gwen@example.org", location: "Bala", language: "cy" });
    zipFile = path.join(work, "bilingual.zip");
    await cli(["pack:export", bilingual, "--out", zipFile]);
    pack = await readZip(zipFile);
  }, 120_000);

  it("gives each signatory's language in signatures.csv and signatures.json", () => {
    expect(stored.cy.sha256).toBe(sha256(bodies.cy));
    expect(stored.en.sha256).toBe(sha256(bodies.en));
    const [header, ...rows] = parseCsv(pack.get("signatures.csv")!.toString());
    const column = (name: string) => header.indexOf(name);
    expect(column("language")).toBeGreaterThan(-1);
    const byName = new Map(rows.map((r) => [r[column("name")], r]));
    expect(rows).toHaveLength(2);
    expect(byName.get(welshSigner.name)![column("language")]).toBe("cy");
    expect(byName.get(welshSigner.name)![column("letter_sha256")]).toBe(stored.cy.sha256);
    expect(byName.get(englishSigner.name)![column("language")]).toBe("en");
    expect(byName.get(englishSigner.name)![column("letter_sha256")]).toBe(stored.en.sha256);

    const json = JSON.parse(pack.get("signatures.json")!.toString()) as { name: string; language: string; letter_sha256: string }[];
    expect(json.map(({ name, language, letter_sha256 }) => ({ name, language, letter_sha256 }))).toEqual([
      { name: welshSigner.name, language: "cy", letter_sha256: stored.cy.sha256 },
      { name: englishSigner.name, language: "en", letter_sha256: stored.en.sha256 },
    ]);
    expect(Object.keys(json[0])).toEqual(header);
  });

  it("lists both languages' letter texts, titles and counts in the signed manifest, and pack:verify accepts it", async () => {
    const manifest = JSON.parse(pack.get("manifest.json")!.toString());
    expect(manifest.letterVersions).toEqual([
      { version: 1, language: "cy", variant: "standard", sha256: stored.cy.sha256 },
      { version: 1, language: "en", variant: "standard", sha256: stored.en.sha256 },
    ]);
    expect(manifest.campaign).toEqual({
      slug: bilingual,
      title: "Gofal teg nawr",
      language: "cy",
      languages: ["cy", "en"],
      titles: { cy: "Gofal teg nawr", en: "Fair care now" },
      recipients: [{ name: "Eluned Morgan", title: "Prif Weinidog Cymru", titles: { cy: "Prif Weinidog Cymru", en: "First Minister of Wales" }, role: "to" }],
    });
    expect(manifest.counts).toEqual({
      signatures: 2,
      bySignerType: { individual: 2 },
      byLanguage: { cy: 1, en: 1 },
      byLetterVersion: [
        { version: 1, language: "cy", variant: "standard", sha256: stored.cy.sha256, signatures: 1 },
        { version: 1, language: "en", variant: "standard", sha256: stored.en.sha256, signatures: 1 },
      ],
      byVariant: { standard: 2, easy_read: 0 },
      assisted: 0,
      bySource: { online: 2, paper: 0, event: 0 },
      supportLetters: 0,
    });
    const result = await verifyWithCli(zipFile);
    expect(result.code).toBe(0);
    expect(result.output).toContain("The pack is intact");
    expect(result.output).toContain("Verified signatures: 2");
  });

  it("writes letter.pdf in Welsh first with English beside it, and each language's letter with its SHA-256", async () => {
    const flat = (await pdfText(pack.get("letter.pdf")!)).replace(/\s+/g, " ");
    // Headings in Welsh with English beside them (the Welsh strings as the translators have them now).
    expect(`${cy("pack.pdf.openLetter")} / ${en("pack.pdf.openLetter")}`).toBe("Llythyr agored / Open letter");
    expect(flat).toContain("Llythyr agored / Open letter");
    expect(flat).toContain("Gofal teg nawr");
    expect(flat).toContain("Fair care now");
    expect(flat.indexOf("Gofal teg nawr")).toBeLessThan(flat.indexOf("Fair care now"));
    expect(flat).toContain(`${cy("pack.pdf.to")} / To`);
    expect(flat).toContain("Eluned Morgan, Prif Weinidog Cymru / First Minister of Wales");
    expect(flat).toContain(`${cy("pack.pdf.signatures", { count: 2 })} / 2 verified signatures`);
    expect(flat).toContain(`${cy("pack.pdf.byLanguage")} / Signed in: Cymraeg 1, English 1`);
    // Each language's letter, headed in both, marked with its language and its SHA-256.
    const letterHeading = `${cy("pack.pdf.letterVersion", { number: 1 })} / The letter, version 1`;
    expect(flat.split(letterHeading)).toHaveLength(3);
    expect(flat).toContain(`${cy("pack.pdf.textLanguage")} / Language: Cymraeg SHA-256 ${stored.cy.sha256}`);
    expect(flat).toContain(`${cy("pack.pdf.textLanguage")} / Language: English SHA-256 ${stored.en.sha256}`);
    expect(flat).toContain("Talwch weithwyr gofal yn deg.");
    expect(flat).toContain("Pay care workers fairly.");
    expect(flat.indexOf("Talwch weithwyr gofal yn deg.")).toBeLessThan(flat.indexOf("Pay care workers fairly."));
    // The table's headings in both, and both signers.
    expect(flat).toContain(`${cy("pack.pdf.signatories", { count: 2 })} / 2 signatories`);
    expect(flat).toContain(`${cy("pack.pdf.name")} Name`);
    expect(flat).toContain(welshSigner.name);
    expect(flat).toContain(englishSigner.name);
    expect(flat).toContain(`${cy("pack.pdf.page", { number: 1 })} / Page 1`);
    // Sentences in Welsh, and in English beneath.
    expect(flat).toContain(`${cy("pack.pdf.hiddenNames")} ${en("pack.pdf.hiddenNames")}`);
    expect(flat).toContain(`${app.url}/cy/verify-pack`);
    expect(flat).toContain(`${app.url}/verify-pack`);
  });

  it("writes a Welsh-only campaign's pack in Welsh alone", async () => {
    const out = path.join(work, "welsh-only.zip");
    await cli(["pack:export", welshOnly, "--out", out]);
    const welsh = await readZip(out);
    const flat = (await pdfText(welsh.get("letter.pdf")!)).replace(/\s+/g, " ");
    expect(flat).toContain(cy("pack.pdf.openLetter"));
    expect(flat).toContain("Llythyr yn Gymraeg yn unig");
    expect(flat).toContain("Diolch yn fawr.");
    expect(flat).toContain(cy("pack.pdf.page", { number: 1 }));
    expect(flat).toContain(cy("pack.pdf.signatures", { count: 1 }));
    expect(flat).toContain(cy("pack.pdf.letterVersion", { number: 1 }));
    for (const english of ["Open letter", "Page 1", "verified signature", "The letter, version", "Name", "English"]) expect(flat).not.toContain(english);
    const manifest = JSON.parse(welsh.get("manifest.json")!.toString());
    expect(manifest.campaign).toMatchObject({ language: "cy", languages: ["cy"], titles: { cy: "Llythyr yn Gymraeg yn unig" } });
    expect(manifest.letterVersions).toEqual([{ version: 1, language: "cy", variant: "standard", sha256: sha256("Annwyl Weinidog,\n\nDiolch yn fawr.") }]);
    const [header, row] = parseCsv(welsh.get("signatures.csv")!.toString());
    expect(row[header.indexOf("language")]).toBe("cy");
  });
});
