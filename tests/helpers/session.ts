import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { RunningApp } from "./app";
import { cliBundle } from "./cli";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

export type Browser = (path: string, init?: RequestInit) => Promise<Response>;

/** A tiny browser without JavaScript: keeps the session cookie between requests, follows nothing. */
export function browser(app: RunningApp): Browser {
  let cookie = "";
  return async (path, init = {}) => {
    const response = await fetch(`${app.url}${path}`, { ...init, redirect: "manual", headers: { ...init.headers, cookie } });
    const set = response.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0];
    return response;
  };
}

export const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

/** The campaign editor's form, saving a letter to Ada Minister; `fields` add to or replace what it holds. */
/**
 * The editor's form for an English-only campaign. Its texts are given as plain names ("title",
 * "recipients[1].title") and sent as the editor names them, per language ("title.en").
 */
export const campaignForm = (fields: Record<string, string> & { title: string; slug: string }) => {
  const perLanguage = /^(title|summary|body|thankYou|recipients\[\d+\]\.title)$/;
  const named = Object.fromEntries(Object.entries(fields).map(([name, value]) => [perLanguage.test(name) ? `${name}.en` : name, value]));
  return form({
    languages: "en",
    language: "en",
    "summary.en": "A summary.",
    "body.en": "Dear Minister, please.",
    "recipients[0].name": "Ada Minister",
    "recipients[0].title.en": "Minister",
    "recipients[0].role": "to",
    _action: "save",
    ...named,
  });
};

/** Creates an account with the CLI, as an admin would; returns what it printed. */
export async function createAccount(app: RunningApp, email: string, role: "campaigner" | "staff" | "admin") {
  const { stdout } = await run(process.execPath, [cliBundle(), "user:create", "--email", email, "--role", role], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn" },
  });
  return stdout;
}

/** Creates an account with the CLI (as an admin would) and signs in with the link it prints. */
export async function signInAs(app: RunningApp, email: string, role: "campaigner" | "staff" | "admin") {
  const stdout = await createAccount(app, email, role);
  const link = stdout.match(/\/sign-in\/[\w-]{43}/)?.[0];
  if (!link) throw new Error(`no sign-in link in: ${stdout}`);
  const get = browser(app);
  const response = await get(link, form({}));
  if (response.status !== 302) throw new Error(`sign-in failed: ${response.status}`);
  return get;
}
