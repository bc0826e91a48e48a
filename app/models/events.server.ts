import { db, type Executor, type Language } from "~/utils/db.server";

// Events where people sign in person, and their kiosks.

/** A campaign's events, soonest first. */
export function listCampaignEvents({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("events")
    .select(["id", "name", "place", "starts_on", "ends_on", "language", "created_at"])
    .where("campaign_id", "=", campaignId)
    .orderBy("starts_on")
    .orderBy("id")
    .execute();
}

/** One event of a campaign, or undefined (an event of another campaign is not found here). */
export function getCampaignEvent({ campaignId, eventId }: { campaignId: number; eventId: number }, trx: Executor = db) {
  return trx
    .selectFrom("events")
    .select(["id", "name", "place", "starts_on", "ends_on", "language", "created_at"])
    .where("campaign_id", "=", campaignId)
    .where("id", "=", eventId)
    .executeTakeFirst();
}

export async function insertEvent(
  event: { campaignId: number; name: string; place: string | null; startsOn: string; endsOn: string; language: Language; createdBy: number | null; createdAt: string },
  trx: Executor = db,
) {
  const row = await trx
    .insertInto("events")
    .values({
      campaign_id: event.campaignId,
      name: event.name,
      place: event.place,
      starts_on: event.startsOn,
      ends_on: event.endsOn,
      language: event.language,
      created_by: event.createdBy,
      created_at: event.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Signatures that count (confirmed, not invalidated) from each of a campaign's events. */
export async function countSignaturesByEvent({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select(["event_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .where("source", "=", "event")
    .where("verified_at", "is not", null)
    .where("invalidated_at", "is", null)
    .groupBy("event_id")
    .execute();
  return new Map(rows.map((row) => [row.event_id, Number(row.n)]));
}

export async function insertKiosk({ eventId, tokenHash, openedBy, openedAt }: { eventId: number; tokenHash: string; openedBy: number | null; openedAt: string }, trx: Executor = db) {
  const row = await trx
    .insertInto("kiosks")
    .values({ event_id: eventId, token_hash: tokenHash, opened_by: openedBy, opened_at: openedAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A campaign's kiosks not closed yet, with their event and who opened them. */
export function listOpenKiosks({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("kiosks")
    .innerJoin("events", "events.id", "kiosks.event_id")
    .leftJoin("users", "users.id", "kiosks.opened_by")
    .select(["kiosks.id", "kiosks.event_id", "kiosks.opened_at", "users.email as opened_by_email"])
    .where("events.campaign_id", "=", campaignId)
    .where("kiosks.closed_at", "is", null)
    .orderBy("kiosks.id")
    .execute();
}

/** One kiosk of a campaign, or undefined. */
export function getCampaignKiosk({ campaignId, kioskId }: { campaignId: number; kioskId: number }, trx: Executor = db) {
  return trx
    .selectFrom("kiosks")
    .innerJoin("events", "events.id", "kiosks.event_id")
    .select(["kiosks.id", "kiosks.event_id", "kiosks.opened_at", "kiosks.closed_at", "events.name as event_name"])
    .where("events.campaign_id", "=", campaignId)
    .where("kiosks.id", "=", kioskId)
    .executeTakeFirst();
}

/** Closes a kiosk now; false when it was closed already. */
export async function closeKioskRow({ kioskId, closedBy, closedAt }: { kioskId: number; closedBy: number | null; closedAt: string }, trx: Executor = db) {
  const result = await trx
    .updateTable("kiosks")
    .set({ closed_at: closedAt, closed_by: closedBy })
    .where("id", "=", kioskId)
    .where("closed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The kiosk a link's token hash opens, with its event and the campaign's slug; undefined for an unknown link. */
export function getKioskByTokenHash({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return trx
    .selectFrom("kiosks")
    .innerJoin("events", "events.id", "kiosks.event_id")
    .innerJoin("campaigns", "campaigns.id", "events.campaign_id")
    .select([
      "kiosks.id",
      "kiosks.closed_at",
      "events.id as event_id",
      "events.name as event_name",
      "events.place as event_place",
      "events.starts_on",
      "events.ends_on",
      "events.language as event_language",
      "campaigns.id as campaign_id",
      "campaigns.slug",
    ])
    .where("kiosks.token_hash", "=", tokenHash)
    .executeTakeFirst();
}
