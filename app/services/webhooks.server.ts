import crypto from "node:crypto";
import { insertAuditEntry } from "~/models/audit.server";
import type { SessionUser } from "~/models/users.server";
import {
  deleteWebhook,
  getCampaignForWebhook,
  getVerifiedSignatureForWebhook,
  getWebhook,
  insertWebhook,
  updateWebhookSecret,
  listLiveWebhooks,
  listRecentAttempts,
  listWebhooks,
} from "~/models/webhooks.server";
import type { WebhookInput } from "~/schemas/webhooks";
import { db, type Executor, now, type WebhookEvent } from "~/utils/db.server";
import { invalid, notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { checkWebhookUrl, WebhookRefused } from "~/utils/webhook-delivery.server";
import { requireCampaignAccess } from "./access.server";
import { queueWebhookDelivery, webhookWorker } from "./outbox.server";

// Webhooks: a campaign's team names URLs to be told of its events. Each event is queued through
// the outbox in the transaction of the change (one row per webhook that wants it), and delivered,
// signed and retried by the outbox worker (services/outbox.server.ts deliverWebhook). A payload
// never carries an email unless the webhook was made by someone who may see signers' emails and
// they ticked it; never an IP address, and a name only when the signer chose to show it.

/** 32 random bytes as hex: a webhook's signing secret. */
const newSecret = () => crypto.randomBytes(32).toString("hex");

/** Recent attempts shown per webhook on its page. */
const ATTEMPTS_SHOWN = 20;

/** The body every delivery carries: its own id, the event, when, the campaign, and the event's data. */
function webhookBody({ deliveryId, event, createdAt, campaign, data }: { deliveryId: string; event: WebhookEvent; createdAt: string; campaign: { slug: string; title: string }; data: Record<string, unknown> }) {
  return JSON.stringify({
    id: deliveryId,
    event,
    createdAt,
    campaign: { slug: campaign.slug, title: campaign.title, url: `${env.PUBLIC_URL}/c/${campaign.slug}` },
    data,
  });
}

type LiveWebhook = Awaited<ReturnType<typeof listLiveWebhooks>>[number];

async function queueFor(trx: Executor, hooks: LiveWebhook[], event: WebhookEvent, campaign: { slug: string; title: string }, data: (hook: LiveWebhook) => Record<string, unknown>) {
  const createdAt = now();
  for (const hook of hooks) {
    if (!hook.events.includes(event)) continue;
    const deliveryId = crypto.randomUUID();
    await queueWebhookDelivery(trx, { webhookId: hook.id, url: hook.url, deliveryId, createdAt, body: webhookBody({ deliveryId, event, createdAt, campaign, data: data(hook) }) });
  }
}

/**
 * Queues `signature.verified` for a signature just made verified, in the caller's transaction: costs
 * one index look-up when its campaign has no webhook. A signature left unverified (a flag holds it
 * for review) or invalidated is not told of.
 */
export async function queueSignatureVerified(trx: Executor, { signatureId }: { signatureId: number }) {
  const hooks = (await listLiveWebhooks({ signatureId }, trx)).filter((hook) => hook.events.includes("signature.verified"));
  if (hooks.length === 0) return;
  const signature = await getVerifiedSignatureForWebhook({ signatureId }, trx);
  if (!signature?.verified_at || signature.invalidated_at) return;
  const shown = signature.show_name === 1 && signature.name_hidden === 0;
  await queueFor(trx, hooks, "signature.verified", signature, (hook) => ({
    signature: {
      id: signature.id,
      signerType: signature.signer_type,
      // As the public list shows a signatory: name, organisation and role only if they chose to be shown.
      name: shown ? signature.name : null,
      organisation: shown ? signature.organisation : null,
      role: shown ? signature.role : null,
      language: signature.language,
      source: signature.source,
      verifiedAt: signature.verified_at,
      ...(hook.includeEmails ? { email: signature.email } : {}),
    },
  }));
}

/** Queues `campaign.delivered` when a campaign's first delivery marks it delivered. */
export async function queueCampaignDelivered(trx: Executor, { campaignId, deliveredAt }: { campaignId: number; deliveredAt: string }) {
  const hooks = await listLiveWebhooks({ campaignId }, trx);
  if (!hooks.some((hook) => hook.events.includes("campaign.delivered"))) return;
  const campaign = await getCampaignForWebhook({ campaignId }, trx);
  if (campaign) await queueFor(trx, hooks, "campaign.delivered", campaign, () => ({ deliveredAt }));
}

/** Queues `response.published` when a recipient's response is recorded (and shown on the campaign page). */
export async function queueResponsePublished(
  trx: Executor,
  { campaignId, response }: { campaignId: number; response: { id: number; fromName: string; fromTitle: string; receivedOn: string; publishedAt: string } },
) {
  const hooks = await listLiveWebhooks({ campaignId }, trx);
  if (!hooks.some((hook) => hook.events.includes("response.published"))) return;
  const campaign = await getCampaignForWebhook({ campaignId }, trx);
  if (campaign) await queueFor(trx, hooks, "response.published", campaign, () => ({ response }));
}

/** Wakes the webhook worker after a change that may have queued deliveries (it also looks every second). */
export function wakeWebhooks() {
  webhookWorker.wake();
}

/** The webhooks page: each webhook (never its secret) with its recent attempts. */
export async function getWebhooksPage({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "manageWebhooks" });
  const webhooks = await listWebhooks({ campaignId: campaign.id });
  const attempts = await listRecentAttempts({ webhookIds: webhooks.map((w) => w.id), perWebhook: ATTEMPTS_SHOWN });
  return {
    campaign,
    mayIncludeEmails: may.seeSignerEmails,
    webhooks: webhooks.map((webhook) => ({ ...webhook, attempts: attempts.filter((a) => a.webhook_id === webhook.id) })),
  };
}

/**
 * Adds a webhook after checking its URL (https, and an address outside loopback, private and
 * link-local ranges: utils/webhook-delivery.server.ts), audited as `webhook.create` (without its
 * secret). Returns the secret: shown this once. `includeEmails` counts only for someone who may
 * see signers' emails (staff); from anyone else it is ignored.
 */
export async function createWebhook({ user, slug, input }: { user: SessionUser; slug: string; input: WebhookInput }) {
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "manageWebhooks" });
  let url: string;
  try {
    url = (await checkWebhookUrl(input.url)).toString();
  } catch (error) {
    if (error instanceof WebhookRefused) throw invalid(`webhooks.refused.${error.reason}`);
    throw error;
  }
  const includeEmails = Boolean(input.includeEmails) && may.seeSignerEmails;
  const events = [...new Set(input.events)];
  const secret = newSecret();
  const id = await db.transaction().execute(async (trx) => {
    const at = now();
    const webhookId = await insertWebhook({ campaignId: campaign.id, url, secret, events, includeEmails, createdBy: user.id, createdAt: at }, trx);
    await insertAuditEntry({ userId: user.id, campaignId: campaign.id, action: "webhook.create", after: { webhookId, url, events, includeEmails }, createdAt: at }, trx);
    return webhookId;
  });
  return { id, url, secret };
}

/**
 * Gives a webhook a new secret, returned (shown) this once, audited as `webhook.rotate` (without
 * it). Every delivery from now on, retries included, is signed with the new one.
 */
export async function rotateWebhookSecret({ user, slug, webhookId }: { user: SessionUser; slug: string; webhookId: number }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "manageWebhooks" });
  const secret = newSecret();
  const url = await db.transaction().execute(async (trx) => {
    const webhook = await getWebhook({ campaignId: campaign.id, webhookId }, trx);
    if (!webhook) throw notFound();
    await updateWebhookSecret({ webhookId, secret }, trx);
    await insertAuditEntry({ userId: user.id, campaignId: campaign.id, action: "webhook.rotate", after: { webhookId, url: webhook.url }, createdAt: now() }, trx);
    return webhook.url;
  });
  return { id: webhookId, url, secret };
}

/** Deletes a webhook with its queued deliveries and attempts, audited as `webhook.delete`. */
export async function removeWebhook({ user, slug, webhookId }: { user: SessionUser; slug: string; webhookId: number }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "manageWebhooks" });
  await db.transaction().execute(async (trx) => {
    const webhook = await getWebhook({ campaignId: campaign.id, webhookId }, trx);
    if (!webhook) throw notFound();
    await deleteWebhook({ webhookId }, trx);
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "webhook.delete",
        before: { webhookId, url: webhook.url, events: JSON.parse(webhook.events), includeEmails: webhook.include_emails === 1 },
        createdAt: now(),
      },
      trx,
    );
  });
}
