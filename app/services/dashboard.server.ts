import {
  countSheetRowOutcomes,
  countSignaturesBySheet,
  countSignaturesByState,
  countVerifiedByEvent,
  countVerifiedBySource,
  countVerifiedByDay,
  countVerifiedByLanguage,
  countVerifiedByLetterVersion,
  countVerifiedBySignerType,
  searchSignatures,
} from "~/models/signature-stats.server";
import type { WorkspaceCampaign } from "~/models/campaigns.server";
import { listCampaignEvents } from "~/models/events.server";
import { listSheets } from "~/models/sheets.server";
import { sheetLabel } from "~/schemas/paper";
import { listCurrentLetterTexts } from "~/models/letters.server";
import type { Language, LetterVariant, SignatureSource } from "~/utils/db.server";
import { languagesOf } from "./campaigns.server";

export const CHART_DAYS = 30;
export const SEARCH_PAGE_SIZE = 50;

/**
 * Verified and pending counts, signatures per day (the last 30 days, zeros included), by type, by
 * language, by version, by variant (standard or Easy Read), how many someone helped to make, by
 * source (online, paper, event, with each event) and by paper sheet.
 * `withEmails`: whether the reader may see signers' addresses (access policy).
 */
export async function getCampaignDashboard({ campaign, withEmails }: { campaign: WorkspaceCampaign; withEmails: boolean }) {
  const today = new Date();
  const days = Array.from({ length: CHART_DAYS }, (_, i) => {
    const d = new Date(today);
    d.setUTCDate(d.getUTCDate() - (CHART_DAYS - 1 - i));
    return d.toISOString().slice(0, 10);
  });
  const [counts, perDay, byType, perLanguage, byVersion, easyReadTexts, latest, perSource, perEvent, perSheet, rowOutcomes, events, sheets] = await Promise.all([
    countSignaturesByState({ campaignId: campaign.id }),
    countVerifiedByDay({ campaignId: campaign.id, since: `${days[0]}T00:00:00.000Z` }),
    countVerifiedBySignerType({ campaignId: campaign.id }),
    countVerifiedByLanguage({ campaignId: campaign.id }),
    countVerifiedByLetterVersion({ campaignId: campaign.id }),
    listCurrentLetterTexts({ campaignId: campaign.id, variant: "easy_read" }),
    searchSignatures({ campaignId: campaign.id, withEmail: withEmails, limit: 10, offset: 0 }),
    countVerifiedBySource({ campaignId: campaign.id }),
    countVerifiedByEvent({ campaignId: campaign.id }),
    countSignaturesBySheet({ campaignId: campaign.id }),
    countSheetRowOutcomes({ campaignId: campaign.id }),
    listCampaignEvents({ campaignId: campaign.id }),
    listSheets({ campaignId: campaign.id }),
  ]);
  const byDay = new Map(perDay.map((d) => [d.day, d.count]));
  const eventCounts = new Map(perEvent.map((e) => [e.eventId, e.count]));
  const sheetCounts = new Map(perSheet.map((s) => [s.sheetId, s]));
  const outcomes = new Map(rowOutcomes.map((o) => [`${o.sheetId} ${o.status}`, o.count]));
  const rowOutcome = (sheetId: number, status: "disputed" | "duplicate") => outcomes.get(`${sheetId} ${status}`) ?? 0;
  return {
    counts,
    perDay: days.map((day) => ({ day, count: byDay.get(day) ?? 0 })),
    byType,
    byLanguage: byLanguage(campaign, perLanguage),
    byVersion,
    byVariant: byVariant(byVersion),
    /** Whether the campaign's letter has an Easy Read version (the counts by variant are shown then, or once anyone signed one). */
    easyRead: easyReadTexts.length > 0,
    assisted: byVersion.reduce((sum, v) => sum + v.assisted, 0),
    bySource: bySource(perSource),
    /** Every event of the campaign, soonest first, with the signatures made at it (nought included). */
    byEvent: events.map((e) => ({ id: e.id, name: e.name, count: eventCounts.get(e.id) ?? 0 })),
    /**
     * Every sheet printed, by number: the signatures typed in from it (and invalidated by staff), its
     * rows still to settle and those of people who had signed already, and whether its scan is in.
     */
    bySheet: sheets.map((s) => {
      const counted = sheetCounts.get(s.id);
      return {
        id: s.id,
        label: sheetLabel(s.number),
        verified: counted?.verified ?? 0,
        invalidated: counted?.invalidated ?? 0,
        disputed: rowOutcome(s.id, "disputed"),
        duplicates: rowOutcome(s.id, "duplicate"),
        scanned: s.scan_file !== null,
      };
    }),
    latest: latest.map(toRow),
  };
}

/** Verified signatures online, on paper and at events, nought included. */
function bySource(counts: { source: SignatureSource; count: number }[]) {
  return (["online", "paper", "event"] as const).map((source) => ({ source, count: counts.find((c) => c.source === source)?.count ?? 0 }));
}

/** Verified signatures of the standard letter and of the Easy Read one, nought included. */
function byVariant(byVersion: { variant: LetterVariant; count: number }[]) {
  return (["standard", "easy_read"] as const).map((variant) => ({
    variant,
    count: byVersion.filter((v) => v.variant === variant).reduce((sum, v) => sum + v.count, 0),
  }));
}

/**
 * Verified signatures in each of the campaign's languages, primary first, nought included (a
 * Welsh text nobody has signed yet shows "Cymraeg 0"); then any other language signatures were
 * made in (one the campaign has since dropped).
 */
function byLanguage(campaign: Pick<WorkspaceCampaign, "language" | "languages">, counts: { language: Language; count: number }[]) {
  const order = [...new Set([...languagesOf(campaign), ...counts.map((c) => c.language)])];
  return order.map((language) => ({ language, count: counts.find((c) => c.language === language)?.count ?? 0 }));
}

export async function searchCampaignSignatures({ campaign, withEmails, q, page }: { campaign: WorkspaceCampaign; withEmails: boolean; q?: string; page: number }) {
  const rows = await searchSignatures({
    campaignId: campaign.id,
    q,
    withEmail: withEmails,
    limit: SEARCH_PAGE_SIZE + 1,
    offset: (page - 1) * SEARCH_PAGE_SIZE,
  });
  return { rows: rows.slice(0, SEARCH_PAGE_SIZE).map(toRow), hasMore: rows.length > SEARCH_PAGE_SIZE };
}

function toRow(s: Awaited<ReturnType<typeof searchSignatures>>[number]) {
  return {
    id: s.id,
    name: s.name,
    signerType: s.signer_type,
    organisation: s.organisation,
    role: s.role,
    location: s.location,
    signedAt: s.created_at,
    verifiedAt: s.verified_at,
    // A signer in the room may have given no address: null then, even for staff.
    email: "email" in s ? (s.email as string | null) : undefined,
    comment: "comment" in s ? (s.comment as string | null) : undefined,
    nameHidden: s.name_hidden === 1,
    commentHidden: s.comment_hidden === 1,
    invalidatedAt: s.invalidated_at,
    invalidatedReason: s.invalidated_reason,
  };
}

export type SignatureRow = ReturnType<typeof toRow>;
