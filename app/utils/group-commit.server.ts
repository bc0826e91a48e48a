import { sql } from "kysely";
import { db, type Executor, isSqlite } from "./db.server";

type Work<T> = (trx: Executor) => Promise<T>;

interface Waiting {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

let waiting: Waiting[] = [];
let flushing = false;

/**
 * Runs `work` in a transaction shared with every other piece of work that arrives in the same
 * turn of the event loop: one commit, so one fsync, for all of them. Each runs in a savepoint of
 * its own, so one that fails rolls back alone and rejects alone. Every promise settles only after
 * the shared commit: a caller never tells anyone "saved" before it is durable, and a crash before
 * the commit leaves every caller unanswered.
 *
 * The work must only use the executor it is given (the shared transaction holds the connection)
 * and must not start transactions of its own.
 *
 * That is SQLite, where one writer at a time fsyncs each commit. PostgreSQL groups concurrent
 * commits' WAL flushes itself, and runs transactions side by side on the pool's connections, so
 * there each piece of work is a transaction of its own: grouping them would only queue their
 * statements' round trips one behind another on one connection.
 */
export function inGroupCommit<T>(work: Work<T>): Promise<T> {
  if (!isSqlite(db)) return db.transaction().execute(work);
  return new Promise<T>((resolve, reject) => {
    waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (waiting.length === 1 && !flushing) setImmediate(flush);
  });
}

async function flush() {
  const group = waiting;
  waiting = [];
  flushing = true;
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      for (const { work } of group) {
        await sql`savepoint group_commit`.execute(trx);
        try {
          outcomes.push({ ok: true, value: await work(trx) });
        } catch (error) {
          await sql`rollback to group_commit`.execute(trx);
          outcomes.push({ ok: false, error });
        }
        await sql`release group_commit`.execute(trx);
      }
    });
    group.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  } catch (error) {
    // The commit itself failed (the disk, the database): nothing in the group was saved.
    for (const { reject } of group) reject(error);
  } finally {
    flushing = false;
    // Work that arrived while this group was committing forms the next group.
    if (waiting.length > 0) setImmediate(flush);
  }
}
