import { getT, type UiLanguage } from "~/i18n";
import { insertAuditEntry } from "~/models/audit.server";
import { getCampaignBySlug } from "~/models/campaigns.server";
import { listRecipientsForDelivery } from "~/models/deliveries.server";
import {
  advanceMailing,
  getNewsSubscription,
  getResponsePdf,
  insertResponse,
  listResponses,
  listSignersForNews,
  listUnfinishedMailings,
  stopNews,
} from "~/models/responses.server";
import type { SessionUser } from "~/models/users.server";
import type { ResponseInput } from "~/schemas/delivery";
import { db, now } from "~/utils/db.server";
import { conflict } from "~/utils/domain-error";
import { mailUrl } from "~/utils/email.server";
import { idToken, idOfToken } from "~/utils/tokens.server";
import { logger } from "~/utils/logger.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { discardPdf, type PdfUpload, removeUpload, storePdf } from "~/utils/uploads.server";
import { exclusively } from "~/utils/exclusive.server";
import { backgroundWorker } from "~/utils/worker.server";
import { campaignTitles, isPublicStatus, recipientTitle } from "./campaigns.server";
import { getPublicDelivery, recipientLabel, requireDeliverableCampaign } from "./delivery.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { queueResponsePublished } from "./webhooks.server";

/** Signers' mails queued per transaction: big enough to be quick, small enough not to hold the database long. */
const MAILING_BATCH = 500;

/** The responses page: the campaign's recipients to choose from, and the responses recorded. */
export async function getResponsesPage({ user, slug }: { user: SessionUser; slug: string }) {
  const campaign = await requireDeliverableCampaign({ user, slug });
  const [recipients, responses] = await Promise.all([
    listRecipientsForDelivery({ campaignId: campaign.id }),
    listResponses({ campaignId: campaign.id }),
  ]);
  return {
    campaign,
    canRespond: isPublicStatus(campaign.status),
    recipients: recipients.map((r) => ({ id: r.id, label: recipientLabel(r) })),
    responses: responses.map((r) => ({
      id: r.id,
      from: recipientLabel({ name: r.from_name, title: r.from_title }),
      receivedOn: r.received_on,
      hasPdf: Boolean(r.pdf_file),
      mailing: r.mailing_status,
      mailed: r.mailed_count,
    })),
  };
}

/**
 * Records a recipient's response: published on the campaign page at once, and mailed to every
 * signer who asked for news by the mailing worker, in batches after this returns. `pdf` is an
 * upload already checked to be a PDF; it is kept only if the record is written.
 */
export async function recordResponse({ user, slug, input, pdf }: { user: SessionUser; slug: string; input: ResponseInput; pdf: PdfUpload }) {
  const campaign = await requireDeliverableCampaign({ user, slug });
  const recipient = (await listRecipientsForDelivery({ campaignId: campaign.id })).find((r) => r.id === input.recipientId);
  const refusal = !isPublicStatus(campaign.status) ? "delivery.errors.notPublic" : !recipient ? "delivery.errors.recipientGone" : undefined;
  if (refusal || !recipient) {
    await discardPdf(pdf);
    throw conflict(refusal ?? "delivery.errors.recipientGone");
  }
  const pdfFile = pdf.status === "ok" ? await storePdf(pdf) : null;
  try {
    await db.transaction().execute(async (trx) => {
      const at = now();
      const response = {
        campaign_id: campaign.id,
        recipient_id: recipient.id,
        from_name: recipient.name,
        from_title: recipient.title,
        received_on: input.receivedOn,
        body: input.body,
        pdf_file: pdfFile,
        pdf_bytes: pdf.status === "ok" ? pdf.bytes : null,
        created_by: user.id,
        created_at: at,
        mailing_status: "mailing" as const,
      };
      const responseId = await insertResponse({ response }, trx);
      await insertAuditEntry({ userId: user.id, campaignId: campaign.id, action: "response.record", after: { responseId, ...response }, createdAt: at }, trx);
      await queueResponsePublished(trx, {
        campaignId: campaign.id,
        response: { id: responseId, fromName: response.from_name, fromTitle: response.from_title, receivedOn: response.received_on, publishedAt: at },
      });
    });
  } catch (error) {
    if (pdfFile) await removeUpload(pdfFile);
    throw error;
  }
  responseMailer.wake();
  outboxWorker.wake();
}

/** What the public campaign page says about delivery and responses; nothing for a campaign not public. */
export async function getCampaignOutcome({ slug }: { slug: string }) {
  const campaign = await getCampaignBySlug({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) return { delivery: null, responses: [] };
  const [delivery, responses] = await Promise.all([getPublicDelivery({ campaignId: campaign.id }), listResponses({ campaignId: campaign.id })]);
  return {
    delivery,
    responses: responses.map((r) => ({
      id: r.id,
      from: recipientLabel({ name: r.from_name, title: r.from_title }),
      receivedOn: r.received_on,
      html: renderMarkdown(r.body),
      pdfUrl: r.pdf_file ? `/c/${slug}/responses/${r.id}/response.pdf` : null,
    })),
  };
}

/** A response's PDF, for anyone who may see the campaign. */
export async function getResponsePdfFile({ slug, id }: { slug: string; id: number }) {
  const campaign = await getCampaignBySlug({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) return undefined;
  const response = await getResponsePdf({ campaignId: campaign.id, responseId: id });
  return response?.pdf_file ? { file: response.pdf_file, downloadName: `response-${response.from_name}` } : undefined;
}

// Unsubscribe links carry the signature id and an HMAC of it: nothing to store for a million signers.
export function unsubscribeToken(signatureId: number) {
  return idToken("unsubscribe", signatureId);
}

function signatureIdOf(token: string) {
  return idOfToken("unsubscribe", token);
}

/** What an unsubscribe link shows; undefined for a link we never made. */
export async function getNewsSubscriptionByToken({ token }: { token: string }) {
  const signatureId = signatureIdOf(token);
  const subscription = signatureId ? await getNewsSubscription({ signatureId }) : undefined;
  return subscription && { campaignTitle: subscription.title, slug: subscription.slug, subscribed: subscription.wants_updates === 1 };
}

/** Stops news for one signature. Safe to repeat; false for a link we never made. */
export async function unsubscribe({ token }: { token: string }) {
  const signatureId = signatureIdOf(token);
  if (!signatureId || !(await getNewsSubscription({ signatureId }))) return false;
  await stopNews({ signatureId });
  return true;
}

type Mailing = Awaited<ReturnType<typeof listUnfinishedMailings>>[number];

/**
 * The title of whoever responded, in `language`: their title in it from the campaign's recipients,
 * if they are still the recipient recorded with the response; else the title recorded.
 */
function responderTitleIn(response: Mailing, language: UiLanguage) {
  const sameRecipient = response.recipient_name === response.from_name && response.recipient_title === response.from_title;
  return sameRecipient ? recipientTitle({ title: response.from_title, titles: response.recipient_titles }, language) : response.from_title;
}

/**
 * Queues the next batch of one response's mail: one message per signer who asked for news, in the
 * language they signed in (the campaign's title, the responder's title, the date and the links in
 * it), with one-click unsubscribe headers (RFC 8058). The cursor moves in the same transaction as
 * the messages, so a crash loses the whole batch or none of it, and nobody gets the mail twice.
 */
export async function queueResponseMailBatch({ responseId, batchSize = MAILING_BATCH }: { responseId: number; batchSize?: number }) {
  return db.transaction().execute(async (trx) => {
    const response = (await listUnfinishedMailings(trx)).find((r) => r.id === responseId);
    if (!response) return { queued: 0, done: true };
    const signers = await listSignersForNews({ campaignId: response.campaign_id, afterId: response.mailing_cursor, limit: batchSize }, trx);
    const titleIn = await campaignTitles(trx, { id: response.campaign_id, title: response.title });
    const received = new Date(`${response.received_on}T00:00:00.000Z`);
    // What is the same for every signer of one language, worked out once per language.
    const byLanguage = new Map<UiLanguage, { campaignTitle: string; campaignUrl: string; from: string; receivedOn: string }>();
    const wordsIn = (language: UiLanguage) => {
      let words = byLanguage.get(language);
      if (!words) {
        words = {
          campaignTitle: titleIn(language),
          campaignUrl: mailUrl(language, `/c/${response.slug}#responses`),
          from: recipientLabel({ name: response.from_name, title: responderTitleIn(response, language) }),
          receivedOn: getT(language)("delivery.date", { date: received }),
        };
        byLanguage.set(language, words);
      }
      return words;
    };
    for (const signer of signers) {
      const unsubscribeUrl = mailUrl(signer.language, `/unsubscribe/${unsubscribeToken(signer.id)}`);
      await queueMail(trx, {
        template: "campaign-response",
        to: signer.email,
        language: signer.language,
        data: { ...wordsIn(signer.language), body: response.body, unsubscribeUrl },
        headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      });
    }
    const done = signers.length < batchSize;
    const moved = await advanceMailing(
      { responseId, fromCursor: response.mailing_cursor, cursor: signers.at(-1)?.id ?? response.mailing_cursor, queued: signers.length, done, at: now() },
      trx,
    );
    if (!moved) throw new Error(`Mailing of response ${responseId} moved under this batch`);
    return { queued: signers.length, done };
  });
}

/** Queues every unfinished mailing to the end, a batch at a time, until `stopped` says so. */
async function runResponseMailings({ stopped }: { stopped: () => boolean }) {
  for (const response of await listUnfinishedMailings()) {
    while (!stopped()) {
      const batch = await queueResponseMailBatch({ responseId: response.id });
      if (batch.queued) outboxWorker.wake();
      if (batch.done) break;
      await new Promise((resolve) => setImmediate(resolve)); // let requests in between batches
    }
  }
}

/** The mailing worker: wakes when a response is recorded, and at start-up for work a stopped process left. */
export const responseMailer = backgroundWorker("response-mailer", {
  async recover() {
    const unfinished = await listUnfinishedMailings();
    if (unfinished.length) logger.warn({ responses: unfinished.map((r) => r.id) }, "Mailing responses left unfinished by a stopped process");
  },
  // One process queues a mailing at a time; the cursor's guard would refuse a second anyway.
  run: async (stopped) => {
    await exclusively("response-mailings", () => runResponseMailings({ stopped }));
  },
  // A mailing recorded while another process held the job is left to this timer (or to that process).
  nextRunIn: async () => ((await listUnfinishedMailings()).length ? 5_000 : 60_000),
});
