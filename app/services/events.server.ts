import QRCode from "qrcode";
import { insertAuditEntry } from "~/models/audit.server";
import { getCampaignBySlug, listRecipients } from "~/models/campaigns.server";
import {
  closeKioskRow,
  countSignaturesByEvent,
  getCampaignEvent,
  getCampaignKiosk,
  getKioskByTokenHash,
  insertEvent,
  insertKiosk,
  listCampaignEvents,
  listOpenKiosks,
} from "~/models/events.server";
import { getCurrentLetterText, getLetterTextOfCampaign } from "~/models/letters.server";
import { insertSignatureOnce } from "~/models/signatures.server";
import { parseEasyReadBody } from "~/schemas/easy-read";
import type { EventInput } from "~/schemas/events";
import type { KioskSignatureInput } from "~/schemas/signature";
import { localePath } from "~/i18n/paths";
import { db, type Language, type LetterVariant, now } from "~/utils/db.server";
import { conflict, DomainError, invalid, notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { hashToken, newToken } from "~/utils/tokens.server";
import { type Actor, requireCampaignAccess } from "./access.server";
import { getSigningContext, isOpenForSigning, languagesOf, recipientTitle } from "./campaigns.server";
import { pictureUrl, usesOpenMoji } from "./pictures.server";
import { signCampaign } from "./signing.server";
import { queueSignatureVerified, wakeWebhooks } from "./webhooks.server";

// Events where people sign in person, and the kiosk: a tablet on the stand, opened by a secret link
// that staff hand out. A kiosk works only on its event's dates (UK dates, first and last day
// included) and until it is closed; a signer there may give an email (confirmed by mail, as online)
// or none (counted as witnessed at the event).

/** A date as events are written (YYYY-MM-DD), in the UK: the day a stand in Cardiff is having. */
export function londonDate(at = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** A campaign's events, each with the signatures counted from it and, for staff, its open kiosks. */
export async function listEvents({ actor, slug }: { actor: Actor; slug: string }) {
  const { campaign, may } = await requireCampaignAccess({ actor, slug, need: "view" });
  const [events, counts, kiosks] = await Promise.all([
    listCampaignEvents({ campaignId: campaign.id }),
    countSignaturesByEvent({ campaignId: campaign.id }),
    may.runKiosk ? listOpenKiosks({ campaignId: campaign.id }) : [],
  ]);
  const today = londonDate();
  return {
    campaign,
    may,
    languages: languagesOf(campaign),
    events: events.map((event) => ({
      ...event,
      signatures: counts.get(event.id) ?? 0,
      over: event.ends_on < today,
      kiosks: kiosks.filter((kiosk) => kiosk.event_id === event.id),
    })),
  };
}

/** Adds an event to a campaign (its team and staff), audited as `event.create`. */
export async function createEvent({ actor, slug, input }: { actor: Actor; slug: string; input: EventInput }) {
  const { campaign } = await requireCampaignAccess({ actor, slug, need: "edit" });
  const language = input.language ?? campaign.language;
  if (!languagesOf(campaign).includes(language)) throw invalid("events.errors.languageNotCampaign");
  const event = { name: input.name, place: input.place || null, startsOn: input.startsOn, endsOn: input.endsOn ?? input.startsOn, language };
  return db.transaction().execute(async (trx) => {
    const at = now();
    const id = await insertEvent({ campaignId: campaign.id, ...event, createdBy: actor.id, createdAt: at }, trx);
    await insertAuditEntry({ userId: actor.id, campaignId: campaign.id, action: "event.create", after: { eventId: id, ...event }, createdAt: at }, trx);
    return { id, ...event };
  });
}

/**
 * Opens a kiosk for an event (staff): its link holds 256 random bits and is returned this once; only
 * its SHA-256 is kept. The link is in the event's language (`/cy/kiosk/…` for a Welsh event).
 */
export async function openKiosk({ actor, slug, eventId }: { actor: Actor; slug: string; eventId: number }) {
  const { campaign } = await requireCampaignAccess({ actor, slug, need: "runKiosk" });
  const event = await getCampaignEvent({ campaignId: campaign.id, eventId });
  if (!event) throw notFound();
  if (event.ends_on < londonDate()) throw conflict("events.errors.eventOver", { name: event.name });
  const token = newToken();
  const kioskId = await db.transaction().execute(async (trx) => {
    const at = now();
    const id = await insertKiosk({ eventId: event.id, tokenHash: hashToken(token), openedBy: actor.id, openedAt: at }, trx);
    await insertAuditEntry({ userId: actor.id, campaignId: campaign.id, action: "kiosk.open", after: { kioskId: id, eventId: event.id, event: event.name }, createdAt: at }, trx);
    return id;
  });
  const link = `${env.PUBLIC_URL}${localePath(event.language, `/kiosk/${token}`)}`;
  return { kioskId, event, link, qrCode: qrCodePath(link) };
}

/**
 * A QR code of a link as one SVG path of unit squares on a `size` × `size` grid, for the page to
 * draw inline (the page's Content-Security-Policy allows no data: images), so a tablet's camera can
 * open the kiosk without anyone typing its 43-character secret.
 */
function qrCodePath(link: string) {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: "M" });
  let path = "";
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) path += `M${x} ${y}h1v1h-1z`;
  }
  return { size: modules.size, path };
}

/** Closes a kiosk now (staff): its link stops working at once. Closing one already closed changes nothing. */
export async function closeKiosk({ actor, slug, kioskId }: { actor: Actor; slug: string; kioskId: number }) {
  const { campaign } = await requireCampaignAccess({ actor, slug, need: "runKiosk" });
  const kiosk = await getCampaignKiosk({ campaignId: campaign.id, kioskId });
  if (!kiosk) throw notFound();
  await db.transaction().execute(async (trx) => {
    const at = now();
    if (!(await closeKioskRow({ kioskId, closedBy: actor.id, closedAt: at }, trx))) return;
    await insertAuditEntry({ userId: actor.id, campaignId: campaign.id, action: "kiosk.close", before: { kioskId, eventId: kiosk.event_id, event: kiosk.event_name }, createdAt: at }, trx);
  });
  return { event: kiosk.event_name };
}

/** Why a kiosk link does not open a sign form, and the status its page answers with. */
export type KioskRefusal = "notYet" | "over" | "closed" | "campaignNotOpen";
const refusalStatus: Record<KioskRefusal, 403 | 410> = { notYet: 403, over: 410, closed: 410, campaignNotOpen: 403 };

/**
 * The kiosk a link opens, and whether it may take signatures now: on its event's dates, not closed,
 * and its campaign open for signing. An unknown link is not found (404).
 */
async function findKiosk(token: string) {
  const kiosk = await getKioskByTokenHash({ tokenHash: hashToken(token) });
  if (!kiosk) throw notFound();
  const campaign = await getCampaignBySlug({ slug: kiosk.slug });
  const today = londonDate();
  const refusal: KioskRefusal | undefined = kiosk.closed_at
    ? "closed"
    : today > kiosk.ends_on
      ? "over"
      : today < kiosk.starts_on
        ? "notYet"
        : !campaign || !isOpenForSigning(campaign)
          ? "campaignNotOpen"
          : undefined;
  const event = { name: kiosk.event_name, place: kiosk.event_place, startsOn: kiosk.starts_on, endsOn: kiosk.ends_on };
  return { kiosk, event, refusal };
}

/** Whether a kiosk link may take a signature now, and if not why (with the status to answer): the door's check before it reads a form. */
export async function checkKiosk({ token }: { token: string }) {
  const { kiosk, event, refusal } = await findKiosk(token);
  return { kioskId: kiosk.id, event, refused: refusal ? { reason: refusal, status: refusalStatus[refusal] } : undefined };
}

/**
 * What a kiosk's page shows: when it may take signatures, the campaign, the letter in the page's
 * language (standard, or Easy Read rows and pictures) and the text a signature is bound to; when it
 * may not, only why (and the event), never a form.
 */
export async function getKioskPage({ token, language, variant }: { token: string; language: Language; variant: LetterVariant }) {
  const { kiosk, event, refusal } = await findKiosk(token);
  if (refusal) return { refused: { reason: refusal, status: refusalStatus[refusal] }, event } as const;
  const { campaign, letter } = await getSigningContext({ slug: kiosk.slug, language, variant });
  const [recipients, easyRead] = await Promise.all([
    listRecipients({ campaignId: campaign.id }),
    variant === "standard" ? getCurrentLetterText({ campaignId: campaign.id, language: campaign.shownLanguage, variant: "easy_read" }) : undefined,
  ]);
  const rows = variant === "easy_read" ? parseEasyReadBody(letter.body) : [];
  return {
    refused: undefined,
    kioskId: kiosk.id,
    event,
    campaign: { title: campaign.title, language: campaign.shownLanguage, hasEasyRead: variant === "easy_read" || Boolean(easyRead) },
    letter: {
      id: letter.id,
      html: variant === "standard" ? renderMarkdown(letter.body) : "",
      rows: rows.map((row) => ({ text: row.text, alt: row.alt, src: pictureUrl(row.picture) })),
      openMoji: usesOpenMoji(rows.map((row) => row.picture)),
    },
    recipients: recipients.map((r) => ({ id: r.id, name: r.name, title: recipientTitle(r, campaign.shownLanguage), role: r.role })),
  } as const;
}

/**
 * A signature at a kiosk. With an email it is an online signature in every way but its source (the
 * event): stored unconfirmed, with its confirmation mail. Without one it is counted at once, as
 * witnessed at the event: confirmed now, and the batch counter adds it. Refused (403 or 410) when
 * the kiosk may not take signatures now, with nothing written.
 */
export async function signAtKiosk({
  token,
  input,
  ipAddress,
  language,
  variant,
}: {
  token: string;
  input: KioskSignatureInput;
  ipAddress: string;
  language: Language;
  variant: LetterVariant;
}) {
  const { kiosk, refusal } = await findKiosk(token);
  if (refusal) throw new DomainError(`kiosk.refused.${refusal}`, {}, refusalStatus[refusal]);
  const { campaign, letter } = await getSigningContext({ slug: kiosk.slug, language, variant });
  const origin = { source: "event" as const, eventId: kiosk.event_id };
  if (input.email) {
    await signCampaign({ campaign, letter, input: { ...input, email: input.email }, ipAddress, language, origin });
    return { outcome: "checkEmail" as const };
  }
  await db.transaction().execute(async (trx) => {
    const letter =
      (input.letterTextId && (await getLetterTextOfCampaign({ campaignId: campaign.id, letterTextId: input.letterTextId }, trx))) ||
      (await getCurrentLetterText({ campaignId: campaign.id, language: campaign.shownLanguage, variant }, trx));
    if (!letter) throw new Error(`Campaign ${campaign.slug} has no letter text`);
    const at = now();
    const signatureId = await insertSignatureOnce(
      {
        signature: {
          campaign_id: campaign.id,
          letter_version_id: letter.letter_version_id,
          letter_text_id: letter.id,
          letter_sha256: letter.sha256,
          language,
          name: input.name,
          email: null,
          signer_type: input.signerType,
          organisation: input.signerType === "individual" ? null : (input.organisation ?? null),
          role: ("role" in input && input.role) || null,
          location: input.location,
          comment: ("comment" in input && input.comment) || null,
          show_name: input.showName ? 1 : 0,
          // News goes by email: a signer who gave none gets none.
          wants_updates: 0,
          helper_name: input.helped === "yes" ? (input.helperName ?? null) : null,
          helper_relation: input.helped === "yes" ? (input.helperRelation ?? null) : null,
          ip_address: ipAddress,
          created_at: at,
          verified_at: at,
          count_pending: 1,
          mails_sent: 0,
          source: origin.source,
          event_id: origin.eventId,
        },
      },
      trx,
    );
    if (signatureId !== undefined) await queueSignatureVerified(trx, { signatureId });
  });
  wakeWebhooks();
  return { outcome: "counted" as const };
}
