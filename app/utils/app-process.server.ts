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
 * among the held locks. On SQLite there is one app process, and this is only its number.
 */
export const APP_PROCESS_LOCKS = 0x5547; // the lock space of app processes ("UG")

export const appProcess = singleton("app-process", () => {
  const key = crypto.randomInt(1, 2 ** 31 - 1);
  let leave: (() => void) | undefined;
  let held: Promise<void> | undefined;
  return {
    key,
    /** Takes the process's lock (PostgreSQL); resolves once it is held. */
    async join() {
      if (isSqlite(db) || held) return;
      const left = new Promise<void>((resolve) => (leave = resolve));
      let joined!: () => void;
      let failed!: (error: unknown) => void;
      const ready = new Promise<void>((resolve, reject) => ((joined = resolve), (failed = reject)));
      held = db
        .connection()
        .execute(async (connection) => {
          await sql`select pg_advisory_lock(${APP_PROCESS_LOCKS}, ${key})`.execute(connection);
          joined();
          await left;
          await sql`select pg_advisory_unlock(${APP_PROCESS_LOCKS}, ${key})`.execute(connection);
        })
        .catch((error) => {
          failed(error);
          logger.error({ err: error }, "This process's presence lock was lost; others may take over its mail after its leases run out");
        });
      await ready;
    },
    async leave() {
      leave?.();
      await held;
      held = undefined;
    },
  };
});
