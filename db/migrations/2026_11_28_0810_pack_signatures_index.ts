import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>) {
  // A pack export reads a campaign's signatures in pages by id (keyset). Without this index the
  // planner takes (campaign_id, verified_at) and sorts every remaining row for each page: a
  // million signatures would be read about a hundred times over.
  await db.schema.createIndex("signatures_campaign_id_idx").on("signatures").columns(["campaign_id", "id"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex("signatures_campaign_id_idx").execute();
}
