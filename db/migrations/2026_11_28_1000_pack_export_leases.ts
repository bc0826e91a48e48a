import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>) {
  // The process making an export (the server's worker or the command line) holds a lease on it
  // and renews it while it works; an export "running" under a lease that has lapsed belongs to a
  // process that died, and another may take it over. ISO time; null when nobody holds it.
  await db.schema.alterTable("pack_exports").addColumn("lease_until", "text").execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.alterTable("pack_exports").dropColumn("lease_until").execute();
}
