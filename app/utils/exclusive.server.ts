import { sql } from "kysely";
import { db, isSqlite } from "./db.server";

/**
 * Runs `work` in one process at a time across every app process on the database: the background
 * jobs that must run once (closing campaigns, anonymising, queueing a response's mailing) go
 * through here. On PostgreSQL it holds an advisory lock named by `job` on a connection of its own
 * while the work runs, and another process that finds the lock taken skips this round (its own
 * timer brings it back); a process that dies loses its connection and so its lock. SQLite serves
 * one app process (its writers queue on the file's lock), so there the work simply runs.
 */
export async function exclusively(job: string, work: () => Promise<void>): Promise<boolean> {
  if (isSqlite(db)) {
    await work();
    return true;
  }
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${job})) as locked`.execute(connection);
    if (!rows[0]?.locked) return false;
    try {
      await work();
      return true;
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${job}))`.execute(connection);
    }
  });
}

/**
 * The same inside a transaction of the caller's, released at its end: for a step that is one
 * transaction (a counting batch). False when another process holds it; on SQLite always true.
 */
export async function exclusiveInTransaction(trx: Parameters<typeof isSqlite>[0], job: string) {
  if (isSqlite(trx)) return true;
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext(${job})) as locked`.execute(trx);
  return rows[0]?.locked === true;
}
