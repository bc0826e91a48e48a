import crypto from "node:crypto";
import type { TemplateData, TemplateName } from "#emails/index";
import type { TextVariant, UiLanguage } from "~/i18n";
import {
  claimDueMessages,
  insertOutboxMessage,
  markMessageFailed,
  markMessageSent,
  nextDueTime,
  releaseAbandonedClaims,
} from "~/models/outbox.server";
import { db, type Executor, isSqlite, now } from "~/utils/db.server";
import { appProcess } from "~/utils/app-process.server";
import { inGroupCommit } from "~/utils/group-commit.server";
import { renderEmail, SendError, sendEmail } from "~/utils/email.server";
import { getWebhookForDelivery, insertWebhookAttempt } from "~/models/webhooks.server";
import { postWebhook } from "~/utils/webhook-delivery.server";
import { logger } from "~/utils/logger.server";
import { backgroundWorker } from "~/utils/worker.server";
import { packFilePath } from "~/utils/pack-files.server";

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;
const POLL_MS = 1_000;
/** Messages claimed at once: enough to keep every pooled connection to the mail server busy. */
const BATCH = 50;

/**
 * A webhook delivery is given up (marked failed) after this many tries: with the back-off below,
 * about 2.5 hours of a receiver being down.
 */
export const MAX_WEBHOOK_ATTEMPTS = 20;

/** 1 s, 2 s, 4 s … up to 15 minutes between tries; a mail server that is down loses nothing. */
export function backoffMs(attempts: number) {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** What a queued message is rendered from when it is sent. */
interface Payload<N extends TemplateName> {
  language: UiLanguage;
  variant: TextVariant | undefined;
  data: TemplateData<N>;
}

/**
 * The message to send: rendered now from its template and data, in the reader's language, or (for
 * a message queued before mail was rendered by the worker) as it was rendered then.
 */
function renderMessage(message: { template: string; payload: string | null; subject: string | null; text_body: string | null; html_body: string | null }) {
  if (!message.payload) return { subject: message.subject ?? "", text: message.text_body ?? "", html: message.html_body ?? "" };
  const { language, variant, data } = JSON.parse(message.payload) as Payload<TemplateName>;
  return renderEmail(message.template as TemplateName, language, data, variant);
}

/**
 * Queues a message in the same transaction as the change that causes it. The worker renders and
 * sends it after the commit; if the transaction rolls back, the message never existed. `attachment.file`
 * is a pack's file name under DATA_DIR/packs/; `headers` are extra mail headers. The mail is
 * written in `language` (the reader's: the one they signed, wrote, were invited or signed in in),
 * and says so in its `Content-Language` header and its HTML's `lang`.
 */
export async function queueMail<N extends TemplateName>(
  trx: Executor,
  {
    template,
    to,
    language,
    variant,
    data,
    attachment,
    headers,
  }: {
    template: N;
    to: string;
    language: UiLanguage;
    /** Easy Read for a signer of the Easy Read letter: its wording where it has one, the standard text elsewhere. */
    variant?: TextVariant;
    data: TemplateData<N>;
    attachment?: { file: string; name: string };
    headers?: Record<string, string>;
  },
) {
  const createdAt = now();
  const messageId = `${crypto.randomUUID()}@undersigned`;
  const id = await insertOutboxMessage(
    {
      message: {
        template,
        recipient: to,
        payload: JSON.stringify({ language, variant, data } satisfies Payload<N>),
        status: "pending",
        next_attempt_at: createdAt,
        message_id: messageId,
        created_at: createdAt,
        attachment_file: attachment?.file ?? null,
        attachment_name: attachment?.name ?? null,
        headers: JSON.stringify({ ...headers, "Content-Language": language }),
      },
    },
    trx,
  );
  return { id, messageId };
}

/**
 * Queues a webhook delivery in the transaction of the change it tells of: an outbox row with the
 * webhook's id, the JSON body as its payload and the delivery's id as its message id. The worker
 * signs and POSTs it (deliverWebhook).
 */
export async function queueWebhookDelivery(trx: Executor, { webhookId, url, deliveryId, body, createdAt }: { webhookId: number; url: string; deliveryId: string; body: string; createdAt: string }) {
  return insertOutboxMessage(
    {
      message: {
        template: "webhook",
        recipient: url,
        payload: body,
        status: "pending",
        next_attempt_at: createdAt,
        message_id: deliveryId,
        created_at: createdAt,
        webhook_id: webhookId,
      },
    },
    trx,
  );
}

/** `sha256=` and the hex HMAC-SHA256 of `{timestamp}.{body}` with the webhook's secret: X-Undersigned-Signature. */
export function webhookSignature({ secret, timestamp, body }: { secret: string; timestamp: number; body: string }) {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

type ClaimedMessage = Awaited<ReturnType<typeof claimDueMessages>>[number];

/**
 * One try at a webhook delivery: signed now (its timestamp is the time of this try), POSTed to the
 * webhook's URL as it is now, the try recorded. A 2xx delivers it; a refused address, a 4xx other
 * than 408/425/429, a deleted webhook or the last allowed try fails it for good; anything else is
 * tried again after the back-off. Returns whether it was delivered.
 */
async function deliverWebhook(message: ClaimedMessage & { webhook_id: number }) {
  const attempt = message.attempts + 1;
  const body = message.payload ?? "{}";
  const event = (JSON.parse(body) as { event?: string }).event ?? "unknown";
  const webhook = await getWebhookForDelivery({ webhookId: message.webhook_id });
  if (!webhook || webhook.disabled_at) {
    await markMessageFailed({ id: message.id, error: "webhook deleted or disabled", nextAttemptAt: now(), permanent: true });
    return false;
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const at = now();
  const reply = await postWebhook({
    url: webhook.url,
    body,
    headers: {
      "X-Undersigned-Event": event,
      "X-Undersigned-Delivery": message.message_id,
      "X-Undersigned-Timestamp": String(timestamp),
      "X-Undersigned-Signature": webhookSignature({ secret: webhook.secret, timestamp, body }),
    },
  });
  const recorded = await inGroupCommit(async (trx) => {
    const kept = await insertWebhookAttempt(
      { webhookId: webhook.id, outboxId: message.id, deliveryId: message.message_id, event, attempt, at, statusCode: reply.statusCode, error: reply.error, durationMs: reply.durationMs, delivered: reply.delivered },
      trx,
    );
    // Deleted, with its webhook, while it was on its way: nothing left to record.
    if (!kept) return false;
    if (reply.delivered) await markMessageSent({ id: message.id, subject: event, sentAt: now() }, trx);
    else {
      const permanent = reply.permanent || attempt >= MAX_WEBHOOK_ATTEMPTS;
      await markMessageFailed({ id: message.id, error: reply.error ?? "not delivered", nextAttemptAt: new Date(Date.now() + backoffMs(attempt)).toISOString(), permanent }, trx);
    }
    return true;
  });
  if (!recorded) return false;
  if (!reply.delivered) logger.warn({ outboxId: message.id, webhookId: webhook.id, attempt, err: reply.error }, "Webhook not delivered; will retry unless permanent");
  return reply.delivered;
}

/**
 * Sends every message that is due, a batch at a time, until none is or the worker is stopping (a
 * backlog of thousands must not hold a shut-down). Returns how many were sent.
 */
export async function sendDueMail(stopped: () => boolean = () => false) {
  let sent = 0;
  while (!stopped()) {
    const at = Date.now();
    const batch = await claimDueMessages({
      now: new Date(at).toISOString(),
      leaseUntil: new Date(at + LEASE_MS).toISOString(),
      limit: BATCH,
      claimer: appProcess.key,
      webhooks: false,
    });
    if (batch.length === 0) return sent;
    const results = await Promise.all(
      batch.map(async (message) => {
        let subject: string;
        try {
          const rendered = renderMessage(message);
          subject = rendered.subject;
          await sendEmail({
            to: message.recipient,
            ...rendered,
            messageId: message.message_id,
            headers: message.headers ? (JSON.parse(message.headers) as Record<string, string>) : undefined,
            attachments: message.attachment_file
              ? [{ filename: message.attachment_name ?? message.attachment_file, path: packFilePath(message.attachment_file) }]
              : undefined,
          });
        } catch (error) {
          const permanent = error instanceof SendError && error.permanent;
          const attempts = message.attempts + 1;
          await markMessageFailed({
            id: message.id,
            error: error instanceof Error ? error.message : String(error),
            nextAttemptAt: new Date(Date.now() + backoffMs(attempts)).toISOString(),
            permanent,
          });
          logger.warn({ outboxId: message.id, attempts, permanent, err: String(error) }, "Mail not sent; will retry unless permanent");
          return false;
        }
        // Recorded as soon as the mail server has accepted it, in one commit with the others of the
        // moment. A crash in between sends it again after the restart, with the same Message-ID
        // (SMTP itself cannot rule that out: the server's "accepted" can be lost on the way back).
        await inGroupCommit((trx) => markMessageSent({ id: message.id, subject, sentAt: now() }, trx));
        return true;
      }),
    );
    const sentNow = results.filter(Boolean).length;
    sent += sentNow;
    if (sentNow < batch.length) return sent; // the server is failing: wait for the back-off
  }
  return sent;
}

/**
 * The worker: runs in the server process, wakes on new mail and on a timer for retries. On SQLite
 * (one app process) mail left "sending" at start-up was being sent by this process before it
 * stopped, so it is due again at once. On PostgreSQL another process may be sending it right now:
 * there a claim is taken back when its process is gone or its lease runs out (claimDueMessages),
 * by whichever process looks next.
 */
export const outboxWorker = backgroundWorker("outbox-worker", {
  async recover() {
    if (!isSqlite(db)) return;
    const released = await releaseAbandonedClaims();
    if (released) logger.warn({ released }, "Mail left half-sent by a stopped process is due again");
  },
  run: async (stopped) => {
    await sendDueMail(stopped);
  },
  async nextRunIn() {
    const due = await nextDueTime({ webhooks: false });
    return due ? Math.max(50, Math.min(POLL_MS, Date.parse(due) - Date.now())) : POLL_MS;
  },
});

/** Webhook deliveries claimed at once: each may wait up to WEBHOOK_TIMEOUT_MS on its receiver. */
const WEBHOOK_BATCH = 20;

/** Delivers every webhook delivery that is due, a batch at a time, until none is or the worker is stopping. */
export async function deliverDueWebhooks(stopped: () => boolean = () => false) {
  // Up to WEBHOOK_BATCH deliveries at once, a new one claimed as each ends: a receiver that takes
  // its time holds up one place, not the batch it came in.
  const inFlight = new Set<Promise<unknown>>();
  while (!stopped()) {
    const at = Date.now();
    const claimed = await claimDueMessages({
      now: new Date(at).toISOString(),
      leaseUntil: new Date(at + LEASE_MS).toISOString(),
      limit: WEBHOOK_BATCH - inFlight.size,
      claimer: appProcess.key,
      webhooks: true,
    });
    for (const message of claimed) {
      const delivery: Promise<unknown> = deliverWebhook({ ...message, webhook_id: message.webhook_id! }).finally(() => {
        inFlight.delete(delivery);
      });
      inFlight.add(delivery);
    }
    if (inFlight.size === 0) return;
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

/**
 * The webhook worker: like the mail's, beside it, so that a receiver that is slow or down delays
 * only webhooks. Deliveries a stopped process left half done are taken back as mail is (on SQLite
 * at start by the outbox worker's recovery, which releases every kind; on PostgreSQL by the claim).
 */
export const webhookWorker = backgroundWorker("webhook-worker", {
  async recover() {},
  run: deliverDueWebhooks,
  async nextRunIn() {
    const due = await nextDueTime({ webhooks: true });
    return due ? Math.max(50, Math.min(POLL_MS, Date.parse(due) - Date.now())) : POLL_MS;
  },
});
