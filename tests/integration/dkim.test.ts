import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { dkimVerify } from "mailauth/lib/dkim/verify";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RunningApp, startApp, stopApp } from "../helpers/app";
import { CLI_TIMEOUT, cliBundle } from "../helpers/cli";
import { postSignature, validSignature } from "../helpers/http";

// DKIM: with DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY set, every mail is signed (nodemailer's
// own DKIM signing), and `dkim:record` prints the DNS record that lets a receiver check it. The
// receiver here is a real SMTP server that keeps each message's raw bytes, checked with mailauth
// (the verifier mail servers use) against the record dkim:record printed.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const publicKeyBase64 = publicKey.export({ type: "spki", format: "der" }).toString("base64");
const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-dkim-"));
const keyFile = path.join(keyDir, "dkim.pem");
fs.writeFileSync(keyFile, privatePem, { mode: 0o600 });

const dkim = { DKIM_DOMAIN: "letters.example.org", DKIM_SELECTOR: "undersigned2026", MAIL_FROM: "Undersigned <noreply@letters.example.org>" };

let app: RunningApp;
let smtp: SMTPServer;
const received: Buffer[] = [];

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  // The key as the path of a PEM file, as a deployment keeps it (docs/deploy.md).
  app = await startApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, ...dkim, DKIM_PRIVATE_KEY: keyFile });
});

afterAll(async () => {
  await stopApp(app);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  fs.rmSync(keyDir, { recursive: true, force: true });
});

/** The CLI with the app's data and `env` (the DKIM settings or not). */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliBundle(), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function waitForMail(count: number) {
  const deadline = Date.now() + 15_000;
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`Expected ${count} message(s), got ${received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return received;
}

describe("DKIM", () => {
  it(
    "prints the DNS record to publish: the public half of the key, at {selector}._domainkey.{domain}",
    async () => {
      // The key as PEM text this time: either works.
      const printed = await cli(["dkim:record"], { ...dkim, DKIM_PRIVATE_KEY: privatePem });
      expect(printed.stderr).toBe("");
      expect(printed.code).toBe(0);
      expect(printed.stdout).toContain("Name: undersigned2026._domainkey.letters.example.org\n");
      expect(printed.stdout).toContain(`Value: v=DKIM1; k=rsa; p=${publicKeyBase64}\n`);
      // The zone file's line: the same value in strings of at most 255 characters.
      const zoneLine = printed.stdout.split("\n").find((line) => line.startsWith("undersigned2026._domainkey.letters.example.org. IN TXT ("));
      const strings = [...(zoneLine ?? "").matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      expect(strings.length).toBeGreaterThan(1);
      for (const part of strings) expect(part.length).toBeLessThanOrEqual(255);
      expect(strings.join("")).toBe(`v=DKIM1; k=rsa; p=${publicKeyBase64}`);
    },
    CLI_TIMEOUT,
  );

  it(
    "signs the mail a signature sends, and the signature verifies against the record dkim:record printed",
    async () => {
      const printed = await cli(["dkim:record"], { ...dkim, DKIM_PRIVATE_KEY: keyFile });
      const record = /^ {2}Value: (.+)$/m.exec(printed.stdout)?.[1];
      expect(record).toBe(`v=DKIM1; k=rsa; p=${publicKeyBase64}`);

      expect((await postSignature(app, "fair-care-now", validSignature)).status).toBe(302);
      const [raw] = await waitForMail(1);
      const header = /^DKIM-Signature:((?:.*\r?\n[ \t].*)*.*)/im.exec(raw.toString("utf8"))?.[1].replace(/\s+/g, "");
      expect(header).toBeDefined();
      expect(header).toContain("d=letters.example.org;");
      expect(header).toContain("s=undersigned2026;");

      const lookups: string[] = [];
      const result = await dkimVerify(raw, {
        resolver: async (name: string, type: string) => {
          lookups.push(`${type} ${name}`);
          if (type === "TXT" && name === "undersigned2026._domainkey.letters.example.org") return [[record!]];
          throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
        },
      });
      expect(lookups).toContain("TXT undersigned2026._domainkey.letters.example.org");
      expect(result.results).toHaveLength(1);
      expect(result.results[0].signingDomain).toBe("letters.example.org");
      expect(result.results[0].selector).toBe("undersigned2026");
      expect(result.results[0].status.result).toBe("pass");

      // A message changed on the way fails: the check is real.
      const tampered = Buffer.from(raw.toString("utf8").replace("Ann Jones", "Mal Icious"));
      expect(tampered.equals(raw)).toBe(false);
      const broken = await dkimVerify(tampered, { resolver: async () => [[record!]] });
      expect(broken.results[0].status.result).not.toBe("pass");
      expect(broken.results[0].status.comment).toMatch(/body hash did not verify/);
    },
    CLI_TIMEOUT,
  );

  it(
    "dkim:record refuses, saying what to set, without the settings",
    async () => {
      const refused = await cli(["dkim:record"], {});
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr.trim()).toBe(
        "DKIM is not set up: set `DKIM_DOMAIN`, `DKIM_SELECTOR` and `DKIM_PRIVATE_KEY` (docs/deploy.md), then run dkim:record again.",
      );
    },
    CLI_TIMEOUT,
  );

  it.each([
    [{ DKIM_DOMAIN: "letters.example.org", DKIM_SELECTOR: "s1" }, "Configuration error: DKIM_PRIVATE_KEY: DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together"],
    [{ DKIM_PRIVATE_KEY: "/nowhere.pem" }, "Configuration error: DKIM_DOMAIN and DKIM_SELECTOR: DKIM needs"],
    [{ ...dkim, DKIM_PRIVATE_KEY: path.join(os.tmpdir(), "no-such-dkim-key.pem") }, "DKIM_PRIVATE_KEY must be an RSA private key (1024 bits or more) in PEM, or the path of a PEM file holding one (got the path"],
    [
      { ...dkim, DKIM_PRIVATE_KEY: crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
      "DKIM_PRIVATE_KEY must be an RSA private key (1024 bits or more) in PEM, or the path of a PEM file holding one (got a value that is not shown)",
    ],
  ])("settings that do not go together stop start-up with one line (%#)", async (env, message) => {
    try {
      await run(process.execPath, ["server.js"], {
        cwd: root,
        env: { PATH: process.env.PATH, NODE_ENV: "production", BUILD_DIR: process.env.BUILD_DIR, DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PORT: String(await freePort()), ...env },
      });
      expect.unreachable("the server should not start");
    } catch (error) {
      const { code, stderr } = error as { code: number; stderr: string };
      expect(code).toBe(1);
      const lines = stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(message);
      expect(lines[0]).not.toContain("BEGIN");
    }
  }, CLI_TIMEOUT);
});
