import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Which engine the suite runs on: PostgreSQL when TEST_POSTGRES_URL names a server (npm run
// test:pg starts one), SQLite otherwise. Each test gets its own database made from the migrated
// base the global setup prepared: a copied file, or a PostgreSQL database made from a template.

export const testPostgresUrl = process.env.TEST_POSTGRES_URL;

let made = 0;

async function onServer<T>(work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: `${testPostgresUrl}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database holding the base's tables and fixture campaigns: its DATABASE_URL. */
export async function newTestDatabase(dataDir: string) {
  const base = process.env.UNDERSIGNED_BASE_DB;
  if (!base) throw new Error("UNDERSIGNED_BASE_DB is not set: run tests through vitest (global setup)");
  if (!testPostgresUrl) {
    const file = path.join(dataDir, "undersigned.db");
    fs.copyFileSync(base, file);
    return `file:${file}`;
  }
  const name = `test_${process.pid}_${++made}_${Date.now().toString(36)}`;
  await onServer((client) => client.query(`create database ${name} template ${new URL(base).pathname.slice(1)}`));
  return `${testPostgresUrl}/${name}`;
}

/** Drops a test's PostgreSQL database once its app has stopped; an SQLite file goes with the data folder. */
export async function dropTestDatabase(databaseUrl: string) {
  if (!testPostgresUrl || !databaseUrl.startsWith(testPostgresUrl)) return;
  const name = new URL(databaseUrl).pathname.slice(1);
  await onServer((client) => client.query(`drop database if exists ${name} with (force)`));
}

/** The global setup's base database: an SQLite file in `dir`, or a database of this run's own on the server. */
export async function newBaseDatabase(dir: string) {
  if (!testPostgresUrl) return `file:${path.join(dir, "base.db")}`;
  const name = `base_${process.pid}`;
  await onServer((client) => client.query(`create database ${name}`));
  return `${testPostgresUrl}/${name}`;
}
