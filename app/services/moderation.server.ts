import { BlockList, isIP } from "node:net";
import { insertAuditEntry } from "~/models/audit.server";
import type { WorkspaceCampaign } from "~/models/campaigns.server";
import {
  getSignatureForModeration,
  invalidateSignatures,
  listValidSignatureAddresses,
  listValidSignatureIdsByEmailDomain,
  listValidSignatureIdsCreatedBetween,
  setSignatureHidden,
} from "~/models/signature-moderation.server";
import type { SessionUser } from "~/models/users.server";
import type { BulkCriteria } from "~/schemas/moderation";
import { db, type Executor, now } from "~/utils/db.server";
import { conflict, notFound } from "~/utils/domain-error";
import { requireCampaignAccess } from "./access.server";

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

/** True for an address in the range (IPv4 or IPv6 CIDR, or one address); IPv4-mapped IPv6 addresses count as IPv4. */
function ipRangeMatcher(range: string) {
  const [address, prefix] = range.split("/");
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const list = new BlockList();
  list.addSubnet(address, prefix === undefined ? (family === "ipv4" ? 32 : 128) : Number(prefix), family);
  return (ip: string) => {
    const version = isIP(ip);
    return version !== 0 && list.check(ip, version === 4 ? "ipv4" : "ipv6");
  };
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
    if (ids.length === 0) return { count: 0 };
    const at = now();
    const count = await invalidateSignatures({ signatureIds: ids, reason, userId: user.id, at }, trx);
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "signature.invalidateBulk",
        before: { criteria, signatureIds: ids, invalidatedAt: null },
        after: { criteria, count, reason, invalidatedAt: at },
        createdAt: at,
      },
      trx,
    );
    return { count };
  });
}
