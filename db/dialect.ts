import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from "kysely";

// The one place that knows which SQL dialect is underneath: DDL differs, queries do not.

export function isSqlite(db: Kysely<unknown>) {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** An auto-numbered primary key: SQLite's rowid alias, or an identity column on PostgreSQL. */
export function idColumn(db: Kysely<unknown>) {
  return (col: ColumnDefinitionBuilder) =>
    isSqlite(db) ? col.primaryKey().autoIncrement() : col.primaryKey().generatedAlwaysAsIdentity();
}
