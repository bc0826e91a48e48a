import fs from "node:fs";
import SQLite from "better-sqlite3";
import { sqlitePath } from "#db/connection";

// The SQLite database copied while the server serves and writes: SQLite's online backup API on a
// connection of its own, not Kysely's (which has no way to it). Only for `npm run cli -- db:backup`.

export interface BackupSummary {
  /** The database file that was copied. */
  source: string;
  bytes: number;
  integrity: string;
  /** Rows per table in the copy, by table name. */
  rows: Record<string, number>;
}

/**
 * Copies the database into `out` (which must not exist) and checks the copy. The copy is taken in
 * one step of the backup API, so one read transaction: a consistent snapshot holding everything
 * committed before it began. In WAL mode a reader never blocks the server's writes, and a step
 * that took all the pages cannot be restarted by them (a backup in small steps starts again after
 * every write from another connection, and under steady signing might never end). The copy is
 * written beside `out` and renamed into place once checked, so `out` is never half a database.
 */
export async function backupSqliteDatabase({ databaseUrl, out }: { databaseUrl: string; out: string }): Promise<BackupSummary> {
  const source = sqlitePath(databaseUrl);
  const partial = `${out}.partial-${process.pid}`;
  const live = new SQLite(source, { fileMustExist: true });
  try {
    live.pragma("busy_timeout = 5000");
    await live.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    live.close();
  }
  try {
    const copy = new SQLite(partial, { fileMustExist: true });
    let summary: Omit<BackupSummary, "bytes" | "source">;
    try {
      // The copy keeps the live database's WAL mode; a backup is one self-contained file.
      copy.pragma("journal_mode = DELETE");
      const integrity = (copy.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check).join("; ");
      const tables = copy
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name")
        .pluck()
        .all() as string[];
      const rows = Object.fromEntries(tables.map((table) => [table, copy.prepare(`select count(*) from "${table.replace(/"/g, '""')}"`).pluck().get() as number]));
      summary = { integrity, rows };
    } finally {
      copy.close();
    }
    fs.renameSync(partial, out);
    return { source, bytes: fs.statSync(out).size, ...summary };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
