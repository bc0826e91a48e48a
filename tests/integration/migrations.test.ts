import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, Migrator, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection";
import { migrateToLatest } from "#db/migrate";
import { migrations } from "#db/migrations/index";
import type { DB } from "#db/schema";

// A database made before paper and event signatures (issue 14) keeps every signature, its
// confirmation token and its indexes when the signatures table is rebuilt to take signers without
// an email; the one-signature-per-address rule still holds for every address given.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-migrations-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function migrateTo(db: Kysely<DB>, name: string) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}

describe("signatures without an email (2026_12_01_0200_paper_and_events)", () => {
  it("keeps every row, token and index, takes NULL emails, and still refuses the same address twice", async () => {
    const db = openDatabase(`file:${path.join(dir, "before.db")}`);
    await migrateTo(db, "2026_12_01_0100_easy_read");
    const at = "2026-11-30T10:00:00.000Z";
    await sql`insert into campaigns (id, slug, title, summary, language, status, created_at, updated_at) values (1, 'old', 'Old', 'An old campaign', 'en', 'open', ${at}, ${at})`.execute(db);
    await sql`insert into letter_versions (id, campaign_id, number, created_at) values (1, 1, 1, ${at})`.execute(db);
    await sql`insert into letter_texts (id, letter_version_id, language, variant, body, sha256, created_at) values (1, 1, 'en', 'standard', 'Dear Minister', 'abc', ${at})`.execute(db);
    await sql`insert into signatures (id, campaign_id, letter_version_id, letter_text_id, letter_sha256, name, email, signer_type, location, show_name, wants_updates, created_at, helper_name)
              values (7, 1, 1, 1, 'abc', 'Ann Jones', 'ann@example.org', 'individual', 'Cardiff', 1, 0, ${at}, 'Mari')`.execute(db);
    await sql`insert into verification_tokens (signature_id, token_hash, created_at) values (7, 'hash', ${at})`.execute(db);

    await migrateTo(db, "2026_12_01_0300_paper_keying");

    const kept = await db.selectFrom("signatures").select(["id", "name", "email", "helper_name", "source", "sheet_id"]).execute();
    expect(kept).toEqual([{ id: 7, name: "Ann Jones", email: "ann@example.org", helper_name: "Mari", source: "online", sheet_id: null }]);
    expect(await db.selectFrom("verification_tokens").select(["signature_id", "token_hash"]).execute()).toEqual([{ signature_id: 7, token_hash: "hash" }]);
    const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'signatures' and sql is not null order by name`.execute(db);
    expect(indexes.rows.map((r) => r.name)).toEqual([
      "signatures_campaign_created_idx",
      "signatures_campaign_id_idx",
      // Added after the rebuild (2026_12_01_0250): the public page's count by source reads through it.
      "signatures_campaign_source_idx",
      "signatures_count_pending_idx",
      "signatures_public_list_idx",
    ]);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }]);

    // Two signers at a stand without an email; the same address twice is still refused.
    const row = { campaign_id: 1, letter_version_id: 1, letter_text_id: 1, letter_sha256: "abc", signer_type: "individual" as const, location: "Bangor", show_name: 0, wants_updates: 0, created_at: at };
    await db.insertInto("signatures").values([{ ...row, name: "Paper One", email: null }, { ...row, name: "Paper Two", email: null }]).execute();
    await expect(db.insertInto("signatures").values({ ...row, name: "Ann again", email: "ann@example.org" }).execute()).rejects.toThrow(/UNIQUE/);
    // Deleting a signature still removes its token: the foreign key points at the rebuilt table.
    await db.deleteFrom("signatures").where("id", "=", 7).execute();
    expect(await db.selectFrom("verification_tokens").select("id").execute()).toEqual([]);
    await db.destroy();
  });
});

describe("retention dates (2026_12_01_0400_privacy)", () => {
  it("dates a campaign that had already ended from its last change, and leaves an open one undated", async () => {
    const db = openDatabase(`file:${path.join(dir, "ended.db")}`);
    await migrateTo(db, "2026_12_01_0300_paper_keying");
    const values = (id: number, status: string, at: string) => sql`(${id}, ${`c${id}`}, 'T', 'S', 'en', ${status}, ${at}, ${at})`;
    await sql`insert into campaigns (id, slug, title, summary, language, status, created_at, updated_at) values
      ${values(1, "open", "2026-01-01T00:00:00.000Z")}, ${values(2, "closed", "2026-02-01T00:00:00.000Z")},
      ${values(3, "delivered", "2026-03-01T00:00:00.000Z")}, ${values(4, "archived", "2026-04-01T00:00:00.000Z")}`.execute(db);

    await migrateToLatest(db);

    const ended = await db.selectFrom("campaigns").select(["id", "ended_at"]).orderBy("id").execute();
    expect(ended).toEqual([
      { id: 1, ended_at: null },
      { id: 2, ended_at: "2026-02-01T00:00:00.000Z" },
      { id: 3, ended_at: "2026-03-01T00:00:00.000Z" },
      { id: 4, ended_at: "2026-04-01T00:00:00.000Z" },
    ]);
    await db.destroy();
  });
});
