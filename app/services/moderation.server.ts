import { insertAuditEntry } from "~/models/audit.server";
import type { WorkspaceCampaign } from "~/models/campaigns.server";
import { getAbuseRules, saveAbuseRules } from "~/models/abuse-rules.server";
import {
  clearSignatureFlags,
  countFlaggedSignatures,
  getSignatureForModeration,
  invalidateSignatures,
  listFlaggedAmong,
  listFlaggedSignatures,
  listValidSignatureAddresses,
  listValidSignatureIdsByEmailDomain,
  listValidSignatureIdsCreatedBetween,
  setSignatureHidden,
} from "~/models/signature-moderation.server";
import type { SessionUser } from "~/models/users.server";
import { type BulkCriteria, FLAGGED_LIST_LIMIT } from "~/schemas/moderation";
import { db, type Executor, now } from "~/utils/db.server";
import { conflict, notFound } from "~/utils/domain-error";
import { ipRangeMatcher } from "~/utils/ip-ranges.server";
import { requireCampaignAccess } from "./access.server";
import { queueSignatureVerified } from "./webhooks.server";

// Staff moderation: hiding a signatory's name or comment from the public page (still counted),
// invalidating signatures (out of every count, kept for the record). Each change and its audit
// entry are one transaction; the public count follows through the batch counter.

/** The campaign, if this person may moderate it (services/access.server.ts). */
async function requireModeratedCampaign(user: SessionUser, slug: string) {
  return (await requireCampaignAccess({ actor: user, slug, need: "moderate" })).campaign;
}

async function requireSignature(trx: Executor, campaign: WorkspaceCampaign, signatureId: number) {
  const signature = await getSignatureForModeration({ campaignId: campaign.id, signatureId }, trx);
  if (!signature) throw notFound();
  return signature;
}

/** Hides (or shows again) a signatory's name or comment on the public page. Returns whether it changed. */
export async function setSignatureVisibility({
  user,
  slug,
  signatureId,
  part,
  hidden,
}: {
  user: SessionUser;
  slug: string;
  signatureId: number;
  part: "name" | "comment";
  hidden: boolean;
}) {
  const campaign = await requireModeratedCampaign(user, slug);
  const column = part === "name" ? "name_hidden" : "comment_hidden";
  return db.transaction().execute(async (trx) => {
    const signature = await requireSignature(trx, campaign, signatureId);
    const before = signature[column] === 1;
    if (before === hidden) return false;
    const at = now();
    await setSignatureHidden({ signatureId, column, hidden }, trx);
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: `signature.${hidden ? "hide" : "show"}${part === "name" ? "Name" : "Comment"}`,
        before: { signatureId, [`${part}Hidden`]: before },
        after: { signatureId, [`${part}Hidden`]: hidden },
        createdAt: at,
      },
      trx,
    );
    return true;
  });
}

/** Invalidates one signature with a reason. Already invalidated: nothing changes (a form sent twice). */
export async function invalidateSignature({
  user,
  slug,
  signatureId,
  reason,
}: {
  user: SessionUser;
  slug: string;
  signatureId: number;
  reason: string;
}) {
  const campaign = await requireModeratedCampaign(user, slug);
  return db.transaction().execute(async (trx) => {
    const signature = await requireSignature(trx, campaign, signatureId);
    if (signature.invalidated_at) return false;
    const at = now();
    await invalidateSignatures({ signatureIds: [signatureId], reason, userId: user.id, at }, trx);
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "signature.invalidate",
        before: { signatureId, verified: signature.verified_at !== null, invalidatedAt: null },
        after: { signatureId, invalidatedAt: at, reason },
        createdAt: at,
      },
      trx,
    );
    return true;
  });
}

/** The still-valid signatures that match: exactly the rows a bulk invalidation would change. */
async function matchingSignatureIds(trx: Executor, campaign: WorkspaceCampaign, criteria: BulkCriteria) {
  switch (criteria.kind) {
    case "domain":
      return listValidSignatureIdsByEmailDomain({ campaignId: campaign.id, domain: criteria.domain }, trx);
    case "timeWindow":
      return listValidSignatureIdsCreatedBetween({ campaignId: campaign.id, from: criteria.from, to: criteria.to }, trx);
    case "ipRange": {
      // SQL cannot compare addresses portably, so the range is matched here, with node:net.
      const inRange = ipRangeMatcher(criteria.ipRange);
      const rows = await listValidSignatureAddresses({ campaignId: campaign.id }, trx);
      return rows.filter((row) => row.ip_address !== null && inRange(row.ip_address)).map((row) => row.id);
    }
  }
}

/** How many signatures a bulk invalidation with these criteria would change now. */
export async function previewBulkInvalidation({ user, slug, criteria }: { user: SessionUser; slug: string; criteria: BulkCriteria }) {
  const campaign = await requireModeratedCampaign(user, slug);
  const ids = await matchingSignatureIds(db, campaign, criteria);
  return { count: ids.length };
}

/**
 * Invalidates every still-valid signature that matches, in one transaction, if their number is
 * still the one the preview showed; otherwise nothing changes and the caller shows the new number.
 */
export async function invalidateInBulk({
  user,
  slug,
  criteria,
  reason,
  expected,
}: {
  user: SessionUser;
  slug: string;
  criteria: BulkCriteria;
  reason: string;
  expected: number;
}) {
  const campaign = await requireModeratedCampaign(user, slug);
  return db.transaction().execute(async (trx) => {
    const ids = await matchingSignatureIds(trx, campaign, criteria);
    if (ids.length !== expected) throw conflict("moderation.errors.countChanged", { expected, count: ids.length });
    return invalidateAudited(trx, { user, campaignId: campaign.id, ids, reason, criteria });
  });
}

/** Invalidates `ids` with `reason` and audits it as one bulk invalidation chosen by `criteria`. */
async function invalidateAudited(
  trx: Executor,
  { user, campaignId, ids, reason, criteria }: { user: SessionUser; campaignId: number; ids: number[]; reason: string; criteria: BulkCriteria | { kind: "flagged" } },
) {
  if (ids.length === 0) return { count: 0 };
  const at = now();
  const count = await invalidateSignatures({ signatureIds: ids, reason, userId: user.id, at }, trx);
  await insertAuditEntry(
    {
      userId: user.id,
      campaignId,
      action: "signature.invalidateBulk",
      before: { criteria, signatureIds: ids, invalidatedAt: null },
      after: { criteria, count, reason, invalidatedAt: at },
      createdAt: at,
    },
    trx,
  );
  return { count };
}

/**
 * Signatures the quiet abuse flags (services/abuse.server.ts) hold for review: the newest
 * FLAGGED_LIST_LIMIT with the number of all, and the campaign's rules. Emails only for a reader
 * the access policy lets see them.
 */
export async function getFlaggedForReview({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "moderate" });
  const [rows, total, rules] = await Promise.all([
    listFlaggedSignatures({ campaignId: campaign.id, withEmail: may.seeSignerEmails, limit: FLAGGED_LIST_LIMIT }),
    countFlaggedSignatures({ campaignId: campaign.id }),
    getAbuseRules({ campaignId: campaign.id }),
  ]);
  return {
    flagged: rows.map((r) => ({
      id: r.id,
      name: r.name,
      location: r.location,
      signedAt: r.created_at,
      reason: r.flag_reason!,
      confirmed: r.flag_confirmed_at !== null,
      email: "email" in r ? (r.email as string | null) : undefined,
    })),
    total,
    rules: { ranges: rules?.ranges ?? "", hourlyLimit: rules?.hourly_limit ?? null },
  };
}

/**
 * Clears the flags of the chosen signatures still waiting (others are left alone: a form sent
 * twice, or one another moderator dealt with). A confirmed one is counted through the batch
 * counter; an unconfirmed one will be when its signer confirms.
 */
export async function clearFlags({ user, slug, signatureIds }: { user: SessionUser; slug: string; signatureIds: number[] }) {
  const campaign = await requireModeratedCampaign(user, slug);
  return db.transaction().execute(async (trx) => {
    const waiting = await listFlaggedAmong({ campaignId: campaign.id, signatureIds }, trx);
    if (waiting.length === 0) return { count: 0 };
    const at = now();
    const ids = waiting.map((w) => w.id);
    const count = await clearSignatureFlags({ signatureIds: ids, userId: user.id, at }, trx);
    const confirmed = waiting.filter((w) => w.confirmed);
    const counted = confirmed.length;
    // A confirmed one is verified now: its webhooks are told, as of any other.
    for (const signature of confirmed) await queueSignatureVerified(trx, { signatureId: signature.id });
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "signature.flags_clear",
        before: { signatureIds: ids, flagClearedAt: null },
        after: { count, counted, flagClearedAt: at },
        createdAt: at,
      },
      trx,
    );
    return { count };
  });
}

/** Invalidates the chosen signatures still waiting for review; never counted, they owe the count nothing. */
export async function invalidateFlagged({ user, slug, signatureIds, reason }: { user: SessionUser; slug: string; signatureIds: number[]; reason: string }) {
  const campaign = await requireModeratedCampaign(user, slug);
  return db.transaction().execute(async (trx) => {
    const ids = (await listFlaggedAmong({ campaignId: campaign.id, signatureIds }, trx)).map((w) => w.id);
    return invalidateAudited(trx, { user, campaignId: campaign.id, ids, reason, criteria: { kind: "flagged" } });
  });
}

/** Saves the campaign's abuse rules (already checked by AbuseRulesSchema). Returns whether they changed. */
export async function updateAbuseRules({
  user,
  slug,
  ranges,
  hourlyLimit,
}: {
  user: SessionUser;
  slug: string;
  ranges: string | null;
  hourlyLimit: number | null;
}) {
  const campaign = await requireModeratedCampaign(user, slug);
  return db.transaction().execute(async (trx) => {
    const before = await getAbuseRules({ campaignId: campaign.id }, trx);
    const was = { ranges: before?.ranges ?? null, hourlyLimit: before?.hourly_limit ?? null };
    if (was.ranges === ranges && was.hourlyLimit === hourlyLimit) return false;
    const at = now();
    await saveAbuseRules({ campaignId: campaign.id, ranges, hourlyLimit, userId: user.id, at }, trx);
    await insertAuditEntry(
      { userId: user.id, campaignId: campaign.id, action: "campaign.abuse_rules", before: was, after: { ranges, hourlyLimit }, createdAt: at },
      trx,
    );
    return true;
  });
}
