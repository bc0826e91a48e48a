import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDirFromEnv, databaseUrlFromEnv } from "#db/url";
import { parseCertBundle } from "./pdf-signing.server";
import { singleton } from "./singleton.server";

const flag = (name: string) =>
  z.enum(["0", "1", "true", "false"], { error: `${name} must be 1, 0, true or false` }).transform((v) => v === "1" || v === "true");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce
    .number({ error: "PORT must be a whole number from 1 to 65535" })
    .int("PORT must be a whole number from 1 to 65535")
    .min(1, "PORT must be a whole number from 1 to 65535")
    .max(65535, "PORT must be a whole number from 1 to 65535")
    .default(3000),
  DATA_DIR: z.string().min(1),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|sqlite:|postgres:\/\/|postgresql:\/\/)/,
      "DATABASE_URL must be an SQLite file like file:data/undersigned.db or a PostgreSQL address like postgres://user:password@host/undersigned",
    ),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "PUBLIC_URL must be an http(s) address like https://undersigned.example" }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465" }).optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, "MAIL_FROM must be an address like \"Undersigned <noreply@example.org>\"")
    .default("Undersigned <noreply@undersigned.localhost>"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters long").optional(),
  SEED_DEMO: flag("SEED_DEMO").default(true),
  TRUST_PROXY: flag("TRUST_PROXY").default(false),
  // Whether this app process sends the outbox (mail and webhooks). 0 when one process started with
  // `npm run sender` sends for every app process (README, "Several processes").
  OUTBOX_SENDER: flag("OUTBOX_SENDER").default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PACK_SIGNING_KEY: z
    .string()
    .refine(isEd25519PrivateKey, "PACK_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)")
    .optional(),
  // The certificate that signs letter.pdf (utils/pack-cert.server.ts): a PEM bundle, or the path of a file holding one.
  PACK_SIGNING_CERT: z.string().transform(readCertBundle).optional(),
  // DKIM signing of every mail: all three or none (dkimSettings, below).
  DKIM_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "DKIM_DOMAIN must be a domain name like example.org")
    .optional(),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i, "DKIM_SELECTOR must be a DNS label like mail2026")
    .optional(),
  DKIM_PRIVATE_KEY: z.string().optional(),
  // Share images (app/services/share-image.server.ts): redrawn for a moved count at most this often.
  SHARE_IMAGE_REDRAW_SECONDS: z.coerce
    .number({ error: "SHARE_IMAGE_REDRAW_SECONDS must be a whole number of seconds from 0 to 3600" })
    .int("SHARE_IMAGE_REDRAW_SECONDS must be a whole number of seconds from 0 to 3600")
    .min(0, "SHARE_IMAGE_REDRAW_SECONDS must be a whole number of seconds from 0 to 3600")
    .max(3600, "SHARE_IMAGE_REDRAW_SECONDS must be a whole number of seconds from 0 to 3600")
    .default(30),
  // Webhooks: host:port pairs (comma-separated) a webhook may reach over http and at a private
  // address, for development and tests only (app/utils/webhook-delivery.server.ts).
  WEBHOOK_ALLOW_HOSTS: z
    .string()
    .transform((value) => value.split(",").map((each) => each.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\[[0-9a-f:.]+\]|[^\s:/[\]]+):\d{1,5}$/, "WEBHOOK_ALLOW_HOSTS must be host:port pairs separated by commas, like 127.0.0.1:8080")))
    .default([]),
});

/** Secrets are never echoed in a configuration error. */
const secretNames = new Set(["SESSION_SECRET", "PACK_SIGNING_KEY", "PACK_SIGNING_CERT", "DKIM_PRIVATE_KEY"]);

/** PACK_SIGNING_CERT: PEM text (with -----BEGIN … blocks) or a file's path, read once here and checked whole. */
function readCertBundle(value: string, ctx: z.RefinementCtx) {
  const problem = "PACK_SIGNING_CERT must be a PEM bundle of a private key and its certificate (then any chain), or the path of a file holding one";
  let pem = value;
  // openssl pkcs12 writes "Bag Attributes" lines before each block: anything holding a PEM block is PEM text.
  if (!value.includes("-----BEGIN")) {
    try {
      pem = fs.readFileSync(value, "utf8");
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `${problem}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? "unreadable"})` });
      return z.NEVER;
    }
  }
  try {
    parseCertBundle(pem);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `${problem}: ${(error as Error).message}` });
    return z.NEVER;
  }
  return pem;
}

function isEd25519PrivateKey(pem: string) {
  try {
    return crypto.createPrivateKey(pem).asymmetricKeyType === "ed25519";
  } catch {
    return false;
  }
}

export class EnvError extends Error {}

function loadEnv() {
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse({ ...raw, DATA_DIR: dataDirFromEnv(), DATABASE_URL: databaseUrlFromEnv() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    const got = secretNames.has(name) ? "a value that is not shown" : JSON.stringify(raw[name]);
    throw new EnvError(`Configuration error: ${name}: ${issue.message} (got ${got})`);
  }
  const env = parsed.data;
  return {
    ...env,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    SESSION_SECRET: env.SESSION_SECRET ?? readOrCreateSecret(path.join(env.DATA_DIR, "session-secret")),
    OUTBOX_DIR: path.join(env.DATA_DIR, "outbox"),
    /** Uploaded files (support letters PDFs): outside any public folder, served only through the app. */
    UPLOADS_DIR: path.join(env.DATA_DIR, "uploads"),
    /** Exported signature packs (ZIP files), served only to staff and to delivery links. */
    PACKS_DIR: path.join(env.DATA_DIR, "packs"),
    /** Set when mail is DKIM-signed: nodemailer's `dkim` option. */
    DKIM: dkimSettings(env),
  };
}

/**
 * DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY, all three or none. The key is PEM text
 * (-----BEGIN …) or the path of a PEM file, read once here; an RSA key of 1024 bits or more, as
 * the `k=rsa` record `npm run cli -- dkim:record` prints.
 */
function dkimSettings(env: z.infer<typeof EnvSchema>) {
  const given = { DKIM_DOMAIN: env.DKIM_DOMAIN, DKIM_SELECTOR: env.DKIM_SELECTOR, DKIM_PRIVATE_KEY: env.DKIM_PRIVATE_KEY };
  const missing = Object.entries(given).filter(([, value]) => value === undefined).map(([name]) => name);
  if (missing.length === 3) return undefined;
  if (missing.length) {
    throw new EnvError(`Configuration error: ${missing.join(" and ")}: DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together (or none of them)`);
  }
  const keyProblem = "DKIM_PRIVATE_KEY must be an RSA private key (1024 bits or more) in PEM, or the path of a PEM file holding one";
  let pem = env.DKIM_PRIVATE_KEY!;
  if (!pem.trimStart().startsWith("-----BEGIN")) {
    try {
      pem = fs.readFileSync(pem, "utf8");
    } catch (error) {
      throw new EnvError(`Configuration error: DKIM_PRIVATE_KEY: ${keyProblem} (got the path ${JSON.stringify(env.DKIM_PRIVATE_KEY)}, which cannot be read: ${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  }
  const key = (() => {
    try {
      return crypto.createPrivateKey(pem);
    } catch {
      return undefined;
    }
  })();
  if (key?.asymmetricKeyType !== "rsa" || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) {
    throw new EnvError(`Configuration error: DKIM_PRIVATE_KEY: ${keyProblem} (got a value that is not shown)`);
  }
  return { domainName: env.DKIM_DOMAIN!.toLowerCase(), keySelector: env.DKIM_SELECTOR!, privateKey: pem };
}

/** A secret generated once and kept under data/, so sessions survive restarts without setup. */
function readOrCreateSecret(file: string) {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("hex");
  try {
    // "wx": of two processes starting together for the first time, one writes and both read it.
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return fs.readFileSync(file, "utf8").trim();
  }
  return secret;
}

export const env = singleton("env", loadEnv);
