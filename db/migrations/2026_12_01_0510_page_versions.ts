import { type Kysely, sql } from "kysely";
import { isSqlite } from "../dialect";

// A campaign's public pages are rendered once and kept (app/services/page-cache.server.ts) while
// their campaign's `page_version` stays the same. Triggers move it on every write that changes what
// those pages show, whoever writes (the web, the CLI, a worker, another process), so no service has
// to remember to. What they leave out on purpose: a signature's insert and its confirmation (a
// thousand a second in a spike; neither shows until the batch counter counts it, and that moves
// the count, which bumps), and everything the pages never show (mails, tokens, audit, packs).
// A SQLite table rebuilt later (dialect.ts dropNotNull) loses its triggers: make them again there.

/** The bump, by the campaign's id as an SQL expression over NEW or OLD. */
const bump = (id: string) => `update campaigns set page_version = page_version + 1 where id = ${id};`;
const ofLetterVersion = (row: "new" | "old") => `(select campaign_id from letter_versions where id = ${row}.letter_version_id)`;

/** A visible signature (confirmed) whose public face changed: listed, hidden, invalidated, anonymised, its source. */
const SIGNATURE_SHOWN = ["verified_at", "show_name", "name_hidden", "invalidated_at", "name", "signer_type", "organisation", "role", "source", "campaign_id"];
/** What the page shows of a response (not its mailing's progress). */
const RESPONSE_SHOWN = ["campaign_id", "recipient_id", "from_name", "from_title", "received_on", "body", "pdf_file", "pdf_bytes"];

type Trigger = { name: string; table: string; event: string; when?: string; campaign: string };

/** Every trigger as SQLite writes it; the PostgreSQL branch below mirrors them. */
function sqliteTriggers(): Trigger[] {
  const everyChange = (table: string, campaign: (row: "new" | "old") => string): Trigger[] => [
    { name: `${table}_page_version_insert`, table, event: "insert", campaign: campaign("new") },
    { name: `${table}_page_version_update`, table, event: "update", campaign: campaign("new") },
    { name: `${table}_page_version_delete`, table, event: "delete", campaign: campaign("old") },
  ];
  const byCampaignId = (row: "new" | "old") => `${row}.campaign_id`;
  const changed = (columns: string[]) => columns.map((c) => `old.${c} is not new.${c}`).join(" or ");
  return [
    // The campaign itself: any change but the bump (status, goal, closing date, texts, support mode…).
    { name: "campaigns_page_version", table: "campaigns", event: "update", when: "new.page_version = old.page_version", campaign: "new.id" },
    ...everyChange("campaign_texts", byCampaignId),
    ...everyChange("letter_versions", byCampaignId),
    ...everyChange("letter_texts", ofLetterVersion),
    ...everyChange("recipients", byCampaignId),
    // The count (once a second at most per campaign, by the batch counter; paper and kiosks at once).
    ...everyChange("campaign_counts", byCampaignId),
    ...everyChange("deliveries", byCampaignId),
    { name: "signatures_page_version_insert", table: "signatures", event: "insert", when: "new.verified_at is not null", campaign: "new.campaign_id" },
    {
      name: "signatures_page_version_update",
      table: "signatures",
      event: `update of ${SIGNATURE_SHOWN.join(", ")}`,
      when: `old.verified_at is not null and (${changed(SIGNATURE_SHOWN)})`,
      campaign: "new.campaign_id",
    },
    { name: "signatures_page_version_delete", table: "signatures", event: "delete", when: "old.verified_at is not null", campaign: "old.campaign_id" },
    { name: "support_letters_page_version_insert", table: "support_letters", event: "insert", when: "new.status = 'approved'", campaign: "new.campaign_id" },
    { name: "support_letters_page_version_update", table: "support_letters", event: "update", when: "old.status = 'approved' or new.status = 'approved'", campaign: "new.campaign_id" },
    { name: "support_letters_page_version_delete", table: "support_letters", event: "delete", when: "old.status = 'approved'", campaign: "old.campaign_id" },
    { name: "responses_page_version_insert", table: "responses", event: "insert", campaign: "new.campaign_id" },
    { name: "responses_page_version_update", table: "responses", event: `update of ${RESPONSE_SHOWN.join(", ")}`, when: changed(RESPONSE_SHOWN), campaign: "new.campaign_id" },
    { name: "responses_page_version_delete", table: "responses", event: "delete", campaign: "old.campaign_id" },
  ];
}

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable("campaigns").addColumn("page_version", "integer", (c) => c.notNull().defaultTo(0)).execute();
  // A delivery by email shows once its mail is sent: the outbox trigger finds it by its message.
  await db.schema.createIndex("deliveries_outbox_idx").on("deliveries").column("outbox_id").execute();
  const outboxWhen = "old.status is not new.status and (old.status = 'sent' or new.status = 'sent')";
  const outboxCampaigns = "(select campaign_id from deliveries where outbox_id = new.id)";
  if (isSqlite(db)) {
    for (const t of sqliteTriggers()) {
      await sql
        .raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row${t.when ? ` when ${t.when}` : ""} begin ${bump(t.campaign)} end`)
        .execute(db);
    }
    await sql
      .raw(
        `create trigger outbox_page_version after update of status on outbox for each row when ${outboxWhen} ` +
          `begin update campaigns set page_version = page_version + 1 where id in ${outboxCampaigns}; end`,
      )
      .execute(db);
    return;
  }
  // PostgreSQL: the same triggers. One function bumps the campaign named by the row's campaign_id
  // (NEW's, or OLD's on delete); letter texts and outbox messages find theirs; the campaign's own
  // row is bumped in place before it is written.
  await sql
    .raw(
      `create function page_version_bump() returns trigger language plpgsql as $$
       declare changed record;
       begin
         if tg_op = 'DELETE' then changed := old; else changed := new; end if;
         update campaigns set page_version = page_version + 1 where id = (to_jsonb(changed) ->> 'campaign_id')::integer;
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function page_version_bump_letter_text() returns trigger language plpgsql as $$
       declare changed record;
       begin
         if tg_op = 'DELETE' then changed := old; else changed := new; end if;
         update campaigns set page_version = page_version + 1
           where id = (select campaign_id from letter_versions where id = changed.letter_version_id);
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function page_version_bump_outbox() returns trigger language plpgsql as $$
       begin
         update campaigns set page_version = page_version + 1 where id in ${outboxCampaigns};
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function page_version_bump_campaign() returns trigger language plpgsql as $$
       begin
         new.page_version := old.page_version + 1;
         return new;
       end $$`,
    )
    .execute(db);
  for (const t of sqliteTriggers()) {
    // "is not" between two values is SQLite's; PostgreSQL says "is distinct from".
    const when = t.when ? ` when (${t.when.replace(/ is not (new\.)/g, " is distinct from $1")})` : "";
    if (t.table === "campaigns") {
      await sql.raw(`create trigger ${t.name} before update on campaigns for each row${when} execute function page_version_bump_campaign()`).execute(db);
      continue;
    }
    const fn = t.table === "letter_texts" ? "page_version_bump_letter_text" : "page_version_bump";
    await sql.raw(`create trigger ${t.name} after ${t.event} on ${t.table} for each row${when} execute function ${fn}()`).execute(db);
  }
  await sql
    .raw(
      `create trigger outbox_page_version after update of status on outbox for each row ` +
        `when (${outboxWhen.replace("is not", "is distinct from")}) execute function page_version_bump_outbox()`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>) {
  for (const t of sqliteTriggers()) await sql.raw(`drop trigger if exists ${t.name}${isSqlite(db) ? "" : ` on ${t.table}`}`).execute(db);
  await sql.raw(`drop trigger if exists outbox_page_version${isSqlite(db) ? "" : " on outbox"}`).execute(db);
  if (!isSqlite(db)) {
    for (const fn of ["page_version_bump", "page_version_bump_letter_text", "page_version_bump_outbox", "page_version_bump_campaign"]) {
      await sql.raw(`drop function if exists ${fn}()`).execute(db);
    }
  }
  await db.schema.dropIndex("deliveries_outbox_idx").execute();
  await db.schema.alterTable("campaigns").dropColumn("page_version").execute();
}
