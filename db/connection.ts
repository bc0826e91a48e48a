import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { DB } from "./schema";

/** `file:data/undersigned.db`, `sqlite:…` or a plain path → the SQLite file's path. */
export function sqlitePath(databaseUrl: string) {
  return databaseUrl.replace(/^(file|sqlite):(\/\/)?/, "");
}

export function openDatabase(databaseUrl: string) {
  const file = sqlitePath(databaseUrl);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: every commit is fsynced before the supporter is told "saved", so a signature survives
  // a crash of the process and of the machine too (NORMAL would survive only the former).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}
