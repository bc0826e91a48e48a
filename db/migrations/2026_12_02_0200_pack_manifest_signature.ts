import type { Kysely } from "kysely";

// A pack's manifest signature (Ed25519, base64) kept beside its hash: when the retention rule deletes
// an old pack's ZIP, the record of what was signed and delivered stays whole.
export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable("pack_exports").addColumn("manifest_signature", "text").execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.alterTable("pack_exports").dropColumn("manifest_signature").execute();
}
