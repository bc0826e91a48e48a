import { type Kysely, sql } from "kysely";
import { dropNotNull } from "../dialect";

// Mail is rendered by the outbox worker when it sends, not in the request that queues it: a queued
// message holds its template's data (`payload`), and its subject is known once it is rendered.
// Messages queued before this keep their rendered subject and bodies, and are sent as they are.
export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable("outbox").addColumn("payload", "text").execute();
  await dropNotNull(db, "outbox", "subject");
  // Claiming finds messages whose sender died by their lease (models/outbox.server.ts).
  await db.schema.createIndex("outbox_lease_idx").on("outbox").columns(["status", "locked_until"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex("outbox_lease_idx").execute();
  await sql`delete from outbox where subject is null`.execute(db);
  await db.schema.alterTable("outbox").dropColumn("payload").execute();
}
