import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { cliBundle, createCampaignFromFile } from "../helpers/cli";
import { insertRows, query } from "../helpers/db";
import { pdfFile } from "../helpers/pdf";
import { readZip, sha256 } from "../helpers/zip";

// Issue 19, point 2: letter.pdf carries a PAdES signature a PDF reader shows, over the whole file,
// made after qpdf appended uploaded letters; poppler's pdfsig is the reader here.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const slug = "pdf-signature-pack";

let app: RunningApp;
let work: string;
let letter: Buffer;
let manifest: { files: { path: string; sha256: string }[] };

/** `pack:export` from the command line, with `env` added; resolves with the ZIP's files, rejects on a non-zero exit. */
async function exportPack(name: string, env: Record<string, string> = {}) {
  const out = path.join(work, `${name}.zip`);
  await run(process.execPath, [cliBundle(), "pack:export", slug, "--out", out], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn", ...env },
  });
  return readZip(out);
}

/** What `pdfsig` says of a PDF (it exits non-zero for a bad signature: the output is what counts). */
async function pdfsig(pdf: Buffer, ...args: string[]) {
  const file = path.join(work, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    const { stdout, stderr } = await run("pdfsig", [...args, file], { cwd: work });
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout: string; stderr: string };
    return failed.stdout + failed.stderr;
  }
}

/** The signing certificate inside the PDF's signature (pdfsig -dump, then openssl), as PEM. */
async function signerCertificate(pdf: Buffer) {
  const dir = fs.mkdtempSync(path.join(work, "dump-"));
  const file = path.join(dir, "letter.pdf");
  fs.writeFileSync(file, pdf);
  await run("pdfsig", ["-nocert", "-dump", file], { cwd: dir });
  const dumped = fs.readdirSync(dir).find((name) => name.endsWith(".sig0"))!;
  const { stdout } = await run("openssl", ["pkcs7", "-inform", "DER", "-in", path.join(dir, dumped), "-print_certs"]);
  return new crypto.X509Certificate(stdout.slice(stdout.indexOf("-----BEGIN CERTIFICATE-----")));
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pdf-signature-test-"));
  app = await startApp();
  const created = await createCampaignFromFile(app, {
    slug,
    language: "en",
    title: "Pay carers fairly",
    summary: "An open letter.",
    body: "Dear Minister,\n\nPlease pay care workers **fairly**.",
    recipients: [{ name: "Jane Minister", title: "Minister for Care", role: "to" }],
    status: "open",
  });
  expect(created.code).toBe(0);
  const [text] = query<{ id: number; letter_version_id: number; sha256: string; campaign_id: number }>(
    app,
    "select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ?",
    slug,
  );
  insertRows(
    app,
    "signatures",
    ["Siân Llŷr", "Zoë Brontë", "Łukasz Żółć"].map((name, i) => ({
      campaign_id: text.campaign_id,
      letter_version_id: text.letter_version_id,
      letter_text_id: text.id,
      letter_sha256: text.sha256,
      name,
      email: `signer${i}@example.org`,
      signer_type: "individual",
      location: "Cardiff",
      show_name: 1,
      wants_updates: 0,
      ip_address: "192.0.2.7",
      created_at: "2026-11-20T10:00:00.000Z",
      verified_at: "2026-11-20T10:05:00.000Z",
    })),
  );
  // An approved letter of support with an uploaded PDF, which qpdf appends to letter.pdf before it is signed.
  fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, "uploads", "upload-sig.pdf"), pdfFile("Uploaded letter from Lille: nous soutenons"));
  insertRows(app, "support_letters", [
    {
      campaign_id: text.campaign_id,
      author_name: "Dr Émile Zola",
      email: "emile@uni.example",
      role: null,
      organisation: "Université de Lille",
      country: "FR",
      body: null,
      pdf_file: "upload-sig.pdf",
      status: "approved",
      consent_at: "2026-11-20",
      created_at: "2026-11-20",
      updated_at: "2026-11-20",
    },
  ]);
  const files = await exportPack("first");
  letter = files.get("letter.pdf")!;
  manifest = JSON.parse(files.get("manifest.json")!.toString("utf8")) as typeof manifest;
}, 180_000);

afterAll(async () => {
  await stopApp(app);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("letter.pdf's signature", { timeout: 120_000 }, () => {
  it("is valid, covers the whole file, and is a PAdES (CAdES) signature with SHA-256 by the site's certificate", async () => {
    const said = await pdfsig(letter);
    expect(said).toContain("Signature Validation: Signature is Valid.");
    expect(said).toContain("Total document signed");
    expect(said).toContain("Signature Type: ETSI.CAdES.detached");
    expect(said).toContain("Signing Hash Algorithm: SHA-256");
    expect(said).toContain(`Signer Certificate Common Name: ${new URL(app.url).hostname}`);
    expect(said.match(/Signature #\d+:/g)).toHaveLength(1);
    // The uploaded letter was appended before signing: its text is in the signed file.
    const file = path.join(work, "letter.pdf");
    fs.writeFileSync(file, letter);
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"]);
    expect(stdout).toContain("Uploaded letter from Lille: nous soutenons");
    // The reason and the signer's name a reader shows, in the signature dictionary.
    expect(letter.toString("latin1")).toMatch(/\/Reason <feff[0-9a-f]+>/);
    expect(letter.toString("latin1")).toContain("/SubFilter /ETSI.CAdES.detached");
  });

  it("is reported invalid when one byte inside the signed range changes", async () => {
    const changed = Buffer.from(letter);
    const contents = changed.lastIndexOf("/Contents <");
    const at = Math.floor(contents / 2); // well before the signature's own bytes
    changed[at] = changed[at] === 0x20 ? 0x0a : 0x20;
    const said = await pdfsig(changed);
    expect(said).not.toContain("Signature is Valid.");
    expect(said).toContain("Signature Validation: Digest Mismatch.");
  });

  it("is on the file the manifest hashes", () => {
    expect(manifest.files.find((f) => f.path === "letter.pdf")?.sha256).toBe(sha256(letter));
  });

  it("is made with a certificate kept under DATA_DIR (mode 0600) and used again by the next export", async () => {
    const file = path.join(app.dataDir, "pack-signing-cert.pem");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const kept = new crypto.X509Certificate(fs.readFileSync(file, "utf8").slice(fs.readFileSync(file, "utf8").indexOf("-----BEGIN CERTIFICATE-----")));
    expect(kept.checkPrivateKey(crypto.createPrivateKey(fs.readFileSync(file, "utf8")))).toBe(true);
    expect((await signerCertificate(letter)).fingerprint256).toBe(kept.fingerprint256);

    const again = (await exportPack("second")).get("letter.pdf")!;
    expect(await pdfsig(again)).toContain("Signature Validation: Signature is Valid.");
    expect((await signerCertificate(again)).fingerprint256).toBe(kept.fingerprint256);
  });

  it("uses PACK_SIGNING_CERT when given: a certificate authority's .p12 turned into a PEM bundle as the README says", async () => {
    // A small certificate authority and a certificate it issued, as a .p12 (what a CA hands over).
    const ca = path.join(work, "ca");
    fs.mkdirSync(ca);
    const openssl = (...args: string[]) => run("openssl", args, { cwd: ca });
    await openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "30", "-sha256", "-subj", "/CN=Test Signing CA/O=Test CA Ltd");
    await openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.csr", "-subj", "/CN=Cymdeithas Tai Signatures/O=Cymdeithas Tai");
    await openssl("x509", "-req", "-in", "signer.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "signer.crt", "-days", "30", "-sha256");
    await openssl("pkcs12", "-export", "-inkey", "signer.key", "-in", "signer.crt", "-certfile", "ca.crt", "-out", "signer.p12", "-passout", "pass:secret");
    // The README's command.
    await openssl("pkcs12", "-in", "signer.p12", "-nodes", "-passin", "pass:secret", "-out", "bundle.pem");

    const given = (await exportPack("given", { PACK_SIGNING_CERT: path.join(ca, "bundle.pem") })).get("letter.pdf")!;
    const said = await pdfsig(given);
    expect(said).toContain("Signature Validation: Signature is Valid.");
    expect(said).toContain("Signer Certificate Common Name: Cymdeithas Tai Signatures");
    const signer = new crypto.X509Certificate(fs.readFileSync(path.join(ca, "signer.crt")));
    expect((await signerCertificate(given)).fingerprint256).toBe(signer.fingerprint256);
    // Given as PEM text, the same.
    const asText = (await exportPack("given-text", { PACK_SIGNING_CERT: fs.readFileSync(path.join(ca, "bundle.pem"), "utf8") })).get("letter.pdf")!;
    expect((await signerCertificate(asText)).fingerprint256).toBe(signer.fingerprint256);
  });

  it("stops start-up with one line, not showing it, when PACK_SIGNING_CERT is bad", async () => {
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const someoneElses = fs.readFileSync(path.join(app.dataDir, "pack-signing-cert.pem"), "utf8").replace(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/, "");
    const problem = "PACK_SIGNING_CERT must be a PEM bundle of a private key and its certificate (then any chain), or the path of a file holding one";
    for (const [value, why] of [
      [rsa + someoneElses, "none of its certificates is the private key's"],
      [rsa, "it holds no certificate (-----BEGIN CERTIFICATE-----)"],
      [path.join(work, "no-such-bundle.pem"), "the file cannot be read (ENOENT)"],
    ]) {
      try {
        await run(process.execPath, ["server.js"], {
          cwd: root,
          env: { PATH: process.env.PATH, NODE_ENV: "production", BUILD_DIR: process.env.BUILD_DIR, DATA_DIR: work, PACK_SIGNING_CERT: value },
        });
        expect.unreachable("the server should not start");
      } catch (error) {
        const { code, stderr } = error as { code: number; stderr: string };
        expect(code).toBe(1);
        expect(stderr.trim().split("\n")).toEqual([`Configuration error: PACK_SIGNING_CERT: ${problem}: ${why} (got a value that is not shown)`]);
      }
    }
  });
});
