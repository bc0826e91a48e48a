import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>) {
  // A campaign in one language or two (Welsh and English): `languages` lists them ("cy,en"), and
  // `language` stays its primary language. Each language's title, summary and thank-you message is a
  // row of campaign_texts; campaigns.title, summary and thank_you keep the primary language's, for
  // the lists, mail subjects and logs that name a campaign once. Each recipient's title per language
  // is `titles` (JSON: {"cy": "Prif Weinidog", "en": "First Minister"}); `title` is the primary's.
  await db.schema.alterTable("campaigns").addColumn("languages", "text", (c) => c.notNull().defaultTo("en")).execute();
  await sql`update campaigns set languages = language`.execute(db);
  await db.schema
    .createTable("campaign_texts")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("thank_you", "text")
    .addPrimaryKeyConstraint("campaign_texts_pk", ["campaign_id", "language"])
    .execute();
  await sql`insert into campaign_texts (campaign_id, language, title, summary, thank_you) select id, language, title, summary, thank_you from campaigns`.execute(db);
  await db.schema.alterTable("recipients").addColumn("titles", "text").execute();

  // The language each person wrote or signed in: every later mail to them is in it.
  for (const table of ["signatures", "support_letters", "campaign_invitations", "support_invitations", "users"]) {
    await db.schema.alterTable(table).addColumn("language", "text", (c) => c.notNull().defaultTo("en")).execute();
  }
}

export async function down(db: Kysely<unknown>) {
  for (const table of ["users", "support_invitations", "campaign_invitations", "support_letters", "signatures"]) {
    await db.schema.alterTable(table).dropColumn("language").execute();
  }
  await db.schema.alterTable("recipients").dropColumn("titles").execute();
  await db.schema.dropTable("campaign_texts").execute();
  await db.schema.alterTable("campaigns").dropColumn("languages").execute();
}
