import { openDatabase } from "#db/connection";
import { migrateToLatest } from "#db/migrate";
import { env } from "./env.server";
import { singleton } from "./singleton.server";

import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema";

export type * from "#db/schema";
/** The database or an open transaction: models take either. */
export type Executor = Kysely<DB> | Transaction<DB>;
export { demoCampaign } from "#db/seed";
/** Whether a database or transaction is SQLite (one app process) rather than PostgreSQL. */
export { isSqlite } from "#db/dialect";

export const db = singleton("db", () => openDatabase(env.DATABASE_URL));

export function migrate() {
  return migrateToLatest(db);
}

export const now = () => new Date().toISOString();
