import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>) {
  // The public campaign page says how many signed on paper and at events, on every view: with this
  // index that count reads only those signatures (a few hundred, typed in by hand), not every one of
  // the campaign's. The dashboard's signatures per sheet read through it too.
  await db.schema.createIndex("signatures_campaign_source_idx").on("signatures").columns(["campaign_id", "source"]).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex("signatures_campaign_source_idx").execute();
}
