import crypto from "node:crypto";
import { sql } from "kysely";
import { db, isSqlite } from "./db.server";
import { logger } from "./logger.server";
import { singleton } from "./singleton.server";

/**
 * This app process among the others on one PostgreSQL database. It holds an advisory lock keyed
 * by its own random number on a connection of its own for as long as it lives; PostgreSQL lets go
 * of it the moment the process dies (its connection closes, even after `kill -9`). So any process
 * can tell which claims (a message being sent) belong to a process that is gone: their key is not
 * among the held locks. The connection is asked every few seconds whether it is still there; if
 * the database went away, the lock is taken again once it is back. On SQLite there is one app
 * process, and this is only its number.
 */
export const APP_PROCESS_LOCKS = 0x5547; // the lock space of app processes ("UG")
const CHECK_MS = 5_000;
const RETRY_MS = 1_000;

export const appProcess = singleton("app-process", () => {
  const key = crypto.randomInt(1, 2 ** 31 - 1);
  let leaving = false;
  let wake: (() => void) | undefined;
  let holding: Promise<void> | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Takes the lock and keeps it until leaving; resolves `joined` once it is first held. */
  async function hold(joined: () => void) {
    while (!leaving) {
      try {
        await db.connection().execute(async (connection) => {
          await sql`select pg_advisory_lock(${APP_PROCESS_LOCKS}, ${key})`.execute(connection);
          joined();
          while (!leaving) {
            await pause(CHECK_MS);
            await sql`select 1`.execute(connection);
          }
          await sql`select pg_advisory_unlock(${APP_PROCESS_LOCKS}, ${key})`.execute(connection);
        });
      } catch (error) {
        if (leaving) return;
        logger.warn({ err: String(error) }, "This process's presence lock was lost with its connection; taking it again");
        await pause(RETRY_MS);
      }
    }
  }

  return {
    key,
    /** Takes the process's lock (PostgreSQL); resolves once it is held. */
    async join() {
      if (isSqlite(db) || holding) return;
      leaving = false;
      await new Promise<void>((resolve) => {
        holding = hold(resolve);
      });
    },
    async leave() {
      leaving = true;
      wake?.();
      await holding;
      holding = undefined;
    },
  };
});
