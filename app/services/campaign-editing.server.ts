import { insertAuditEntry, listCampaignAudit } from "~/models/audit.server";
import {
  closeOpenCampaign,
  getWorkspaceCampaign,
  insertCampaignMember,
  listCampaignsPastClosing,
  listCampaignTexts,
  listRecipientsForTeam,
  replaceCampaignTexts,
  replaceRecipients,
  slugIsTaken,
  updateCampaign,
  type WorkspaceCampaign,
} from "~/models/campaigns.server";
import { getCurrentLetterText, listCurrentLetterTexts, replaceLetterTexts } from "~/models/letters.server";
import { getSetting, setSetting } from "~/models/settings.server";
import type { SessionUser } from "~/models/users.server";
import { type CampaignEditorInput, missingTranslations, type Translations } from "~/schemas/campaign";
import { type EasyReadLetters, easyReadRows, missingEasyRead } from "~/schemas/easy-read";
import { type CampaignStatus, db, type Executor, type Language, now } from "~/utils/db.server";
import { conflict, invalid } from "~/utils/domain-error";
import { logger } from "~/utils/logger.server";
import { campaignTextRows, insertNewCampaign, languagesOf, letterTexts, primaryTexts, recipientRows } from "./campaigns.server";
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

/** A campaign as the editor shows it and the audit log records it: each text per language. */
async function snapshot(trx: Executor, campaign: WorkspaceCampaign) {
  const [texts, letters, easyReadLetters, recipients] = await Promise.all([
    listCampaignTexts({ campaignIds: [campaign.id] }, trx),
    listCurrentLetterTexts({ campaignId: campaign.id }, trx),
    listCurrentLetterTexts({ campaignId: campaign.id, variant: "easy_read" }, trx),
    listRecipientsForTeam({ campaignId: campaign.id }, trx),
  ]);
  const languages = languagesOf(campaign);
  const byLanguage = (pick: (language: Language) => string | null | undefined): Translations =>
    Object.fromEntries(languages.flatMap((language) => (pick(language) ? [[language, pick(language)]] : [])));
  const text = (language: Language) => texts.find((t) => t.language === language);
  return {
    slug: campaign.slug,
    language: campaign.language,
    languages,
    title: byLanguage((l) => text(l)?.title),
    summary: byLanguage((l) => text(l)?.summary),
    body: byLanguage((l) => letters.find((t) => t.language === l)?.body),
    // Each language's own title only: a language without one is missing, not filled from another.
    recipients: recipients.map(({ titles, ...r }) => ({
      ...r,
      title: byLanguage((l) => (titles ? (JSON.parse(titles) as Translations)[l] : l === campaign.language ? r.title : undefined)),
    })),
    goal: campaign.goal,
    closesAt: campaign.closes_at,
    thankYou: byLanguage((l) => text(l)?.thank_you),
    easyRead: Object.fromEntries(easyReadLetters.map((t) => [t.language, easyReadRows(t.body)])) as EasyReadLetters,
    status: campaign.status,
  };
}

/** A JSON.stringify replacer for comparing values whatever the order of a list of languages or of an object's keys. */
const inAnyOrder = (_key: string, value: unknown) =>
  Array.isArray(value) && value.every((v) => typeof v === "string")
    ? [...value].sort()
    : value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value;

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
    // Whatever the order: the form sends languages (and texts) in the site's order, the snapshot primary first.
    const same = (x: unknown, y: unknown) => JSON.stringify(x, inAnyOrder) === JSON.stringify(y, inAnyOrder);
    if (
      frozen &&
      (!same(input.body, before.body) || !same(input.title, before.title) || input.slug !== before.slug || !same(input.languages, before.languages) || input.language !== before.language)
    ) {
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
          ...primaryTexts(input),
          goal: input.goal ?? null,
          closes_at: input.closesAt ? new Date(input.closesAt).toISOString() : null,
          updated_at: at,
        },
      },
      trx,
    );
    await replaceCampaignTexts({ campaignId: campaign.id, texts: campaignTextRows(input) }, trx);
    if (!frozen && (!same(input.body, before.body) || !same(input.languages, before.languages))) {
      const letter = await getCurrentLetterText({ campaignId: campaign.id, language: campaign.language }, trx);
      if (letter) await replaceLetterTexts({ letterVersionId: letter.letter_version_id, texts: letterTexts(input), createdAt: at }, trx);
    }
    await replaceRecipients({ campaignId: campaign.id, recipients: recipientRows(campaign.id, input) }, trx);
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
    // Opening, or asking staff to open it: every text in every language of the campaign first.
    if (change.to === "open" || change.to === "submitted") {
      const current = await snapshot(trx, campaign);
      const missing = missingTranslations(current);
      if (missing.length) throw conflict("campaignErrors.missingTranslations", { fields: missing.join(", ") });
      const missingPictures = missingEasyRead(current);
      if (missingPictures.length) throw conflict("easyReadErrors.missing", { fields: missingPictures.join(", ") });
    }
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
    const closed = await db.transaction().execute(async (trx) => {
      const at = now();
      // Only if still open: a process that listed it too may have closed it meanwhile.
      if (!(await closeOpenCampaign({ campaignId: campaign.id, at }, trx))) return false;
      await insertAuditEntry(
        { userId: null, campaignId: campaign.id, action: "campaign.status", before: { status: "open" }, after: { status: "closed" }, createdAt: at },
        trx,
      );
      return true;
    });
    if (closed) logger.info({ slug: campaign.slug }, "Campaign closed at its closing date");
  }
}
