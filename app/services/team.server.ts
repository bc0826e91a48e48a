import { insertAuditEntry } from "~/models/audit.server";
import { insertCampaignMember } from "~/models/campaigns.server";
import {
  acceptInvitationRow,
  cancelInvitationRow,
  cancelPendingInvitationsFor,
  countInvitationsSince,
  deleteCampaignMember,
  getInvitationById,
  getInvitationByTokenHash,
  insertInvitation,
  listCampaignMembers,
  listPendingInvitations,
} from "~/models/team.server";
import { getUserByEmail, insertUser, type SessionUser } from "~/models/users.server";
import type { UiLanguage } from "~/i18n";
import { db, now } from "~/utils/db.server";
import { mailUrl } from "~/utils/email.server";
import { hashToken, newToken } from "~/utils/tokens.server";
import { requireCampaignAccess } from "./access.server";
import { campaignTitleIn } from "./campaigns.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { conflict, DomainError } from "~/utils/domain-error";

export const INVITATION_DAYS = 14;
/** Invitations one campaign may send in 24 hours: a team is small, and each one is a mail. */
export const MAX_INVITATIONS_PER_DAY = 20;

/** The campaign, if this person may change its team: the owner and staff; others on the team get 403, strangers 404. */
async function requireTeamManager({ user, slug }: { user: SessionUser; slug: string }) {
  return (await requireCampaignAccess({ actor: user, slug, need: "manageTeam" })).campaign;
}

/** The team, for everyone on it; co-campaigners only see it. */
export async function getTeam({ user, slug }: { user: SessionUser; slug: string }) {
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "view" });
  const [members, invitations] = await Promise.all([
    listCampaignMembers({ campaignId: campaign.id }),
    listPendingInvitations({ campaignId: campaign.id, now: now() }),
  ]);
  return { campaign, members, invitations, canManage: may.manageTeam, may };
}

/**
 * Invites an address to the team: the invitation, the mail with its single-use link and the audit
 * entry in one transaction. An address with no account gets a campaigner account, so its owner can
 * sign in to accept. Inviting an address again replaces its pending invitation (a lost mail).
 * `language` is the inviting page's: the invitation is written in it, and a new account keeps it.
 */
export async function inviteToTeam({ user, slug, email, language }: { user: SessionUser; slug: string; email: string; language: UiLanguage }) {
  const campaign = await requireTeamManager({ user, slug });
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    const at = now();
    const members = await listCampaignMembers({ campaignId: campaign.id }, trx);
    if (members.some((m) => m.email === email)) throw conflict("team.errors.alreadyMember");
    const since = new Date(Date.parse(at) - 86_400_000).toISOString();
    if ((await countInvitationsSince({ campaignId: campaign.id, since }, trx)) >= MAX_INVITATIONS_PER_DAY) {
      throw conflict("team.errors.tooMany");
    }
    if (!(await getUserByEmail({ email }, trx))) {
      const userId = await insertUser({ email, name: null, role: "campaigner", language, createdAt: at }, trx);
      await insertAuditEntry(
        { userId: user.id, campaignId: campaign.id, action: "user.create", after: { userId, email, role: "campaigner", reason: "invitation" }, createdAt: at },
        trx,
      );
    }
    const replaces = await cancelPendingInvitationsFor({ campaignId: campaign.id, email, at }, trx);
    const expiresAt = new Date(Date.parse(at) + INVITATION_DAYS * 86_400_000).toISOString();
    const invitationId = await insertInvitation(
      { campaignId: campaign.id, email, language, tokenHash: hashToken(token), invitedBy: user.id, createdAt: at, expiresAt },
      trx,
    );
    await queueMail(trx, {
      template: "team-invitation",
      to: email,
      language,
      data: {
        link: mailUrl(language, `/invitations/${token}`),
        campaignTitle: await campaignTitleIn(trx, campaign, language),
        invitedBy: user.name || user.email,
        days: INVITATION_DAYS,
      },
    });
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: "team.invite",
        after: { invitationId, email, expiresAt, ...(replaces.length ? { replaces } : {}) },
        createdAt: at,
      },
      trx,
    );
  });
  outboxWorker.wake();
}

export async function cancelInvitation({ user, slug, invitationId }: { user: SessionUser; slug: string; invitationId: number }) {
  const campaign = await requireTeamManager({ user, slug });
  await db.transaction().execute(async (trx) => {
    const at = now();
    const invitation = await getInvitationById({ campaignId: campaign.id, invitationId }, trx);
    if (!invitation || !(await cancelInvitationRow({ invitationId, at }, trx))) throw conflict("team.errors.invitationGone");
    await insertAuditEntry(
      { userId: user.id, campaignId: campaign.id, action: "team.cancel", before: { invitationId, email: invitation.email }, createdAt: at },
      trx,
    );
  });
}

/** Removes a co-campaigner. The owner stays: a campaign always has one. */
export async function removeFromTeam({ user, slug, userId }: { user: SessionUser; slug: string; userId: number }) {
  const campaign = await requireTeamManager({ user, slug });
  await db.transaction().execute(async (trx) => {
    const at = now();
    const member = (await listCampaignMembers({ campaignId: campaign.id }, trx)).find((m) => m.user_id === userId);
    if (!member) throw conflict("team.errors.notMember");
    if (member.role === "owner" || !(await deleteCampaignMember({ campaignId: campaign.id, userId }, trx))) {
      throw conflict("team.errors.ownerStays");
    }
    await insertAuditEntry(
      { userId: user.id, campaignId: campaign.id, action: "team.remove", before: { userId, email: member.email, role: member.role }, createdAt: at },
      trx,
    );
  });
}

export type InvitationState = "pending" | "accepted" | "cancelled" | "expired";

function stateOf(invitation: { accepted_at: string | null; cancelled_at: string | null; expires_at: string }, at: string): InvitationState {
  if (invitation.accepted_at) return "accepted";
  if (invitation.cancelled_at) return "cancelled";
  if (invitation.expires_at <= at) return "expired";
  return "pending";
}

/** What an invitation link shows: the campaign's title, the address invited, and whether it still works. */
export async function getInvitation({ token }: { token: string }) {
  const invitation = await getInvitationByTokenHash({ tokenHash: hashToken(token) });
  if (!invitation) return undefined;
  return { title: invitation.title, email: invitation.email, state: stateOf(invitation, now()) };
}

/** Why an invitation cannot be accepted: its state, or that it is for another address. */
export type InvitationProblem = Exclude<InvitationState, "pending"> | "missing" | "wrongAccount";
const invitationRefused = (reason: InvitationProblem) =>
  new DomainError(`invitation.${reason}`, { reason }, reason === "missing" ? 404 : reason === "wrongAccount" ? 403 : 410);

/** Accepts an invitation for the signed-in person, whose address must be the one invited. Once only. */
export async function acceptInvitation({ user, token }: { user: SessionUser; token: string }) {
  return db.transaction().execute(async (trx) => {
    const at = now();
    const invitation = await getInvitationByTokenHash({ tokenHash: hashToken(token) }, trx);
    if (!invitation) throw invitationRefused("missing");
    const state = stateOf(invitation, at);
    if (state !== "pending") throw invitationRefused(state);
    if (invitation.email !== user.email) throw invitationRefused("wrongAccount");
    if (!(await acceptInvitationRow({ invitationId: invitation.id, at }, trx))) throw invitationRefused("accepted");
    await insertCampaignMember({ campaignId: invitation.campaign_id, userId: user.id, role: "editor", createdAt: at }, trx);
    await insertAuditEntry(
      { userId: user.id, campaignId: invitation.campaign_id, action: "team.join", after: { invitationId: invitation.id, email: user.email, role: "editor" }, createdAt: at },
      trx,
    );
    return { slug: invitation.slug };
  });
}
