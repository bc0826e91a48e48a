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
import { logger } from "~/utils/logger.server";
import { backgroundWorker } from "~/utils/worker.server";
import { packFilePath } from "~/utils/pack-files.server";

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;
const POLL_MS = 1_000;
/** Messages claimed at once: enough to keep every pooled connection to the mail server busy. */
const BATCH = 50;

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
    const due = await nextDueTime(db);
    return due ? Math.max(50, Math.min(POLL_MS, Date.parse(due) - Date.now())) : POLL_MS;
  },
});
