import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { query } from "../helpers/db";
import { openCampaign } from "../helpers/fixtures";
import { dropTestDatabase, newTestDatabase } from "../helpers/test-database";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
let dataDir: string;
let databaseUrl: string;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-cli-"));
  databaseUrl = await newTestDatabase(dataDir);
});
afterEach(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await dropTestDatabase(databaseUrl);
});

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "app/cli.ts", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PUBLIC_URL: "https://letters.example", LOG_LEVEL: "warn", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function writeFile(content: unknown) {
  const file = path.join(dataDir, "campaign.json");
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const campaignCount = async () => query<{ n: number }>({ databaseUrl }, "select count(*) as n from campaigns")[0]!.n;

describe("npm run cli -- campaign:create", () => {
  it("creates a campaign from a valid file and prints its address", async () => {
    const before = await campaignCount();
    const file = writeFile({ ...openCampaign, slug: "from-a-file", closesAt: "2027-03-31" });
    const { code, stdout } = await cli(["campaign:create", "--file", file]);
    expect(code).toBe(0);
    expect(stdout).toContain("https://letters.example/c/from-a-file");
    expect(await campaignCount()).toBe(before + 1);
  });

  it("names every bad field and writes nothing", async () => {
    const before = await campaignCount();
    const file = writeFile({
      slug: "Not A Slug",
      title: "",
      summary: "ok",
      body: "ok",
      language: "fr",
      recipients: [{ name: "A", title: "B", role: "bcc", email: "nope" }],
      goal: 2.5,
      closesAt: "next week",
    });
    const { code, stderr } = await cli(["campaign:create", "--file", file]);
    expect(code).toBe(1);
    for (const line of [
      "slug: use lower-case letters, digits and single hyphens",
      "title: enter a title",
      'language: must be "en" or "cy"',
      "recipients[0].email: enter an email address",
      'recipients[0].role: must be "to" or "cc"',
      "goal: must be a whole number more than 0",
      "closesAt: must be a date like 2027-03-31",
    ]) {
      expect(stderr).toContain(line);
    }
    expect(await campaignCount()).toBe(before);
  });

  it("refuses a slug that is taken, and a file that is not JSON", async () => {
    const taken = await cli(["campaign:create", "--file", writeFile(openCampaign)]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('slug: "fair-care-now" is already used by another campaign');
    const broken = await cli(["campaign:create", "--file", writeFile("{ not json")]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("is not valid JSON");
  });
});

describe("configuration", () => {
  it.each([
    ["PORT", "eighty", "PORT"],
    ["PUBLIC_URL", "not a url", "PUBLIC_URL must be an http(s) address"],
    ["SMTP_URL", "http://mail.example", "SMTP_URL must look like smtp://"],
    ["SESSION_SECRET", "short", "SESSION_SECRET must be at least 32 characters"],
    ["TRUST_PROXY", "maybe", "TRUST_PROXY must be 1, 0, true or false"],
  ])("a bad %s stops start-up with one line naming it", async (name, value, message) => {
    try {
      await run(process.execPath, ["server.js"], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: "production", BUILD_DIR: process.env.BUILD_DIR, DATA_DIR: dataDir, [name]: value } });
      expect.unreachable("the server should not start");
    } catch (error) {
      const { code, stderr } = error as { code: number; stderr: string };
      expect(code).toBe(1);
      const lines = stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Configuration error: ${name}`);
      expect(lines[0]).toContain(message);
    }
  });
});
