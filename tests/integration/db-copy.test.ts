import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RunningApp, startApp, stopApp } from "../helpers/app";
import { CLI_TIMEOUT, cliBundle } from "../helpers/cli";
import { query } from "../helpers/db";
import { openCampaign } from "../helpers/fixtures";
import { postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { type PostgresServer, startPostgres } from "../helpers/postgres-server";
import { type Mailbox, startMailbox, verifyLink } from "../helpers/smtp";

// `npm run cli -- db:copy --to postgres://…` (README "Growing to PostgreSQL"): an SQLite database
// the app really wrote, copied into a PostgreSQL server of this file's own, then used by the app.
// The source is always SQLite (DATABASE_URL given to startApp), whichever engine the suite runs on.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const slug = openCampaign.slug;

let server: PostgresServer;
let mailbox: Mailbox;
let dir: string;
let made = 0;

beforeAll(async () => {
  // A free port rather than a fixed one: other suites and benchmarks start servers of their own.
  server = await startPostgres({ port: await freePort(), fast: true });
  mailbox = await startMailbox();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-db-copy-"));
}, 60_000);

afterAll(async () => {
  await mailbox?.close();
  server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function newPostgresDatabase() {
  const name = `copy_${++made}`;
  const client = new pg.Client({ connectionString: `${server.url}/postgres` });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  return `${server.url}/${name}`;
}

/** The CLI as an operator runs it on the server, with DATABASE_URL naming the database it works on. */
async function cli(databaseUrl: string, args: string[], extraEnv: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliBundle(), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: dir, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...extraEnv },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The count the campaign page shows ("3 people have signed"). */
async function pageCount(app: RunningApp) {
  const page = textOf(await (await fetch(`${app.url}/c/${slug}`)).text());
  return Number(/([\d,]+) (?:people have|person has) signed/.exec(page)?.[1]?.replace(/,/g, ""));
}

/** A count row of db:copy's table: `signatures  3  3`. */
const countRow = (table: string, source: number, target: number) => new RegExp(`^${table}\\s+${source}\\s+${target}$`, "m");

const signatureRows = (databaseUrl: string) =>
  query<{ id: number; email: string; letter_sha256: string; verified_at: string | null }>(
    { databaseUrl },
    "select id, email, letter_sha256, verified_at from signatures order by id",
  );

describe("db:copy", () => {
  const source = () => `file:${path.join(dir, "source.db")}`;
  let target: string;

  it("copies the SQLite database the app wrote into an empty PostgreSQL database, which the app then runs on", { timeout: CLI_TIMEOUT * 2 }, async () => {
    // The app on SQLite: a campaign, three signatures, two of them confirmed.
    const campaignFile = path.join(dir, "campaign.json");
    fs.writeFileSync(campaignFile, JSON.stringify(openCampaign));
    expect((await cli(source(), ["campaign:create", "--file", campaignFile])).code).toBe(0);
    const app = await startApp({ DATABASE_URL: source(), SMTP_URL: mailbox.url });
    try {
      // Text that an array literal or a careless copy would mangle: quotes, backslashes, braces, NULL, Welsh, emoji.
      const awkward = { name: `Siân "Ŵ" O'Brien \\ {NULL}`, comment: `Yes, {a,b} "quoted" \\ back,\nslash 🎉`, email: "cerys@example.org" };
      for (const fields of [{ name: "Ann Jones", email: "ann@example.org" }, { name: "Bryn Ellis", email: "bryn@example.org" }, awkward]) {
        expect((await postSignature(app, slug, { ...validSignature, ...fields })).status).toBe(302);
      }
      for (const email of ["ann@example.org", "bryn@example.org"]) await fetch(verifyLink((await mailbox.waitFor(1, email))[0]!));
      await waitForCount(app, slug, 2);
      expect(await pageCount(app)).toBe(2);
    } finally {
      await stopApp(app);
    }

    target = await newPostgresDatabase();
    const copy = await cli(source(), ["db:copy", "--to", target]);
    expect(copy.stderr).not.toMatch(/Error/);
    expect(copy.code).toBe(0);
    expect(copy.stdout).toContain("The copy matches");
    expect(copy.stdout).toMatch(countRow("campaigns", 1, 1));
    expect(copy.stdout).toMatch(countRow("signatures", 3, 3));
    expect(copy.stdout).toMatch(countRow("verification_tokens", 3, 3));
    // Every table, the same number of rows on both sides.
    const counts = [...copy.stdout.matchAll(/^(\w+)\s+(\d+)\s+(\d+)$/gm)];
    expect(counts.length).toBeGreaterThan(30);
    for (const [, table, inSqlite, inPostgres] of counts) expect({ table, rows: inPostgres }).toEqual({ table, rows: inSqlite });
    expect(copy.stdout).toMatch(/SHA-256 of every row of signatures: SQLite ([0-9a-f]{64}), PostgreSQL \1/);
    expect(copy.stdout).toMatch(/SHA-256 of every row of letter_texts: SQLite ([0-9a-f]{64}), PostgreSQL \1/);

    // The same rows under the same ids, each bound to the same letter text; the pages' version kept.
    const copied = signatureRows(target);
    expect(copied).toEqual(signatureRows(source()));
    const texts = "select id, name, comment from signatures order by id";
    expect(query({ databaseUrl: target }, texts)).toEqual(query({ databaseUrl: source() }, texts));
    expect(copied.map((row) => row.letter_sha256)).toEqual(Array(3).fill(expect.stringMatching(/^[0-9a-f]{64}$/)));
    const versions = "select id, page_version from campaigns order by id";
    expect(query({ databaseUrl: target }, versions)).toEqual(query({ databaseUrl: source() }, versions));
    // The triggers that keep it moving were off only for the copy.
    expect(query({ databaseUrl: target }, "select count(*) as n from pg_trigger where not tgisinternal and tgenabled = 'D'")).toEqual([{ n: 0 }]);

    // The app on the copy: the same count, and a new signature takes the next id.
    const onCopy = await startApp({ DATABASE_URL: target, SMTP_URL: mailbox.url });
    try {
      expect(await pageCount(onCopy)).toBe(2);
      expect((await postSignature(onCopy, slug, { ...validSignature, email: "dai@example.org" })).status).toBe(302);
      await fetch(verifyLink((await mailbox.waitFor(1, "dai@example.org"))[0]!));
      await waitForCount(onCopy, slug, 3);
      const ids = signatureRows(target).map((row) => row.id);
      expect(ids).toEqual([...copied.map((row) => row.id), Math.max(...copied.map((row) => row.id)) + 1]);
    } finally {
      await stopApp(onCopy);
    }

    // A second copy into what is now in use is refused, and changes nothing.
    const before = signatureRows(target);
    const again = await cli(source(), ["db:copy", "--to", target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`already holds data`);
    expect(again.stdout).not.toContain("The copy matches");
    expect(signatureRows(target)).toEqual(before);
  });

  it("refuses a missing or wrong --to, a target it cannot reach, and a source that is not SQLite", { timeout: CLI_TIMEOUT }, async () => {
    const missing = await cli(source(), ["db:copy"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("--to is required");

    const notPostgres = await cli(source(), ["db:copy", "--to", `file:${path.join(dir, "other.db")}`]);
    expect(notPostgres.code).not.toBe(0);
    expect(notPostgres.stderr).toContain("--to must be a PostgreSQL address");
    expect(fs.existsSync(path.join(dir, "other.db"))).toBe(false);

    const unreachable = await cli(source(), ["db:copy", "--to", "postgres://postgres:hunter2@127.0.0.1:1/nowhere"]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("Cannot reach the PostgreSQL database postgres://postgres:***@127.0.0.1:1/nowhere");
    expect(unreachable.stderr).not.toContain("hunter2");

    const fresh = await newPostgresDatabase();
    const fromPostgres = await cli(target, ["db:copy", "--to", fresh]);
    expect(fromPostgres.code).toBe(1);
    expect(fromPostgres.stderr).toContain("is a PostgreSQL database already");

    // In Welsh when the shell speaks it.
    const welsh = await cli(source(), ["db:copy"], { LANG: "cy_GB.UTF-8" });
    expect(welsh.stderr).toContain("Mae angen --to");
  });

  it("refuses a source that is not fully migrated, naming what to run", { timeout: CLI_TIMEOUT }, async () => {
    const behind = path.join(dir, "behind.db");
    fs.copyFileSync(path.join(dir, "source.db"), behind);
    const sqlite = new Database(behind);
    sqlite.prepare("delete from kysely_migration where name = (select max(name) from kysely_migration)").run();
    sqlite.close();
    const refused = await cli(`file:${behind}`, ["db:copy", "--to", await newPostgresDatabase()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/has (\d+) of the \d+ migrations applied: run the app or `npm run db:migrate` on it first/);
  });

  it("leaves the target empty when a row cannot be copied, and a second try may then copy", { timeout: CLI_TIMEOUT }, async () => {
    const broken = path.join(dir, "broken.db");
    fs.copyFileSync(path.join(dir, "source.db"), broken);
    const sqlite = new Database(broken);
    // Too large for PostgreSQL's integer: the last signature fails after everything before it went in.
    sqlite.prepare("update signatures set mails_sent = 5000000000 where id = (select max(id) from signatures)").run();
    sqlite.close();
    const into = await newPostgresDatabase();
    const failed = await cli(`file:${broken}`, ["db:copy", "--to", into]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("The copy failed and the PostgreSQL database was left empty: value \"5000000000\" is out of range for type integer");
    for (const table of ["campaigns", "letter_texts", "signatures"]) expect(query({ databaseUrl: into }, `select count(*) as n from ${table}`)).toEqual([{ n: 0 }]);

    const retried = await cli(source(), ["db:copy", "--to", into]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain("The copy matches");
  });

  it("copies 50,000 signatures in batches, and the copy matches", { timeout: CLI_TIMEOUT * 2 }, async () => {
    // The first test's database with 50,000 more signatures, written straight into the file.
    const big = path.join(dir, "big.db");
    fs.copyFileSync(path.join(dir, "source.db"), big);
    const sqlite = new Database(big);
    const columns = (sqlite.prepare("pragma table_info(signatures)").all() as { name: string }[]).map((c) => c.name).filter((c) => c !== "id");
    const copies = columns.map((c) => (c === "email" ? "'bulk-' || n || '@example.org'" : c === "name" ? "'Bulk signer ' || n" : c));
    sqlite.exec(`with recursive counter(n) as (select 1 union all select n + 1 from counter where n < 50000)
      insert into signatures (${columns.join(", ")}) select ${copies.join(", ")} from counter, (select * from signatures where id = (select min(id) from signatures))`);
    const total = (sqlite.prepare("select count(*) from signatures").pluck().get() as number);
    sqlite.close();
    expect(total).toBe(50_003);

    const started = performance.now();
    const copy = await cli(`file:${big}`, ["db:copy", "--to", await newPostgresDatabase()]);
    const seconds = (performance.now() - started) / 1000;
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(countRow("signatures", 50_003, 50_003));
    expect(copy.stdout).toContain("The copy matches");
    // Progress as it goes: every 10,000 rows of a large table.
    expect(copy.stderr).toContain("signatures: 10,000 of 50,003 rows");
    expect(copy.stderr).toContain("signatures: 50,003 of 50,003 rows");
    console.log(`db:copy of 50,003 signatures: ${seconds.toFixed(1)} s with the CLI's start (${copy.stdout.match(/Copied .*/)?.[0]})`);
  });
});
