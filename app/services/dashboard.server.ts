import {
  countSignaturesByState,
  countVerifiedByDay,
  countVerifiedByLanguage,
  countVerifiedByLetterVersion,
  countVerifiedBySignerType,
  searchSignatures,
} from "~/models/signature-stats.server";
import type { WorkspaceCampaign } from "~/models/campaigns.server";
import { listCurrentLetterTexts } from "~/models/letters.server";
import type { Language, LetterVariant } from "~/utils/db.server";
import { languagesOf } from "./campaigns.server";

export const CHART_DAYS = 30;
export const SEARCH_PAGE_SIZE = 50;

/**
 * Verified and pending counts, signatures per day (the last 30 days, zeros included), by type, by
 * language, by version, by variant (standard or Easy Read) and how many someone helped to make.
 * `withEmails`: whether the reader may see signers' addresses (access policy).
 */
export async function getCampaignDashboard({ campaign, withEmails }: { campaign: WorkspaceCampaign; withEmails: boolean }) {
  const today = new Date();
  const days = Array.from({ length: CHART_DAYS }, (_, i) => {
    const d = new Date(today);
    d.setUTCDate(d.getUTCDate() - (CHART_DAYS - 1 - i));
    return d.toISOString().slice(0, 10);
  });
  const [counts, perDay, byType, perLanguage, byVersion, easyReadTexts, latest] = await Promise.all([
    countSignaturesByState({ campaignId: campaign.id }),
    countVerifiedByDay({ campaignId: campaign.id, since: `${days[0]}T00:00:00.000Z` }),
    countVerifiedBySignerType({ campaignId: campaign.id }),
    countVerifiedByLanguage({ campaignId: campaign.id }),
    countVerifiedByLetterVersion({ campaignId: campaign.id }),
    listCurrentLetterTexts({ campaignId: campaign.id, variant: "easy_read" }),
    searchSignatures({ campaignId: campaign.id, withEmail: withEmails, limit: 10, offset: 0 }),
  ]);
  const byDay = new Map(perDay.map((d) => [d.day, d.count]));
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
    latest: latest.map(toRow),
  };
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
    email: "email" in s ? (s.email as string) : undefined,
    comment: "comment" in s ? (s.comment as string | null) : undefined,
    nameHidden: s.name_hidden === 1,
    commentHidden: s.comment_hidden === 1,
    invalidatedAt: s.invalidated_at,
    invalidatedReason: s.invalidated_reason,
  };
}

export type SignatureRow = ReturnType<typeof toRow>;
