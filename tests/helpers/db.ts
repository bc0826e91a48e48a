import Database from "better-sqlite3";
import type { RunningApp } from "./app";

/** Changes the app's SQLite file while the app runs, as another process would: for fixtures a form cannot make. */
export function execute(app: RunningApp, sql: string, ...params: unknown[]) {
  const db = new Database(app.databaseFile);
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** Reads the app's own SQLite file, read-only, to check what was (and was not) stored. */
export function query<T = Record<string, unknown>>(app: RunningApp, sql: string, ...params: unknown[]): T[] {
  const db = new Database(app.databaseFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
