import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { RunningApp } from "./app";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/** A test that runs the CLI several times gets longer than the usual 30 seconds. */
export const CLI_TIMEOUT = 120_000;

/**
 * The CLI as the tests start it: app/cli.ts bundled once by the global setup (the same code `npm
 * run cli` runs through tsx, without seconds of transpiling at every start). cli-and-config.test.ts
 * runs `tsx app/cli.ts` itself, so the command people type is tested too.
 */
export function cliBundle() {
  const bundle = process.env.TEST_CLI;
  if (!bundle) throw new Error("TEST_CLI is not set: the tests' global setup bundles the CLI");
  return bundle;
}

/** `npm run cli -- …` against the running app's data, as an admin would on its server: its exit code and output, never a throw. */
export async function cli(app: Pick<RunningApp, "dataDir" | "databaseUrl" | "url">, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliBundle(), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `campaign:create --file` with `content` written to a file of its own. */
export function createCampaignFromFile(app: Pick<RunningApp, "dataDir" | "databaseUrl" | "url">, content: unknown) {
  const file = path.join(app.dataDir, `campaign-${crypto.randomBytes(4).toString("hex")}.json`);
  fs.writeFileSync(file, JSON.stringify(content));
  return cli(app, ["campaign:create", "--file", file]);
}
