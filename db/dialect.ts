import { type ColumnDefinitionBuilder, type Kysely, sql, SqliteAdapter } from "kysely";

// The one place that knows which SQL dialect is underneath: DDL differs, queries do not.

// Any Kysely or transaction, whatever its tables: only the adapter underneath is asked about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isSqlite(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * An auto-numbered primary key: SQLite's rowid alias, or an identity column on PostgreSQL (by
 * default, so a copy from SQLite can keep its ids; `db:copy` moves the sequence past them).
 */
export function idColumn(db: Kysely<unknown>) {
  return (col: ColumnDefinitionBuilder) =>
    isSqlite(db) ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity();
}

/**
 * Lets a column hold NULL. PostgreSQL alters it in place; SQLite cannot, so the table is rebuilt
 * as SQLite's documentation describes (foreign keys off, a copy with the column relaxed, the old
 * table dropped, the copy renamed, its indexes and triggers made again, the foreign keys checked), in one
 * transaction. SQLite migrations run outside a transaction (Kysely: no transactional DDL there),
 * which is what lets the foreign-key pragma change.
 */
export async function dropNotNull(db: Kysely<unknown>, table: string, column: string) {
  if (!isSqlite(db)) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop not null`.execute(db);
    return;
  }
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`select type, name, sql from sqlite_master where tbl_name = ${table}`.execute(db);
  const create = rows.find((row) => row.type === "table")?.sql;
  if (!create) throw new Error(`No table ${table}`);
  const relaxed = create.replace(new RegExp(`("${column}"\\s+\\w+)\\s+not null`, "i"), "$1");
  if (relaxed === create) throw new Error(`${table}.${column} is not declared NOT NULL as expected`);
  const copy = `${table}_relaxed`;
  // Its indexes and triggers go with the old table: they are made again on the copy.
  const dependents = rows.filter((row) => (row.type === "index" || row.type === "trigger") && row.sql).map((row) => row.sql!);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    await sql.raw(relaxed.replace(/^create table\s+"?\w+"?/i, `create table "${copy}"`)).execute(db);
    await sql.raw(`insert into "${copy}" select * from "${table}"`).execute(db);
    await sql.raw(`drop table "${table}"`).execute(db);
    await sql.raw(`alter table "${copy}" rename to "${table}"`).execute(db);
    for (const dependent of dependents) await sql.raw(dependent).execute(db);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length) throw new Error(`Foreign keys broken by relaxing ${table}.${column}`);
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
