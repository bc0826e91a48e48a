import { insertAuditEntry } from "~/models/audit.server";
import { getWorkspaceCampaign, updateCampaign, type WorkspaceCampaign } from "~/models/campaigns.server";
import {
  getDeliveredPack,
  getDelivery,
  getDeliveryDownload,
  insertDelivery,
  listDeliveries,
  listRecipientsForDelivery,
  markFirstDownload,
  replaceDeliveryMessage,
} from "~/models/deliveries.server";
import { getLatestPack } from "~/models/packs.server";
import type { SessionUser } from "~/models/users.server";
import type { ManualDeliveryInput, SendDeliveryInput } from "~/schemas/delivery";
import { type CampaignStatus, db, type Executor, now, type RecipientRole } from "~/utils/db.server";
import { conflict } from "~/utils/domain-error";
import { mailUrl } from "~/utils/email.server";
import { hashToken, newToken } from "~/utils/tokens.server";
import { requireCampaignAccess } from "./access.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { queueCampaignDelivered } from "./webhooks.server";
import { packFilePath } from "~/utils/pack-files.server";

/**
 * Packs up to this size go with the mail as an attachment as well as by link. Most mail servers
 * take 20–25 MB, and base64 adds a third, so 10 MB gets through nearly everywhere.
 */
const ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;

/** Statuses from which a campaign may be delivered; the first delivery makes it "delivered". */
const deliverable: CampaignStatus[] = ["open", "closed", "delivered"];

/** The campaign, if this person may deliver it (services/access.server.ts). */
export async function requireDeliverableCampaign({ user, slug }: { user: SessionUser; slug: string }) {
  return (await requireCampaignAccess({ actor: user, slug, need: "deliver" })).campaign;
}

/** "Jane Minister, Minister for Care": how a recipient is named on pages and in records. */
export function recipientLabel({ name, title }: { name: string; title: string }) {
  return title && title !== name ? `${name}, ${title}` : name;
}

/** Who a delivery went to, copied onto its record: the editor replaces recipient rows. */
function recipientOf(recipient: { id: number; name: string; title: string; role: RecipientRole; email: string | null }) {
  return {
    recipient_id: recipient.id,
    recipient_name: recipient.name,
    recipient_title: recipient.title,
    recipient_role: recipient.role,
    recipient_email: recipient.email,
  };
}

/** A delivery's state: by email, its mail's; by hand or post, recorded as done. */
function deliveryState(d: { method: string; outbox_status: string | null }) {
  if (d.method !== "email") return "recorded" as const;
  if (d.outbox_status === "sent") return "sent" as const;
  if (d.outbox_status === "failed") return "failed" as const;
  return "queued" as const;
}

async function latestPack(campaignId: number) {
  const pack = await getLatestPack({ campaignId });
  if (!pack?.file) return undefined;
  return { id: pack.id, file: pack.file, bytes: pack.bytes ?? 0, createdAt: pack.created_at, attached: (pack.bytes ?? 0) <= ATTACHMENT_LIMIT_BYTES };
}

/** The delivery page: the pack to send, every recipient, and every delivery with its state. */
export async function getDeliveryPage({ user, slug }: { user: SessionUser; slug: string }) {
  const campaign = await requireDeliverableCampaign({ user, slug });
  const [pack, recipients, deliveries] = await Promise.all([
    latestPack(campaign.id),
    listRecipientsForDelivery({ campaignId: campaign.id }),
    listDeliveries({ campaignId: campaign.id }),
  ]);
  return {
    campaign,
    canDeliver: deliverable.includes(campaign.status),
    pack: pack && { createdAt: pack.createdAt, size: formatBytes(pack.bytes), attached: pack.attached },
    recipients: recipients.map((r) => ({ ...r, label: recipientLabel(r) })),
    /** Recipients with no delivery at all yet, so the page accounts for every one. */
    waiting: recipients.filter((r) => !deliveries.some((d) => d.recipient_id === r.id)).map((r) => ({ id: r.id, label: recipientLabel(r), role: r.role, email: r.email })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      recipient: recipientLabel({ name: d.recipient_name, title: d.recipient_title }),
      role: d.recipient_role,
      email: d.recipient_email,
      method: d.method,
      state: deliveryState(d),
      messageId: d.message_id,
      sentAt: d.sent_at,
      error: d.last_error,
      deliveredOn: d.delivered_on,
      deliveredBy: d.delivered_by,
      note: d.note,
      firstDownloadedAt: d.first_downloaded_at,
      createdAt: d.created_at,
      createdBy: d.created_by_email,
    })),
  };
}

/** The campaign as it is inside the transaction, refused unless it may be delivered. */
async function deliverableCampaign(trx: Executor, slug: string) {
  const campaign = await getWorkspaceCampaign({ slug }, trx);
  if (!campaign || !deliverable.includes(campaign.status)) throw conflict("delivery.errors.notDeliverable");
  return campaign;
}

/** The first delivery marks the campaign delivered, audited as any change of status. */
async function markDelivered(trx: Executor, { campaign, user, at }: { campaign: WorkspaceCampaign; user: SessionUser; at: string }) {
  if (campaign.status === "delivered") return;
  await updateCampaign({ campaignId: campaign.id, changes: { status: "delivered", updated_at: at } }, trx);
  await insertAuditEntry(
    { userId: user.id, campaignId: campaign.id, action: "campaign.status", before: { status: campaign.status }, after: { status: "delivered" }, createdAt: at },
    trx,
  );
  await queueCampaignDelivered(trx, { campaignId: campaign.id, deliveredAt: at });
}

function formatBytes(bytes: number) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Queues one recipient's mail: their own download link, and the pack attached when small enough.
 * It is written in the campaign's primary language, the one its letter is addressed in.
 */
async function queueDeliveryMail(
  trx: Executor,
  { campaign, pack, to, message }: { campaign: WorkspaceCampaign; pack: { file: string; bytes: number }; to: string; message: string },
) {
  const token = newToken();
  const attached = pack.bytes <= ATTACHMENT_LIMIT_BYTES;
  const { language } = campaign;
  const mail = await queueMail(trx, {
    template: "pack-delivery",
    to,
    language,
    data: {
      campaignTitle: campaign.title,
      campaignUrl: mailUrl(language, `/c/${campaign.slug}`),
      message,
      downloadUrl: mailUrl(language, `/packs/${token}`),
      attached,
      size: formatBytes(pack.bytes),
    },
    attachment: attached ? { file: pack.file, name: `${campaign.slug}-pack.zip` } : undefined,
  });
  return { outboxId: mail.id, tokenHash: hashToken(token) };
}

/**
 * Sends the pack to the recipients chosen, one mail each. The delivery records, their mail, the
 * audit entry and the campaign's change to "delivered" are one transaction. A recipient who
 * already has this pack on its way or delivered by email is refused (a second click), so nothing
 * goes twice; a failed one is sent again from its own record.
 */
export async function sendDelivery({ user, slug, input }: { user: SessionUser; slug: string; input: SendDeliveryInput }) {
  const { id: campaignId } = await requireDeliverableCampaign({ user, slug });
  const pack = await latestPack(campaignId);
  if (!pack) throw conflict("delivery.errors.noPack");
  await db.transaction().execute(async (trx) => {
    const campaign = await deliverableCampaign(trx, slug);
    const recipients = await listRecipientsForDelivery({ campaignId }, trx);
    const earlier = await listDeliveries({ campaignId }, trx);
    const chosen = [...new Set(input.recipients)].map((id) => recipients.find((r) => r.id === id));
    const at = now();
    const sent = [];
    for (const recipient of chosen) {
      if (!recipient?.email) throw conflict("delivery.errors.recipientGone");
      const twice = earlier.some(
        (d) => d.recipient_id === recipient.id && d.method === "email" && d.pack_export_id === pack.id && deliveryState(d) !== "failed",
      );
      if (twice) throw conflict("delivery.errors.alreadySent", { name: recipientLabel(recipient) });
      const mail = await queueDeliveryMail(trx, { campaign, pack, to: recipient.email, message: input.message });
      const deliveryId = await insertDelivery(
        {
          delivery: {
            campaign_id: campaignId,
            ...recipientOf(recipient),
            pack_export_id: pack.id,
            method: "email",
            covering_message: input.message,
            outbox_id: mail.outboxId,
            download_token_hash: mail.tokenHash,
            created_by: user.id,
            created_at: at,
          },
        },
        trx,
      );
      sent.push({ deliveryId, name: recipient.name, email: recipient.email, role: recipient.role });
    }
    await insertAuditEntry(
      { userId: user.id, campaignId, action: "delivery.send", after: { packExportId: pack.id, attached: pack.attached, recipients: sent }, createdAt: at },
      trx,
    );
    await markDelivered(trx, { campaign, user, at });
  });
  outboxWorker.wake();
}

/** Sends a failed delivery again: a new mail with a new link, and the record follows it. */
export async function resendDelivery({ user, slug, deliveryId }: { user: SessionUser; slug: string; deliveryId: number }) {
  const { id: campaignId } = await requireDeliverableCampaign({ user, slug });
  await db.transaction().execute(async (trx) => {
    const campaign = await deliverableCampaign(trx, slug);
    const delivery = await getDelivery({ campaignId, deliveryId }, trx);
    if (!delivery?.recipient_email || delivery.outbox_id === null || deliveryState(delivery) !== "failed") {
      throw conflict("delivery.errors.notFailed");
    }
    const pack = await getDeliveredPack({ packExportId: delivery.pack_export_id }, trx);
    if (!pack?.file) throw conflict("delivery.errors.noPack");
    const mail = await queueDeliveryMail(trx, {
      campaign,
      pack: { file: pack.file, bytes: pack.bytes ?? 0 },
      to: delivery.recipient_email,
      message: delivery.covering_message ?? "",
    });
    const replaced = await replaceDeliveryMessage({ deliveryId, fromOutboxId: delivery.outbox_id, outboxId: mail.outboxId, tokenHash: mail.tokenHash }, trx);
    if (!replaced) throw conflict("delivery.errors.notFailed");
    const at = now();
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId,
        action: "delivery.resend",
        before: { deliveryId, outboxId: delivery.outbox_id, error: delivery.last_error },
        after: { deliveryId, outboxId: mail.outboxId, email: delivery.recipient_email },
        createdAt: at,
      },
      trx,
    );
  });
  outboxWorker.wake();
}

/** Records a delivery by hand or by post, with its date, who took it and a note. */
export async function recordManualDelivery({ user, slug, input }: { user: SessionUser; slug: string; input: ManualDeliveryInput }) {
  const { id: campaignId } = await requireDeliverableCampaign({ user, slug });
  const pack = await latestPack(campaignId);
  if (!pack) throw conflict("delivery.errors.noPack");
  await db.transaction().execute(async (trx) => {
    const campaign = await deliverableCampaign(trx, slug);
    const recipient = (await listRecipientsForDelivery({ campaignId }, trx)).find((r) => r.id === input.recipientId);
    if (!recipient) throw conflict("delivery.errors.recipientGone");
    const at = now();
    const record = {
      campaign_id: campaignId,
      ...recipientOf(recipient),
      pack_export_id: pack.id,
      method: input.method,
      delivered_on: input.deliveredOn,
      delivered_by: input.deliveredBy,
      note: input.note || null,
      created_by: user.id,
      created_at: at,
    };
    const deliveryId = await insertDelivery({ delivery: record }, trx);
    await insertAuditEntry({ userId: user.id, campaignId, action: "delivery.record", after: { deliveryId, ...record }, createdAt: at }, trx);
    await markDelivered(trx, { campaign, user, at });
  });
}

/**
 * What the public page says about delivery: the first day the pack reached someone (a mail sent,
 * or a delivery by hand or post), and everyone it has reached, addressees and copies apart.
 */
export async function getPublicDelivery({ campaignId }: { campaignId: number }) {
  const delivered = (await listDeliveries({ campaignId })).filter((d) => ["sent", "recorded"].includes(deliveryState(d)));
  if (delivered.length === 0) return null;
  const on = delivered.map((d) => (d.method === "email" ? d.sent_at! : `${d.delivered_on}T00:00:00.000Z`)).sort()[0];
  const names = (role: string) => [
    ...new Set(delivered.filter((d) => d.recipient_role === role).map((d) => recipientLabel({ name: d.recipient_name, title: d.recipient_title }))),
  ];
  return { on, to: names("to"), copies: names("cc") };
}

/**
 * The pack behind a recipient's download link, and the first time it was fetched. (A mail
 * scanner that follows links counts as a download: the time is a hint, not a receipt.)
 */
export async function openDeliveredPack({ token }: { token: string }) {
  const delivery = await getDeliveryDownload({ tokenHash: hashToken(token) });
  if (!delivery?.file) return undefined;
  await markFirstDownload({ deliveryId: delivery.id, at: now() });
  return { path: packFilePath(delivery.file), name: `${delivery.slug}-pack.zip` };
}
