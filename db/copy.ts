import crypto from "node:crypto";
import fs from "node:fs";
import SQLite from "better-sqlite3";
import { CompiledQuery, type Kysely, sql, type Transaction } from "kysely";
import { isPostgresUrl, openDatabase, sqlitePath } from "./connection";
import { migrateToLatest } from "./migrate";
import { migrations } from "./migrations/index";

// `npm run cli -- db:copy --to postgres://…`: the way up from one SQLite file to PostgreSQL. The
// SQLite database is only read (one read transaction, so every table is copied as of one moment);
// the PostgreSQL one must be empty, is migrated by the same migrations, and receives every row in
// ONE transaction, so a failure anywhere leaves it as empty as it was. Then both are compared.

/** Why a copy was not made: app/cli.ts says each in words (cli.dbCopy.refused.*). */
export type CopyRefusalReason =
  | "targetNotPostgres"
  | "sourceNotSqlite"
  | "sourceMissing"
  | "sourceNotMigrated"
  | "sourceNewer"
  | "targetUnreachable"
  | "targetNotEmpty"
  | "targetMigrationFailed"
  | "targetSchemaDiffers"
  | "copyFailed";

export class CopyRefused extends Error {
  constructor(
    readonly reason: CopyRefusalReason,
    readonly values: Record<string, string | number> = {},
  ) {
    super(`${reason} ${JSON.stringify(values)}`);
  }
}

export interface CopyOptions {
  /** The SQLite database: a `file:` URL (DATABASE_URL). */
  from: string;
  /** The PostgreSQL database: `postgres://…`. */
  to: string;
  /** Rows per read and per insert. */
  batchSize?: number;
  /** Called every `progressEvery` rows of a table, and once at its end. */
  onProgress?: (progress: { table: string; copied: number; total: number }) => void;
  progressEvery?: number;
}

export interface CopyReport {
  /** Every table copied, in the order it was copied (parents before children). */
  tables: { table: string; source: number; target: number }[];
  checksums: { table: string; source: string; target: string }[];
  rows: number;
  seconds: number;
  matches: boolean;
}

/** Tables whose every row is hashed on both sides after the copy: what a count cannot vouch for. */
export const CHECKSUM_TABLES = ["signatures", "letter_texts"];
const MIGRATION_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);

/** A PostgreSQL address as it may be shown: no password. */
export function describeDatabaseUrl(url: string) {
  if (!isPostgresUrl(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface SourceTable {
  name: string;
  columns: string[];
  /** Its primary key's columns, in key order (the order rows are hashed in). */
  key: string[];
  parents: string[];
}

function readSourceTables(source: SQLite.Database): SourceTable[] {
  const names = source
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name")
    .pluck()
    .all() as string[];
  return names
    .filter((name) => !MIGRATION_TABLES.has(name))
    .map((name) => {
      const info = source.prepare(`pragma table_info(${quote(name)})`).all() as { name: string; pk: number }[];
      const parents = (source.prepare(`pragma foreign_key_list(${quote(name)})`).all() as { table: string }[]).map((fk) => fk.table);
      return {
        name,
        columns: info.map((column) => column.name),
        key: info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name),
        parents: [...new Set(parents)].filter((parent) => parent !== name),
      };
    });
}

/** Parents before children (Kahn's algorithm, ties by name so every run copies in the same order). */
export function dependencyOrder<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const waiting = new Map(tables.map((table) => [table.name, new Set(table.parents.filter((parent) => byName.has(parent)))]));
  const ordered: T[] = [];
  while (waiting.size) {
    const ready = [...waiting].filter(([, parents]) => parents.size === 0).map(([name]) => name).sort();
    // The migrations make no cycle of foreign keys; one would need deferred constraints.
    if (!ready.length) throw new Error(`Foreign keys form a cycle among: ${[...waiting.keys()].join(", ")}`);
    for (const name of ready) {
      ordered.push(byName.get(name)!);
      waiting.delete(name);
      for (const parents of waiting.values()) parents.delete(name);
    }
  }
  return ordered;
}

/** One row as the text the checksum hashes: the same for SQLite's values and pg's. */
function rowLine(values: unknown[]) {
  return `${JSON.stringify(values.map((value) => (Buffer.isBuffer(value) ? value.toString("hex") : value instanceof Date ? value.toISOString() : value)))}\n`;
}

function openSource(from: string) {
  if (isPostgresUrl(from)) throw new CopyRefused("sourceNotSqlite", { source: describeDatabaseUrl(from) });
  const file = sqlitePath(from);
  if (file === ":memory:" || !fs.existsSync(file)) throw new CopyRefused("sourceMissing", { file });
  // Read-only: the copy never writes to the database it copies, and may run beside the server.
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  source.pragma("busy_timeout = 5000");
  const hasMigrations = source.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
  const known = Object.keys(migrations);
  if (!hasMigrations) {
    source.close();
    throw new CopyRefused("sourceMissing", { file });
  }
  const applied = new Set(source.prepare("select name from kysely_migration").pluck().all() as string[]);
  const newer = [...applied].filter((name) => !(name in migrations));
  if (newer.length) {
    source.close();
    throw new CopyRefused("sourceNewer", { file, migrations: newer.join(", ") });
  }
  const missing = known.filter((name) => !applied.has(name));
  if (missing.length) {
    source.close();
    throw new CopyRefused("sourceNotMigrated", { file, applied: known.length - missing.length, total: known.length });
  }
  return source;
}

async function reachTarget(to: string) {
  if (!isPostgresUrl(to)) throw new CopyRefused("targetNotPostgres", { target: describeDatabaseUrl(to) });
  // One connection is all a copy uses; a second for the checks that run beside nothing.
  const target = openDatabase(to, { poolSize: 2 }) as unknown as Kysely<unknown>;
  try {
    await sql`select 1`.execute(target);
  } catch (error) {
    await target.destroy().catch(() => undefined);
    throw new CopyRefused("targetUnreachable", { target: describeDatabaseUrl(to), error: (error as Error).message || String(error) });
  }
  return target;
}

/** The first of `tables` that exists in the target and holds a row, if any. */
async function firstTableWithRows(target: Kysely<unknown> | Transaction<unknown>, tables: string[]) {
  const { rows: present } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(target);
  const existing = new Set(present.map((row) => row.table_name));
  for (const table of tables) {
    if (!existing.has(table)) continue;
    const { rows } = await sql<{ found: boolean }>`select exists (select 1 from ${sql.table(table)}) as found`.execute(target);
    if (rows[0]?.found) return table;
  }
  return undefined;
}

/**
 * Every column the source has must be in the target under the same name (the same migrations made
 * both): each one's PostgreSQL type, by table and column (`int4`, `text`…), for the inserts.
 */
async function targetColumnTypes(target: Kysely<unknown>, tables: SourceTable[]) {
  const { rows } = await sql<{ table_name: string; column_name: string; udt_name: string }>`
    select table_name, column_name, udt_name from information_schema.columns where table_schema = current_schema()`.execute(target);
  const types = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row.udt_name]));
  for (const table of tables) {
    for (const column of table.columns) {
      if (!types.has(`${table.name}.${column}`)) throw new CopyRefused("targetSchemaDiffers", { table: table.name, column });
    }
  }
  return types;
}

async function copyTable(
  trx: Transaction<unknown>,
  source: SQLite.Database,
  table: SourceTable,
  types: Map<string, string>,
  { batchSize, progressEvery, onProgress }: Required<Pick<CopyOptions, "batchSize" | "progressEvery">> & Pick<CopyOptions, "onProgress">,
) {
  const total = source.prepare(`select count(*) from ${quote(table.name)}`).pluck().get() as number;
  const columnList = table.columns.map(quote).join(", ");
  // Keyset by rowid: every batch is one indexed range read, however large the table.
  const read = source.prepare(`select rowid, ${columnList} from ${quote(table.name)} where rowid > ? order by rowid limit ?`).raw(true);
  const arrays = table.columns.map((column, i) => `$${i + 1}::${types.get(`${table.name}.${column}`)}[]`).join(", ");
  const insert = `insert into ${quote(table.name)} (${columnList}) select * from unnest(${arrays})`;
  let after = Number.MIN_SAFE_INTEGER;
  let copied = 0;
  let reported = 0;
  for (;;) {
    const rows = read.all(after, batchSize) as unknown[][];
    if (!rows.length) break;
    after = rows[rows.length - 1]![0] as number;
    // One array per column, unnested by the server: a statement of a few parameters, however many rows.
    const parameters = table.columns.map((_, i) => rows.map((row) => row[i + 1]));
    await trx.executeQuery(CompiledQuery.raw(insert, parameters));
    copied += rows.length;
    if (copied - reported >= progressEvery) {
      reported = copied;
      onProgress?.({ table: table.name, copied, total });
    }
  }
  if (copied !== reported || !copied) onProgress?.({ table: table.name, copied, total });
  return copied;
}

/** Each identity sequence moves past the largest id copied, so the next row the app adds gets max + 1. */
async function moveSequencesPastIds(trx: Transaction<unknown>) {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
  for (const { table_name: table, column_name: column } of rows) {
    // is_called false: the next value is exactly max + 1, and 1 for a table left empty.
    await sql`select setval(pg_get_serial_sequence(${quote(table)}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false) from ${sql.table(table)}`.execute(trx);
  }
}

/** The tables in the target whose own triggers (not foreign keys') would fire on a copied row. */
async function tablesWithUserTriggers(trx: Transaction<unknown>) {
  const { rows } = await sql<{ relname: string }>`
    select distinct c.relname from pg_trigger t
      join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where not t.tgisinternal and n.nspname = current_schema()`.execute(trx);
  return rows.map((row) => row.relname);
}

function sourceChecksum(source: SQLite.Database, table: SourceTable) {
  const hash = crypto.createHash("sha256");
  const statement = source.prepare(`select ${table.columns.map(quote).join(", ")} from ${quote(table.name)} order by ${table.key.map(quote).join(", ")}`).raw(true);
  for (const row of statement.iterate() as Iterable<unknown[]>) hash.update(rowLine(row));
  return hash.digest("hex");
}

async function targetChecksum(target: Kysely<unknown>, table: SourceTable, batchSize: number) {
  const hash = crypto.createHash("sha256");
  const [key] = table.key;
  const columnList = table.columns.map(quote).join(", ");
  let after: unknown = null;
  for (;;) {
    const where = after === null ? "" : `where ${quote(key!)} > $1`;
    const { rows } = await target.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(`select ${columnList} from ${quote(table.name)} ${where} order by ${quote(key!)} limit ${batchSize}`, after === null ? [] : [after]),
    );
    if (!rows.length) break;
    for (const row of rows) hash.update(rowLine(table.columns.map((column) => row[column])));
    after = rows[rows.length - 1]![key!];
  }
  return hash.digest("hex");
}

export async function copyToPostgres({ from, to, batchSize = 1_000, progressEvery = 10_000, onProgress }: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  if (!isPostgresUrl(to)) throw new CopyRefused("targetNotPostgres", { target: describeDatabaseUrl(to) });
  const source = openSource(from);
  let target: Kysely<unknown> | undefined;
  try {
    const tables = dependencyOrder(readSourceTables(source));
    target = await reachTarget(to);
    const names = tables.map((table) => table.name);
    // Before migrating, so a database in use is left exactly as it was.
    const holding = await firstTableWithRows(target, names);
    if (holding) throw new CopyRefused("targetNotEmpty", { target: describeDatabaseUrl(to), table: holding });
    await migrateToLatest(target).catch((error: Error) => {
      throw new CopyRefused("targetMigrationFailed", { target: describeDatabaseUrl(to), error: error.message || String(error) });
    });
    const types = await targetColumnTypes(target, tables);

    // One snapshot of the source for the copy and the comparison: a server still writing to it
    // (it should not be) cannot make the two disagree half-way.
    source.exec("begin");
    let copiedRows = 0;
    try {
      await target.transaction().execute(async (trx) => {
        // Asked again inside the transaction: another process may have written since.
        const holdingNow = await firstTableWithRows(trx, names);
        if (holdingNow) throw new CopyRefused("targetNotEmpty", { target: describeDatabaseUrl(to), table: holdingNow });
        // The page-version triggers (2026_12_01_0510) would bump campaigns.page_version for every
        // copied text, count and letter: off for the copy, so each campaign keeps the source's.
        // ALTER TABLE … DISABLE TRIGGER USER needs only ownership of the table (the database's
        // owner ran the migrations), not superuser as session_replication_role would; foreign
        // keys stay enforced (they are internal triggers); it is undone with the transaction.
        const triggered = await tablesWithUserTriggers(trx);
        for (const table of triggered) await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
        for (const table of tables) copiedRows += await copyTable(trx, source, table, types, { batchSize, progressEvery, onProgress });
        for (const table of triggered) await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
        await moveSequencesPastIds(trx);
      });
    } catch (error) {
      if (error instanceof CopyRefused) throw error;
      throw new CopyRefused("copyFailed", { error: (error as Error).message || String(error) });
    }

    const counts = [];
    for (const table of tables) {
      const sourceCount = source.prepare(`select count(*) from ${quote(table.name)}`).pluck().get() as number;
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(target);
      counts.push({ table: table.name, source: sourceCount, target: Number(rows[0]!.n) });
    }
    const checksums = [];
    for (const name of CHECKSUM_TABLES) {
      const table = tables.find((t) => t.name === name);
      if (!table || table.key.length !== 1) continue;
      checksums.push({ table: name, source: sourceChecksum(source, table), target: await targetChecksum(target, table, 5_000) });
    }
    source.exec("commit");
    const matches = counts.every((c) => c.source === c.target) && checksums.every((c) => c.source === c.target);
    return { tables: counts, checksums, rows: copiedRows, seconds: (performance.now() - started) / 1000, matches };
  } finally {
    if (source.inTransaction) source.exec("rollback");
    source.close();
    await target?.destroy();
  }
}
