import { db, type Executor, type Language } from "~/utils/db.server";

// A campaign's team: its members (campaign_members) and the invitations to join it.

/** The team, owner first; emails are for the team and staff only. */
export function listCampaignMembers({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("campaign_members")
    .innerJoin("users", "users.id", "campaign_members.user_id")
    .select(["users.id as user_id", "users.email", "campaign_members.role", "campaign_members.created_at"])
    .where("campaign_members.campaign_id", "=", campaignId)
    .orderBy("campaign_members.role", "desc") // "owner" before "editor"
    .orderBy("campaign_members.created_at")
    .execute();
}

export async function deleteCampaignMember({ campaignId, userId }: { campaignId: number; userId: number }, trx: Executor = db) {
  const result = await trx
    .deleteFrom("campaign_members")
    .where("campaign_id", "=", campaignId)
    .where("user_id", "=", userId)
    .where("role", "=", "editor") // an owner is never removed this way
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertInvitation(
  invitation: { campaignId: number; email: string; language: Language; tokenHash: string; invitedBy: number; createdAt: string; expiresAt: string },
  trx: Executor = db,
) {
  const row = await trx
    .insertInto("campaign_invitations")
    .values({
      campaign_id: invitation.campaignId,
      email: invitation.email,
      language: invitation.language,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      created_at: invitation.createdAt,
      expires_at: invitation.expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Invitations not yet accepted, cancelled or expired. */
export function listPendingInvitations({ campaignId, now }: { campaignId: number; now: string }, trx: Executor = db) {
  return trx
    .selectFrom("campaign_invitations")
    .innerJoin("users", "users.id", "campaign_invitations.invited_by")
    .select([
      "campaign_invitations.id",
      "campaign_invitations.email",
      "campaign_invitations.created_at",
      "campaign_invitations.expires_at",
      "users.email as invited_by_email",
    ])
    .where("campaign_invitations.campaign_id", "=", campaignId)
    .where("campaign_invitations.accepted_at", "is", null)
    .where("campaign_invitations.cancelled_at", "is", null)
    .where("campaign_invitations.expires_at", ">", now)
    .orderBy("campaign_invitations.id")
    .execute();
}

export async function countInvitationsSince({ campaignId, since }: { campaignId: number; since: string }, trx: Executor = db) {
  const row = await trx
    .selectFrom("campaign_invitations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const invitationColumns = [
  "campaign_invitations.id",
  "campaign_invitations.campaign_id",
  "campaign_invitations.email",
  "campaign_invitations.expires_at",
  "campaign_invitations.accepted_at",
  "campaign_invitations.cancelled_at",
  "campaigns.slug",
  "campaigns.title",
] as const;

export function getInvitationByTokenHash({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return trx
    .selectFrom("campaign_invitations")
    .innerJoin("campaigns", "campaigns.id", "campaign_invitations.campaign_id")
    .select(invitationColumns)
    .where("campaign_invitations.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

export function getInvitationById({ campaignId, invitationId }: { campaignId: number; invitationId: number }, trx: Executor = db) {
  return trx
    .selectFrom("campaign_invitations")
    .innerJoin("campaigns", "campaigns.id", "campaign_invitations.campaign_id")
    .select(invitationColumns)
    .where("campaign_invitations.id", "=", invitationId)
    .where("campaign_invitations.campaign_id", "=", campaignId)
    .executeTakeFirst();
}

/** Changes invitations only while they are pending at `at`: not used, cancelled or expired. */
const updatePendingInvitations = (at: string, trx: Executor) =>
  trx.updateTable("campaign_invitations").where("accepted_at", "is", null).where("cancelled_at", "is", null).where("expires_at", ">", at);

/** Cancels an invitation still pending; false when it was already used, cancelled or expired. */
export async function cancelInvitationRow({ invitationId, at }: { invitationId: number; at: string }, trx: Executor = db) {
  const result = await updatePendingInvitations(at, trx).set({ cancelled_at: at }).where("id", "=", invitationId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Cancels every pending invitation of this address to this campaign (a new one replaces them). */
export async function cancelPendingInvitationsFor({ campaignId, email, at }: { campaignId: number; email: string; at: string }, trx: Executor = db) {
  const rows = await updatePendingInvitations(at, trx)
    .set({ cancelled_at: at })
    .where("campaign_id", "=", campaignId)
    .where("email", "=", email)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Uses an invitation up: once only, and only while it is neither cancelled nor expired. */
export async function acceptInvitationRow({ invitationId, at }: { invitationId: number; at: string }, trx: Executor = db) {
  const result = await updatePendingInvitations(at, trx).set({ accepted_at: at }).where("id", "=", invitationId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
