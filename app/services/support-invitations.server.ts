import { insertAuditEntry } from "~/models/audit.server";
import type { WorkspaceCampaign } from "~/models/campaigns.server";
import {
  cancelSupportInvitationRow,
  cancelWaitingSupportInvitationsFor,
  countSupportInvitationsSince,
  getSupportInvitation,
  insertSupportInvitation,
  listRemindableSupportInvitations,
  listSupportInvitations,
  recordSupportReminder,
  updateSupportLetterMode,
} from "~/models/support-invitations.server";
import { getSupportLetterCampaign } from "~/models/support-letters.server";
import type { SessionUser } from "~/models/users.server";
import { db, type Executor, now, type SupportLetterMode } from "~/utils/db.server";
import { mailUrl } from "~/utils/email.server";
import type { UiLanguage } from "~/i18n";
import { hashToken, newToken } from "~/utils/tokens.server";
import { campaignTitleIn } from "./campaigns.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { conflict } from "~/utils/domain-error";

// Who may write a letter of support, and the personal invitations a campaign team sends.

/** Invitations one campaign may send in 24 hours: each is a mail to someone who never asked for it. */
const MAX_SUPPORT_INVITATIONS_PER_DAY = 100;
/** Reminders per invitation, and the least time between two mails to the same person. */
export const MAX_SUPPORT_REMINDERS = 3;
export const SUPPORT_REMINDER_INTERVAL_DAYS = 3;

/** The personal link an invitation carries: the public form, in the invitation's language, which prefills the invitee's name and address. */
function supportInvitationLink(language: UiLanguage, slug: string, token: string) {
  return mailUrl(language, `/c/${slug}/support/new?invitation=${token}`);
}

export async function getSupportLetterMode({ slug }: { slug: string }) {
  return (await getSupportLetterCampaign({ slug }))?.support_letters ?? "open";
}

export type SupportInvitationState = "waiting" | "answered" | "cancelled";

/** A campaign's invitations, newest first, each with its state and the letter that answered it. */
export async function getSupportInvitations({ campaignId }: { campaignId: number }) {
  const rows = await listSupportInvitations({ campaignId });
  return rows.map((i) => ({
    id: i.id,
    name: i.name,
    email: i.email,
    invitedBy: i.invited_by_email,
    sentAt: i.created_at,
    remindersSent: i.reminders_sent,
    lastRemindedAt: i.last_reminded_at,
    state: (i.answered_at ? "answered" : i.cancelled_at ? "cancelled" : "waiting") as SupportInvitationState,
    letterId: i.letter_id,
  }));
}

export async function setSupportLetterMode({ user, campaign, mode }: { user: SessionUser; campaign: WorkspaceCampaign; mode: SupportLetterMode }) {
  await db.transaction().execute(async (trx) => {
    const at = now();
    const before = (await getSupportLetterCampaign({ slug: campaign.slug }, trx))?.support_letters;
    if (before === mode) return;
    await updateSupportLetterMode({ campaignId: campaign.id, mode, at }, trx);
    await insertAuditEntry({ userId: user.id, campaignId: campaign.id, action: "support.mode", before: { mode: before }, after: { mode }, createdAt: at }, trx);
  });
}

/** Links in invitations and reminders lead to the form, which takes letters only while the campaign is open. */
function requireOpen(campaign: WorkspaceCampaign) {
  if (campaign.status !== "open") throw conflict("supportAdmin.errors.campaignNotOpen");
}

/**
 * Invites someone to write a letter of support: the invitation, the mail with its personal link
 * and the audit entry in one transaction. Inviting an address with an invitation still waiting
 * replaces it (a lost mail, a corrected name), and the old link stops working. `language` is the
 * inviting page's: the invitation and its reminders are written in it.
 */
export async function inviteToWriteSupport({
  user,
  campaign,
  invitee,
  language,
}: {
  user: SessionUser;
  campaign: WorkspaceCampaign;
  invitee: { name?: string; email: string; message?: string };
  language: UiLanguage;
}) {
  requireOpen(campaign);
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    const at = now();
    const since = new Date(Date.parse(at) - 86_400_000).toISOString();
    if ((await countSupportInvitationsSince({ campaignId: campaign.id, since }, trx)) >= MAX_SUPPORT_INVITATIONS_PER_DAY) {
      throw conflict("supportAdmin.errors.tooManyInvitations");
    }
    const replaces = await cancelWaitingSupportInvitationsFor({ campaignId: campaign.id, email: invitee.email, at }, trx);
    const name = invitee.name || null;
    const message = invitee.message || null;
    const invitationId = await insertSupportInvitation(
      { campaignId: campaign.id, name, email: invitee.email, message, language, tokenHash: hashToken(token), invitedBy: user.id, createdAt: at },
      trx,
    );
    await queueMail(trx, {
      template: "support-invitation",
      to: invitee.email,
      language,
      data: {
        link: supportInvitationLink(language, campaign.slug, token),
        campaignTitle: await campaignTitleIn(trx, campaign, language),
        invitedBy: user.name || user.email,
        name,
        message,
      },
    });
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "support.invite",
        after: { invitationId, name, email: invitee.email, ...(replaces.length ? { replaces } : {}) },
        createdAt: at,
      },
      trx,
    );
  });
  outboxWorker.wake();
}

export async function cancelSupportInvitation({ user, campaign, invitationId }: { user: SessionUser; campaign: WorkspaceCampaign; invitationId: number }) {
  await db.transaction().execute(async (trx) => {
    const at = now();
    const invitation = await getSupportInvitation({ campaignId: campaign.id, invitationId }, trx);
    if (!invitation || !(await cancelSupportInvitationRow({ invitationId, at }, trx))) throw conflict("supportAdmin.errors.invitationGone");
    await insertAuditEntry(
      { userId: user.id, campaignId: campaign.id, action: "support.cancelInvitation", before: { invitationId, email: invitation.email }, createdAt: at },
      trx,
    );
  });
}

type RemindableInvitation = NonNullable<Awaited<ReturnType<typeof getSupportInvitation>>>;

/** The day from which this invitation may have a reminder: some days after the last mail it had. */
function nextReminderAt(invitation: RemindableInvitation) {
  const lastMail = Date.parse(invitation.last_reminded_at ?? invitation.created_at);
  return new Date(lastMail + SUPPORT_REMINDER_INTERVAL_DAYS * 86_400_000).toISOString();
}

/**
 * Mails a reminder with a new link, in the invitation's language. Only the token's hash is stored,
 * so the first link cannot be sent again: the new token replaces it, and the link in earlier mails
 * stops working.
 */
async function sendReminder(trx: Executor, { user, campaign, invitation, at }: { user: SessionUser; campaign: WorkspaceCampaign; invitation: RemindableInvitation; at: string }) {
  const token = newToken();
  const recorded = await recordSupportReminder({ invitationId: invitation.id, tokenHash: hashToken(token), remindersBefore: invitation.reminders_sent, at }, trx);
  if (!recorded) return false;
  await queueMail(trx, {
    template: "support-reminder",
    to: invitation.email,
    language: invitation.language,
    data: {
      link: supportInvitationLink(invitation.language, campaign.slug, token),
      campaignTitle: await campaignTitleIn(trx, campaign, invitation.language),
      invitedBy: invitation.invited_by_name || invitation.invited_by_email,
      name: invitation.name,
      message: invitation.message,
    },
  });
  await insertAuditEntry(
    {
      userId: user.id,
      campaignId: campaign.id,
      action: "support.remind",
      after: { invitationId: invitation.id, email: invitation.email, reminder: invitation.reminders_sent + 1 },
      createdAt: at,
    },
    trx,
  );
  return true;
}

/** One reminder, if this invitation is still waiting, has had fewer than the most, and none lately. */
export async function remindSupportInvitation({ user, campaign, invitationId }: { user: SessionUser; campaign: WorkspaceCampaign; invitationId: number }) {
  requireOpen(campaign);
  await db.transaction().execute(async (trx) => {
    const at = now();
    const invitation = await getSupportInvitation({ campaignId: campaign.id, invitationId }, trx);
    if (!invitation || invitation.answered_at || invitation.cancelled_at) throw conflict("supportAdmin.errors.invitationGone");
    if (invitation.reminders_sent >= MAX_SUPPORT_REMINDERS) {
      throw conflict("supportAdmin.errors.tooManyReminders", { email: invitation.email, max: MAX_SUPPORT_REMINDERS });
    }
    const next = nextReminderAt(invitation);
    if (next > at) {
      throw conflict("supportAdmin.errors.reminderTooSoon", { email: invitation.email, days: SUPPORT_REMINDER_INTERVAL_DAYS, date: next });
    }
    if (!(await sendReminder(trx, { user, campaign, invitation, at }))) throw conflict("supportAdmin.errors.notPossible");
  });
  outboxWorker.wake();
}

/** A reminder to everyone who may have one now, by the same rules as one at a time; how many went. */
export async function remindAllSupportInvitations({ user, campaign }: { user: SessionUser; campaign: WorkspaceCampaign }) {
  requireOpen(campaign);
  const sent = await db.transaction().execute(async (trx) => {
    const at = now();
    const lastMailBefore = new Date(Date.parse(at) - SUPPORT_REMINDER_INTERVAL_DAYS * 86_400_000).toISOString();
    const due = await listRemindableSupportInvitations({ campaignId: campaign.id, maxReminders: MAX_SUPPORT_REMINDERS, lastMailBefore }, trx);
    let count = 0;
    for (const invitation of due) if (await sendReminder(trx, { user, campaign, invitation, at })) count += 1;
    return count;
  });
  if (sent === 0) {
    throw conflict("supportAdmin.errors.nobodyToRemind", { days: SUPPORT_REMINDER_INTERVAL_DAYS, max: MAX_SUPPORT_REMINDERS });
  }
  outboxWorker.wake();
  return sent;
}
