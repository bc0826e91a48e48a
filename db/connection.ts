import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from "kysely";
import pg from "pg";
import Cursor from "pg-cursor";
import type { DB } from "./schema";

/** `postgres://…` or `postgresql://…` is PostgreSQL; anything else is an SQLite file. */
export function isPostgresUrl(databaseUrl: string) {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/** `file:data/undersigned.db`, `sqlite:…` or a plain path → the SQLite file's path. */
export function sqlitePath(databaseUrl: string) {
  return databaseUrl.replace(/^(file|sqlite):(\/\/)?/, "");
}

export function openDatabase(databaseUrl: string, { poolSize = 10 } = {}) {
  return isPostgresUrl(databaseUrl) ? openPostgres(databaseUrl, poolSize) : openSqlite(databaseUrl);
}

// Counts and sums come back as int8, which pg gives as strings to keep precision; ours fit a number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

function openPostgres(databaseUrl: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // A connection the server dropped (a restart, a failover) is replaced, not fatal: idle ones are
  // the pool's to report, and one in use would otherwise throw an unhandled 'error' event and end
  // the process; its query (or the next one) fails instead, and the work is retried as usual.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
}

function openSqlite(databaseUrl: string) {
  const file = sqlitePath(databaseUrl);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: every commit is fsynced before the supporter is told "saved", so a signature survives
  // a crash of the process and of the machine too (NORMAL would survive only the former).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Transactions take the write lock when they begin (`begin immediate`), so they wait their turn
 * through busy_timeout. A deferred one that read first and then writes fails at once with
 * SQLITE_BUSY when another process (the CLI beside the server) committed in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely prepares every query afresh; preparing costs more than running most of ours. Statements
 * are kept by their SQL text (a bounded set: our queries are fixed shapes), and a statement busy
 * in a streaming read is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database, limit = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) {
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
