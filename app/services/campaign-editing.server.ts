import { insertAuditEntry, listCampaignAudit } from "~/models/audit.server";
import {
  getWorkspaceCampaign,
  insertCampaignMember,
  listCampaignsPastClosing,
  listRecipientsForTeam,
  replaceRecipients,
  slugIsTaken,
  updateCampaign,
  type WorkspaceCampaign,
} from "~/models/campaigns.server";
import { getCurrentLetterText, rewriteLetterText } from "~/models/letters.server";
import { getSetting, setSetting } from "~/models/settings.server";
import type { SessionUser } from "~/models/users.server";
import type { CampaignEditorInput } from "~/schemas/campaign";
import { type CampaignStatus, db, type Executor, now } from "~/utils/db.server";
import { conflict, invalid } from "~/utils/domain-error";
import { logger } from "~/utils/logger.server";
import { insertNewCampaign, letterSha256, recipientRows } from "./campaigns.server";
import { type CampaignNeed, requireCampaignAccess, requireSiteAccess } from "./access.server";

export const REVIEW_REQUIRED = "review_required";

/** Whether staff must approve a campaign before it opens (a site-wide setting staff can change). */
export async function isReviewRequired() {
  return (await getSetting({ key: REVIEW_REQUIRED })) === "1";
}

export async function setReviewRequired({ user, required }: { user: SessionUser; required: boolean }) {
  requireSiteAccess({ actor: user, need: "changeSettings" });
  await db.transaction().execute(async (trx) => {
    const at = now();
    const before = (await getSetting({ key: REVIEW_REQUIRED }, trx)) === "1";
    await setSetting({ key: REVIEW_REQUIRED, value: required ? "1" : "0", at }, trx);
    await insertAuditEntry({ userId: user.id, campaignId: null, action: "settings.review", before: { required: before }, after: { required }, createdAt: at }, trx);
  });
}

export type StatusAction = "publish" | "submit" | "approve" | "sendBack" | "close" | "reopen" | "markDelivered" | "archive";

/** What each change of state asks of the person making it (services/access.server.ts). */
const statusActionNeeds: Record<StatusAction, CampaignNeed> = {
  publish: "edit",
  submit: "edit",
  close: "edit",
  reopen: "edit",
  approve: "review",
  sendBack: "review",
  markDelivered: "finish",
  archive: "finish",
};

/**
 * The changes of state this person may make now. Campaigners publish directly unless staff
 * require review, in which case they submit and staff approve or send back with a reason.
 */
export function availableActions({ status, may, reviewRequired }: { status: CampaignStatus; may: Record<CampaignNeed, boolean>; reviewRequired: boolean }) {
  const actions: { action: StatusAction; to: CampaignStatus }[] = [];
  if (status === "draft") actions.push(may.review || !reviewRequired ? { action: "publish", to: "open" } : { action: "submit", to: "submitted" });
  if (status === "submitted") actions.push({ action: "approve", to: "open" }, { action: "sendBack", to: "draft" });
  if (status === "open") actions.push({ action: "close", to: "closed" });
  if (status === "closed") actions.push({ action: "reopen", to: "open" }, { action: "markDelivered", to: "delivered" });
  if (status === "closed" || status === "delivered") actions.push({ action: "archive", to: "archived" });
  return actions.filter(({ action }) => may[statusActionNeeds[action]]);
}

async function snapshot(trx: Executor, campaign: WorkspaceCampaign) {
  const letter = await getCurrentLetterText({ campaignId: campaign.id, language: campaign.language }, trx);
  return {
    slug: campaign.slug,
    title: campaign.title,
    summary: campaign.summary,
    body: letter?.body ?? "",
    recipients: await listRecipientsForTeam({ campaignId: campaign.id }, trx),
    goal: campaign.goal,
    closesAt: campaign.closes_at,
    thankYou: campaign.thank_you,
    status: campaign.status,
  };
}

/** The editor's values for a campaign. */
export async function getCampaignForEditor({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  return { campaign, values: await snapshot(db, campaign) };
}

export async function createDraftCampaign({ user, input }: { user: SessionUser; input: CampaignEditorInput }) {
  return db.transaction().execute(async (trx) => {
    const at = now();
    const campaignId = await insertNewCampaign(trx, { ...input, status: "draft" }, at);
    await insertCampaignMember({ campaignId, userId: user.id, role: "owner", createdAt: at }, trx);
    await insertAuditEntry({ userId: user.id, campaignId, action: "campaign.create", after: { ...input, status: "draft" }, createdAt: at }, trx);
    return { slug: input.slug };
  });
}

/**
 * Saves the editor. A draft may change everything; once open, the letter, its title and the web
 * address are frozen (a correction is a new letter version, with a reason).
 */
export async function updateCampaignFromEditor({ user, slug, input }: { user: SessionUser; slug: string; input: CampaignEditorInput }) {
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" });
  return db.transaction().execute(async (trx) => {
    const before = await snapshot(trx, campaign);
    const frozen = campaign.status !== "draft";
    if (frozen && (input.body !== before.body || input.title !== before.title || input.slug !== before.slug)) {
      throw invalid("campaignErrors.letterFrozen");
    }
    if (input.slug !== campaign.slug && (await slugIsTaken({ slug: input.slug }, trx))) {
      throw invalid("campaignErrors.slugTaken", { slug: input.slug });
    }
    const at = now();
    await updateCampaign(
      {
        campaignId: campaign.id,
        changes: {
          slug: input.slug,
          title: input.title,
          summary: input.summary,
          goal: input.goal ?? null,
          closes_at: input.closesAt ? new Date(input.closesAt).toISOString() : null,
          thank_you: input.thankYou || null,
          updated_at: at,
        },
      },
      trx,
    );
    if (!frozen && input.body !== before.body) {
      const letter = await getCurrentLetterText({ campaignId: campaign.id, language: campaign.language }, trx);
      if (letter) await rewriteLetterText({ letterTextId: letter.id, body: input.body, sha256: letterSha256(input.body) }, trx);
    }
    await replaceRecipients({ campaignId: campaign.id, recipients: recipientRows(campaign.id, input.recipients) }, trx);
    const updated = await getWorkspaceCampaign({ slug: input.slug }, trx);
    const after = updated ? await snapshot(trx, updated) : undefined;
    await insertAuditEntry({ userId: user.id, campaignId: campaign.id, action: "campaign.update", before, after, createdAt: at }, trx);
    return { slug: input.slug };
  });
}

export async function changeCampaignStatus({
  user,
  slug,
  action,
  reason,
}: {
  user: SessionUser;
  slug: string;
  action: StatusAction;
  reason?: string;
}) {
  // Refused by the policy first (403), so an action this person may never take is not a 409.
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: statusActionNeeds[action] });
  const allowed = availableActions({ status: campaign.status, may, reviewRequired: await isReviewRequired() });
  const change = allowed.find((a) => a.action === action);
  if (!change) throw conflict("campaignAdmin.notPossible");
  if (action === "sendBack" && !reason) throw conflict("campaignAdmin.reasonRequired");
  await db.transaction().execute(async (trx) => {
    const at = now();
    await updateCampaign({ campaignId: campaign.id, changes: { status: change.to, updated_at: at } }, trx);
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "campaign.status",
        before: { status: campaign.status },
        after: { status: change.to, ...(reason ? { reason } : {}) },
        createdAt: at,
      },
      trx,
    );
  });
}

/** Each change of state, newest first, with who made it (nobody: the closing date did). */
export async function getStatusHistory({ campaignId }: { campaignId: number }) {
  const entries = await listCampaignAudit({ campaignId, actions: ["campaign.create", "campaign.status"] });
  return entries.map((e) => ({
    id: e.id,
    at: e.created_at,
    by: e.user_email,
    from: e.before ? (JSON.parse(e.before).status as CampaignStatus) : null,
    to: JSON.parse(e.after ?? "{}").status as CampaignStatus,
    reason: (JSON.parse(e.after ?? "{}").reason as string | undefined) ?? null,
  }));
}

/** Closes open campaigns whose closing date has passed; run by the background timer. */
export async function closeCampaignsPastClosing() {
  const due = await listCampaignsPastClosing({ now: now() });
  for (const campaign of due) {
    await db.transaction().execute(async (trx) => {
      const at = now();
      await updateCampaign({ campaignId: campaign.id, changes: { status: "closed", updated_at: at } }, trx);
      await insertAuditEntry(
        { userId: null, campaignId: campaign.id, action: "campaign.status", before: { status: "open" }, after: { status: "closed" }, createdAt: at },
        trx,
      );
    });
    logger.info({ slug: campaign.slug }, "Campaign closed at its closing date");
  }
  return due.length;
}
