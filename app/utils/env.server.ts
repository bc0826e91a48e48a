import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDirFromEnv, databaseUrlFromEnv } from "#db/url";
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
    .regex(/^(file:|sqlite:)/, "DATABASE_URL must be an SQLite URL like file:data/undersigned.db (PostgreSQL is not wired in yet)"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "PUBLIC_URL must be an http(s) address like https://undersigned.example" }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465" }).optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, "MAIL_FROM must be an address like \"Undersigned <noreply@example.org>\"")
    .default("Undersigned <noreply@undersigned.localhost>"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters long").optional(),
  SEED_DEMO: flag("SEED_DEMO").default(true),
  TRUST_PROXY: flag("TRUST_PROXY").default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PACK_SIGNING_KEY: z
    .string()
    .refine(isEd25519PrivateKey, "PACK_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)")
    .optional(),
});

/** Secrets are never echoed in a configuration error. */
const secretNames = new Set(["SESSION_SECRET", "PACK_SIGNING_KEY"]);

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
  };
}

/** A secret generated once and kept under data/, so sessions survive restarts without setup. */
function readOrCreateSecret(file: string) {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("hex");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const env = singleton("env", loadEnv);
