import type { Insertable } from "kysely";
import { db, type Executor, type ResponsesTable } from "~/utils/db.server";

export async function insertResponse({ response }: { response: Insertable<ResponsesTable> }, trx: Executor = db) {
  const row = await trx.insertInto("responses").values(response).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** A campaign's responses, newest received first. Every response is public once recorded. */
export function listResponses({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("responses")
    .select(["id", "from_name", "from_title", "received_on", "body", "pdf_file", "pdf_bytes", "created_at", "mailing_status", "mailed_count"])
    .where("campaign_id", "=", campaignId)
    .orderBy("received_on", "desc")
    .orderBy("id", "desc")
    .execute();
}

export function getResponsePdf({ campaignId, responseId }: { campaignId: number; responseId: number }, trx: Executor = db) {
  return trx
    .selectFrom("responses")
    .select(["pdf_file", "from_name"])
    .where("campaign_id", "=", campaignId)
    .where("id", "=", responseId)
    .executeTakeFirst();
}

/**
 * Responses whose mail to signers is not all queued yet: new ones, and any a stopped process left.
 * With the recipient who responded as the campaign now has them, for their title in each language.
 */
export function listUnfinishedMailings(trx: Executor = db) {
  return trx
    .selectFrom("responses")
    .innerJoin("campaigns", "campaigns.id", "responses.campaign_id")
    .leftJoin("recipients", "recipients.id", "responses.recipient_id")
    .select([
      "responses.id",
      "responses.campaign_id",
      "responses.from_name",
      "responses.from_title",
      "responses.received_on",
      "responses.body",
      "responses.mailing_cursor",
      "campaigns.slug",
      "campaigns.title",
      "campaigns.language",
      "recipients.name as recipient_name",
      "recipients.title as recipient_title",
      "recipients.titles as recipient_titles",
    ])
    .where("responses.mailing_status", "=", "mailing")
    .orderBy("responses.id")
    .execute();
}

/** Signers who asked for news, confirmed and not invalidated, after `afterId`, by id; with the language each signed in. */
export function listSignersForNews({ campaignId, afterId, limit }: { campaignId: number; afterId: number; limit: number }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .select(["id", "email", "language"])
    .where("campaign_id", "=", campaignId)
    .where("id", ">", afterId)
    .where("wants_updates", "=", 1)
    .where("email", "is not", null)
    .$narrowType<{ email: string }>()
    .where("verified_at", "is not", null)
    .where("invalidated_at", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/**
 * Moves a mailing's cursor past a batch, in the batch's transaction; only from where the batch
 * started, so two workers can never queue the same batch twice.
 */
export async function advanceMailing(
  { responseId, fromCursor, cursor, queued, done, at }: { responseId: number; fromCursor: number; cursor: number; queued: number; done: boolean; at: string },
  trx: Executor = db,
) {
  const result = await trx
    .updateTable("responses")
    .set((eb) => ({
      mailing_cursor: cursor,
      mailed_count: eb("mailed_count", "+", queued),
      ...(done ? { mailing_status: "done" as const, mailing_finished_at: at } : {}),
    }))
    .where("id", "=", responseId)
    .where("mailing_cursor", "=", fromCursor)
    .where("mailing_status", "=", "mailing")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What an unsubscribe link shows: the campaign, and whether news still goes to this signature. */
export function getNewsSubscription({ signatureId }: { signatureId: number }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .innerJoin("campaigns", "campaigns.id", "signatures.campaign_id")
    .select(["signatures.id", "signatures.wants_updates", "campaigns.title", "campaigns.slug"])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

export async function stopNews({ signatureId }: { signatureId: number }, trx: Executor = db) {
  await trx.updateTable("signatures").set({ wants_updates: 0 }).where("id", "=", signatureId).execute();
}
