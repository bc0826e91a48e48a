import { db, type Executor, type WebhookEvent } from "~/utils/db.server";

// Webhooks, their deliveries (outbox rows with webhook_id) and the attempts at each.

export async function insertWebhook(
  { campaignId, url, secret, events, includeEmails, createdBy, createdAt }: { campaignId: number; url: string; secret: string; events: WebhookEvent[]; includeEmails: boolean; createdBy: number | null; createdAt: string },
  trx: Executor = db,
) {
  const row = await trx
    .insertInto("webhooks")
    .values({ campaign_id: campaignId, url, secret, events: JSON.stringify(events), include_emails: includeEmails ? 1 : 0, created_by: createdBy, created_at: createdAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A campaign's webhooks, oldest first; never their secrets. */
export async function listWebhooks({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("webhooks")
    .leftJoin("users", "users.id", "webhooks.created_by")
    .select(["webhooks.id", "webhooks.url", "webhooks.events", "webhooks.include_emails", "webhooks.created_at", "webhooks.disabled_at", "users.email as created_by_email"])
    .where("webhooks.campaign_id", "=", campaignId)
    .orderBy("webhooks.id")
    .execute();
  return rows.map((row) => ({ ...row, events: JSON.parse(row.events) as WebhookEvent[], include_emails: row.include_emails === 1 }));
}

export async function getWebhook({ campaignId, webhookId }: { campaignId: number; webhookId: number }, trx: Executor = db) {
  return trx
    .selectFrom("webhooks")
    .select(["id", "url", "events", "include_emails", "created_at"])
    .where("campaign_id", "=", campaignId)
    .where("id", "=", webhookId)
    .executeTakeFirst();
}

/** Gives a webhook a new secret: deliveries signed from now on use it, retries of earlier ones too. */
export async function updateWebhookSecret({ webhookId, secret }: { webhookId: number; secret: string }, trx: Executor = db) {
  await trx.updateTable("webhooks").set({ secret }).where("id", "=", webhookId).execute();
}

/** Deletes a webhook with its deliveries still queued (its attempts go by the foreign key). */
export async function deleteWebhook({ webhookId }: { webhookId: number }, trx: Executor = db) {
  await trx.deleteFrom("outbox").where("webhook_id", "=", webhookId).where("status", "in", ["pending", "sending", "failed"]).execute();
  const result = await trx.deleteFrom("webhooks").where("id", "=", webhookId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The live webhooks of a campaign, by the campaign's id or by one of its signatures: the question
 * every verification asks, one index look-up that finds nothing for almost every campaign.
 */
export async function listLiveWebhooks({ campaignId, signatureId }: { campaignId?: number; signatureId?: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("webhooks")
    .select(["id", "url", "events", "include_emails"])
    .$if(campaignId !== undefined, (qb) => qb.where("campaign_id", "=", campaignId!))
    .$if(signatureId !== undefined, (qb) =>
      qb.where("campaign_id", "=", (eb) => eb.selectFrom("signatures").select("signatures.campaign_id").where("signatures.id", "=", signatureId!)),
    )
    .where("disabled_at", "is", null)
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ id: row.id, url: row.url, events: JSON.parse(row.events) as WebhookEvent[], includeEmails: row.include_emails === 1 }));
}

/** What signature.verified tells of a signature, with its campaign; the email is the caller's to leave out. */
export async function getVerifiedSignatureForWebhook({ signatureId }: { signatureId: number }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .innerJoin("campaigns", "campaigns.id", "signatures.campaign_id")
    .select([
      "signatures.id",
      "signatures.campaign_id",
      "signatures.name",
      "signatures.email",
      "signatures.show_name",
      "signatures.name_hidden",
      "signatures.signer_type",
      "signatures.organisation",
      "signatures.role",
      "signatures.language",
      "signatures.source",
      "signatures.verified_at",
      "signatures.invalidated_at",
      "campaigns.slug",
      "campaigns.title",
    ])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

export async function getCampaignForWebhook({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx.selectFrom("campaigns").select(["id", "slug", "title"]).where("id", "=", campaignId).executeTakeFirst();
}

/** What a delivery needs at send time: where to, and the secret to sign with. */
export async function getWebhookForDelivery({ webhookId }: { webhookId: number }, trx: Executor = db) {
  return trx.selectFrom("webhooks").select(["id", "url", "secret", "disabled_at"]).where("id", "=", webhookId).executeTakeFirst();
}

/**
 * Records an attempt, unless its delivery is gone: a webhook deleted while a delivery to it was on
 * its way takes its queued deliveries with it, and the answer that comes back after is not kept.
 * Says whether it was recorded.
 */
export async function insertWebhookAttempt(
  attempt: { webhookId: number; outboxId: number; deliveryId: string; event: string; attempt: number; at: string; statusCode: number | null; error: string | null; durationMs: number; delivered: boolean },
  trx: Executor = db,
) {
  const result = await trx
    .insertInto("webhook_attempts")
    .columns(["webhook_id", "outbox_id", "delivery_id", "event", "attempt", "at", "status_code", "error", "duration_ms", "delivered"])
    .expression((eb) =>
      eb
        .selectFrom("outbox")
        .innerJoin("webhooks", "webhooks.id", "outbox.webhook_id")
        .select([
          "webhooks.id",
          "outbox.id",
          eb.val(attempt.deliveryId).as("delivery_id"),
          eb.val(attempt.event).as("event"),
          // Typed: PostgreSQL takes an untyped parameter in a select list for text.
          eb.cast<number>(eb.val(attempt.attempt), "integer").as("attempt"),
          eb.val(attempt.at).as("at"),
          eb.cast<number | null>(eb.val(attempt.statusCode), "integer").as("status_code"),
          eb.val(attempt.error?.slice(0, 1000) ?? null).as("error"),
          eb.cast<number>(eb.val(attempt.durationMs), "integer").as("duration_ms"),
          eb.cast<number>(eb.val(attempt.delivered ? 1 : 0), "integer").as("delivered"),
        ])
        .where("outbox.id", "=", attempt.outboxId)
        .where("webhooks.id", "=", attempt.webhookId),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A campaign's latest attempts, newest first, `perWebhook` at most for each of its webhooks. */
export async function listRecentAttempts({ webhookIds, perWebhook }: { webhookIds: number[]; perWebhook: number }, trx: Executor = db) {
  const lists = await Promise.all(
    webhookIds.map((webhookId) =>
      trx
        .selectFrom("webhook_attempts")
        .select(["id", "webhook_id", "delivery_id", "event", "attempt", "at", "status_code", "error", "duration_ms", "delivered"])
        .where("webhook_id", "=", webhookId)
        .orderBy("id", "desc")
        .limit(perWebhook)
        .execute(),
    ),
  );
  return lists.flat().map((row) => ({ ...row, delivered: row.delivered === 1 }));
}
