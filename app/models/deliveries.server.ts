import type { Insertable } from "kysely";
import { db, type DeliveriesTable, type Executor } from "~/utils/db.server";

/** A campaign's recipients with their addresses: for delivery, which only staff see. */
export function listRecipientsForDelivery({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("recipients")
    .select(["id", "name", "title", "email", "role"])
    .where("campaign_id", "=", campaignId)
    .orderBy("position")
    .execute();
}

export async function insertDelivery({ delivery }: { delivery: Insertable<DeliveriesTable> }, trx: Executor = db) {
  const row = await trx.insertInto("deliveries").values(delivery).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

const deliveryColumns = [
  "deliveries.id",
  "deliveries.recipient_id",
  "deliveries.recipient_name",
  "deliveries.recipient_title",
  "deliveries.recipient_role",
  "deliveries.recipient_email",
  "deliveries.pack_export_id",
  "deliveries.method",
  "deliveries.outbox_id",
  "deliveries.first_downloaded_at",
  "deliveries.delivered_on",
  "deliveries.delivered_by",
  "deliveries.note",
  "deliveries.created_at",
  // The outbox message is the delivery's state by email.
  "outbox.status as outbox_status",
  "outbox.message_id",
  "outbox.sent_at",
  "outbox.last_error",
] as const;

/** Every delivery of a campaign, oldest first, with the state of its mail and who recorded it. */
export function listDeliveries({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("deliveries")
    .leftJoin("outbox", "outbox.id", "deliveries.outbox_id")
    .innerJoin("users", "users.id", "deliveries.created_by")
    .select([...deliveryColumns, "users.email as created_by_email"])
    .where("deliveries.campaign_id", "=", campaignId)
    .orderBy("deliveries.id")
    .execute();
}

export function getDelivery({ campaignId, deliveryId }: { campaignId: number; deliveryId: number }, trx: Executor = db) {
  return trx
    .selectFrom("deliveries")
    .leftJoin("outbox", "outbox.id", "deliveries.outbox_id")
    .select([...deliveryColumns, "deliveries.covering_message"])
    .where("deliveries.campaign_id", "=", campaignId)
    .where("deliveries.id", "=", deliveryId)
    .executeTakeFirst();
}

/** Points a delivery at the mail that re-sends it, if it still points at `fromOutboxId` (one re-send wins). */
export async function replaceDeliveryMessage(
  { deliveryId, fromOutboxId, outboxId, tokenHash }: { deliveryId: number; fromOutboxId: number; outboxId: number; tokenHash: string },
  trx: Executor = db,
) {
  const result = await trx
    .updateTable("deliveries")
    .set({ outbox_id: outboxId, download_token_hash: tokenHash })
    .where("id", "=", deliveryId)
    .where("outbox_id", "=", fromOutboxId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The pack behind a download link, if the link is one we sent. */
export function getDeliveryDownload({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return trx
    .selectFrom("deliveries")
    .innerJoin("pack_exports", "pack_exports.id", "deliveries.pack_export_id")
    .innerJoin("campaigns", "campaigns.id", "deliveries.campaign_id")
    .select(["deliveries.id", "pack_exports.file", "pack_exports.bytes", "campaigns.slug"])
    .where("deliveries.download_token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Records the first download only: later ones change nothing. */
export async function markFirstDownload({ deliveryId, at }: { deliveryId: number; at: string }, trx: Executor = db) {
  await trx.updateTable("deliveries").set({ first_downloaded_at: at }).where("id", "=", deliveryId).where("first_downloaded_at", "is", null).execute();
}

/** The pack a delivery carries (a re-send sends the same pack, even if a newer one exists). */
export function getDeliveredPack({ packExportId }: { packExportId: number }, trx: Executor = db) {
  return trx.selectFrom("pack_exports").select(["id", "file", "bytes"]).where("id", "=", packExportId).executeTakeFirst();
}
