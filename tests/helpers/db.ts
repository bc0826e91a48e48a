import Database from "better-sqlite3";
import type { RunningApp } from "./app";

/** Reads the app's own SQLite file, read-only, to check what was (and was not) stored. */
export function query<T = Record<string, unknown>>(app: RunningApp, sql: string, ...params: unknown[]): T[] {
  const db = new Database(app.databaseFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
