import Database from "better-sqlite3";
import { createSyncFn } from "synckit";
import { isPostgresUrl, sqlitePath } from "#db/connection";

/** Where a test's app keeps its data: an SQLite file, or its own PostgreSQL database. */
interface HasDatabase {
  databaseUrl: string;
}

const onPostgres = createSyncFn<(url: string, text: string, params: unknown[]) => Promise<{ rows: unknown[]; changes: number }>>(
  new URL("./pg-sync-worker.mjs", import.meta.url).pathname,
);

/** SQLite's `?` placeholders as PostgreSQL's `$1, $2…`, leaving quoted text alone. */
export function numberPlaceholders(text: string) {
  let n = 0;
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === "?" ? `$${++n}` : match));
}

function onPostgresDatabase(url: string, text: string, params: unknown[]) {
  // SQLite stores booleans as 0 and 1, which is what the tests pass; so do our PostgreSQL columns.
  const values = params.map((value) => (typeof value === "boolean" ? Number(value) : value));
  return onPostgres(url, numberPlaceholders(text), values);
}

/** Changes the app's database while the app runs, as another process would: for fixtures a form cannot make. */
export function execute(app: HasDatabase, sql: string, ...params: unknown[]) {
  if (isPostgresUrl(app.databaseUrl)) {
    // An insert tells its new row's id, as SQLite's lastInsertRowid does.
    const insert = /^\s*insert\b/i.test(sql) && !/\breturning\b/i.test(sql);
    const { rows, changes } = onPostgresDatabase(app.databaseUrl, insert ? `${sql.replace(/;\s*$/, "")} returning *` : sql, params);
    return { changes, lastInsertRowid: (rows[0] as { id?: number } | undefined)?.id ?? 0 };
  }
  const db = new Database(sqlitePath(app.databaseUrl));
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** Reads the app's own database to check what was (and was not) stored. */
export function query<T = Record<string, unknown>>(app: HasDatabase, sql: string, ...params: unknown[]): T[] {
  if (isPostgresUrl(app.databaseUrl)) return onPostgresDatabase(app.databaseUrl, sql, params).rows as T[];
  const db = new Database(sqlitePath(app.databaseUrl), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Inserts rows in bulk (fixtures by the thousand), in one transaction on SQLite and in chunks on PostgreSQL; returns their ids. */
export function insertRows(app: HasDatabase, table: string, rows: Record<string, unknown>[]): number[] {
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]!);
  const list = columns.map((column) => `"${column}"`).join(", ");
  if (isPostgresUrl(app.databaseUrl)) {
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += 1_000) {
      const chunk = rows.slice(start, start + 1_000);
      const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(", ")})`).join(", ");
      const params = chunk.flatMap((row) => columns.map((column) => row[column]));
      const { rows: inserted } = onPostgresDatabase(app.databaseUrl, `insert into "${table}" (${list}) values ${values} returning id`, params);
      ids.push(...(inserted as { id: number }[]).map((row) => row.id));
    }
    return ids;
  }
  const db = new Database(sqlitePath(app.databaseUrl));
  try {
    db.pragma("busy_timeout = 5000");
    const insert = db.prepare(`insert into "${table}" (${list}) values (${columns.map(() => "?").join(", ")})`);
    return db.transaction(() =>
      rows.map((row) => Number(insert.run(...columns.map((column) => (typeof row[column] === "boolean" ? Number(row[column]) : row[column]))).lastInsertRowid)),
    )();
  } finally {
    db.close();
  }
}

/** The app's own tables (not the engine's). */
export function tableNames(app: HasDatabase) {
  const sql = isPostgresUrl(app.databaseUrl)
    ? "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'"
    : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'";
  return query<{ name: string }>(app, sql).map((row) => row.name);
}

/** The triggers whose names contain `part`, with their tables. */
export function triggers(app: HasDatabase, part: string) {
  const sql = isPostgresUrl(app.databaseUrl)
    ? "select tgname as name, tgrelid::regclass::text as tbl_name from pg_trigger where not tgisinternal and tgname like ?"
    : "select name, tbl_name from sqlite_master where type = 'trigger' and name like ?";
  return query<{ name: string; tbl_name: string }>(app, sql, `%${part}%`);
}
