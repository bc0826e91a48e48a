import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { CLI_TIMEOUT, cli as runCli } from "../helpers/cli";
import { query } from "../helpers/db";
import { postSignature, validSignature } from "../helpers/http";
import { withAppAndMailbox } from "../helpers/smtp";
import { testPostgresUrl } from "../helpers/test-database";

// `npm run cli -- db:backup --out FILE`: an online copy of the SQLite database, taken while the
// server signs and writes, that holds everything committed before it began.

let app: RunningApp;
// Behind a proxy, so each signer has an address of its own (the sign-up rate limit is per address).
withAppAndMailbox((started) => ({ app } = started), { env: { TRUST_PROXY: "1" } });

const cli = (args: string[]) => runCli(app, args);

const signatureIds = () => query<{ id: number }>(app, "select id from signatures order by id").map((row) => row.id);

describe.skipIf(testPostgresUrl)("db:backup on SQLite", () => {
  it(
    "copies the database while signatures keep arriving: the copy is sound and holds what was committed before it began",
    async () => {
      let signing = true;
      let sent = 0;
      // Four signers at a time, each posting the form again as soon as it is answered.
      const signers = Array.from({ length: 4 }, async (_, signer) => {
        while (signing) {
          const n = sent++;
          const response = await postSignature(
            app,
            "fair-care-now",
            { ...validSignature, name: `Signer ${n}`, email: `backup-${signer}-${n}@example.org` },
            { "X-Forwarded-For": `10.0.${n >> 8}.${n & 255}` },
          );
          expect(response.status).toBe(302);
        }
      });
      try {
        while (signatureIds().length < 40) await new Promise((resolve) => setTimeout(resolve, 50));
        const committedBefore = signatureIds();
        const out = path.join(app.dataDir, "backup.db");
        const backup = await cli(["db:backup", "--out", out]);
        // Signing went on while the command ran.
        const committedAfter = signatureIds();
        expect(committedAfter.length).toBeGreaterThan(committedBefore.length);
        expect(backup.stderr).toBe("");
        expect(backup.code).toBe(0);
        expect(backup.stdout).toContain(`to ${out} (`);
        expect(backup.stdout).toContain("Integrity check: ok.");
        expect(backup.stdout).toMatch(/Rows in the backup: .*signatures \d/);
        expect(backup.stdout).toContain("delete the -wal and -shm files");

        // One self-contained file (not WAL), sound, holding every signature committed before.
        expect(fs.existsSync(`${out}-wal`)).toBe(false);
        const copy = new Database(out, { readonly: true, fileMustExist: true });
        try {
          expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
          expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
          expect(copy.pragma("foreign_key_check")).toEqual([]);
          const inCopy = new Set((copy.prepare("select id from signatures").pluck().all() as number[]));
          expect(committedBefore.filter((id) => !inCopy.has(id))).toEqual([]);
          // And nothing that was not committed by its end: a snapshot, not a mixture.
          expect([...inCopy].filter((id) => !committedAfter.includes(id))).toEqual([]);
          // The printed count is the copy's.
          expect(backup.stdout).toContain(`signatures ${inCopy.size.toLocaleString("en")}`);
          // Each signature's confirmation mail went into the same transaction, so the copy has its outbox row too.
          const withoutMail = copy
            .prepare("select count(*) from signatures s where not exists (select 1 from outbox o where o.recipient = s.email)")
            .pluck()
            .get();
          expect(withoutMail).toBe(0);
        } finally {
          copy.close();
        }
      } finally {
        signing = false;
        await Promise.all(signers);
      }
    },
    CLI_TIMEOUT,
  );

  it("refuses a file that exists already, and leaves it as it was", async () => {
    const out = path.join(app.dataDir, "taken.db");
    fs.writeFileSync(out, "not a database");
    const refused = await cli(["db:backup", "--out", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${out} exists already: name a new file`);
    expect(fs.readFileSync(out, "utf8")).toBe("not a database");
  }, CLI_TIMEOUT);

  it("says what is missing: --out, or the folder to write in", async () => {
    const missing = await cli(["db:backup"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--out is required");
    expect(missing.stderr).toContain("Usage: npm run cli -- db:backup --out backup.db");
    const noFolder = await cli(["db:backup", "--out", path.join(app.dataDir, "no-such-folder", "backup.db")]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toContain("There is no folder");
  }, CLI_TIMEOUT);
});

describe.runIf(testPostgresUrl)("db:backup on PostgreSQL", () => {
  it("refuses, and points at pg_dump", async () => {
    const out = path.join(app.dataDir, "backup.db");
    const refused = await cli(["db:backup", "--out", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("`DATABASE_URL` is a PostgreSQL database: back it up with PostgreSQL's own tools (`pg_dump`");
    expect(fs.existsSync(out)).toBe(false);
  }, CLI_TIMEOUT);
});
