import crypto from "node:crypto";
import QRCode from "qrcode";
import type { UiLanguage } from "~/i18n";
import { localePath } from "~/i18n/paths";
import { insertAuditEntry } from "~/models/audit.server";
import { listCampaignTexts } from "~/models/campaigns.server";
import { getCampaignEvent, listCampaignEvents } from "~/models/events.server";
import { listCurrentLetterTexts, listLetterTextsOfVersion } from "~/models/letters.server";
import { getHighestSheetNumber, insertSheets, isSheetNumberTaken, listSheetBatches, listSheetsInRange } from "~/models/sheets.server";
import type { SessionUser } from "~/models/users.server";
import { sheetLabel } from "~/schemas/paper";
import { db, now } from "~/utils/db.server";
import { conflict, invalid, notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { requireCampaignAccess } from "./access.server";
import { isOpenForSigning, languagesOf } from "./campaigns.server";
import { type PrintedSheet, writeSheetsPdf } from "./sheets-pdf.server";

// Printed signature sheets. A batch is recorded before it is printed: each sheet gets the next
// number of its campaign (S-0001, S-0002, …), a check code, the letter version it carries, the
// event it is for, who printed it and when. Its PDF is drawn from those records, so a batch can be
// downloaded again and prints the same. Only an open campaign's sheets are issued: a draft's letter
// may still be rewritten in place, and its page (the QR code's) is not public yet.

/** Check codes use letters and digits nobody misreads on paper: no 0/O, no 1/I. */
const CHECK_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CHECK_LENGTH = 6;
/** Two people printing at the same moment take the same numbers; the later one tries again this often. */
const ATTEMPTS = 5;

/** A random check code: 6 of 32 characters (30 bits), stored with its sheet. */
function newCheckCode() {
  return Array.from({ length: CHECK_LENGTH }, () => CHECK_ALPHABET[crypto.randomInt(CHECK_ALPHABET.length)]).join("");
}

/** Whether sheets may be issued for the campaign now: while it is open for signing. */
const canIssueSheets = (campaign: Parameters<typeof isOpenForSigning>[0]) => isOpenForSigning(campaign);

/** The sheets page: the campaign, the batches printed so far, newest first, and the events to print for. */
export async function getSheetsPage({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "paper" });
  const [batches, events] = await Promise.all([listSheetBatches({ campaignId: campaign.id }), listCampaignEvents({ campaignId: campaign.id })]);
  return {
    campaign,
    may,
    canIssue: canIssueSheets(campaign),
    events,
    batches: batches.map((b) => ({
      first: Number(b.first),
      last: Number(b.last),
      issuedAt: b.issued_at,
      event: b.event_name,
      issuedBy: b.issued_by_name || b.issued_by_email,
    })),
  };
}

/**
 * Records `count` new sheets of an open campaign in one transaction, numbered on from its highest,
 * each with a check code, the current letter version and the event (one of the campaign's own), and
 * audits the batch. Returns the first and last numbers.
 */
export async function issueSheets({ user, slug, count, eventId }: { user: SessionUser; slug: string; count: number; eventId?: number }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "paper" });
  if (!canIssueSheets(campaign)) throw conflict("sheets.errors.notOpen");
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        if (eventId !== undefined && !(await getCampaignEvent({ campaignId: campaign.id, eventId }, trx))) throw invalid("sheets.errors.eventUnknown");
        const [text] = await listCurrentLetterTexts({ campaignId: campaign.id }, trx);
        if (!text) throw conflict("sheets.errors.notOpen");
        const first = (await getHighestSheetNumber({ campaignId: campaign.id }, trx)) + 1;
        const last = first + count - 1;
        const at = now();
        await insertSheets(
          {
            rows: Array.from({ length: count }, (_, i) => ({
              campaignId: campaign.id,
              number: first + i,
              checkCode: newCheckCode(),
              letterVersionId: text.letter_version_id,
              eventId: eventId ?? null,
              issuedBy: user.id,
              issuedAt: at,
            })),
          },
          trx,
        );
        await insertAuditEntry(
          {
            userId: user.id,
            campaignId: campaign.id,
            action: "sheets.issue",
            after: { first: sheetLabel(first), last: sheetLabel(last), count, eventId: eventId ?? null, letterVersion: text.number },
            createdAt: at,
          },
          trx,
        );
        return { first, last };
      });
    } catch (error) {
      if (attempt < ATTEMPTS && isSheetNumberTaken(error)) continue;
      throw error;
    }
  }
}

/**
 * The PDF of sheets `first` to `last` of a campaign, every one of them issued (else 404), drawn from
 * their records: the letter version each carries, its check code and event. The campaign's team and staff.
 */
export async function sheetsPdf({ user, slug, first, last }: { user: SessionUser; slug: string; first: number; last: number }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "paper" });
  const sheets = await listSheetsInRange({ campaignId: campaign.id, first, last });
  if (sheets.length !== last - first + 1) throw notFound();
  const languages = languagesOf(campaign);
  const letters = new Map<number, { language: UiLanguage; body: string }[]>();
  for (const versionId of new Set(sheets.map((s) => s.letter_version_id))) {
    const texts = await listLetterTextsOfVersion({ letterVersionId: versionId });
    letters.set(
      versionId,
      texts.map((text) => ({ language: text.language, body: text.body })),
    );
  }
  const texts = await listCampaignTexts({ campaignIds: [campaign.id] });
  const titles = Object.fromEntries(languages.map((language) => [language, texts.find((t) => t.language === language)?.title || campaign.title]));
  const campaignUrl = `${env.PUBLIC_URL}${localePath(campaign.language, `/c/${campaign.slug}`)}`;
  const qrCode = await QRCode.toBuffer(campaignUrl, { type: "png", errorCorrectionLevel: "M", margin: 0, scale: 8 });
  const printed: PrintedSheet[] = sheets.map((sheet) => ({
    number: sheet.number,
    checkCode: sheet.check_code,
    letter: letters.get(sheet.letter_version_id) ?? [],
    event: sheet.event_name
      ? { name: sheet.event_name, place: sheet.event_place, startsOn: sheet.event_starts_on!, endsOn: sheet.event_ends_on! }
      : undefined,
  }));
  return {
    fileName: `${campaign.slug}-sheets-${sheetLabel(first)}-${sheetLabel(last)}.pdf`,
    pdf: writeSheetsPdf({ languages, titles, campaignUrl, qrCode, issuedAt: sheets[0].issued_at, sheets: printed }),
  };
}
