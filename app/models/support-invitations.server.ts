import { db, type Executor, type Language, type SupportLetterMode } from "~/utils/db.server";

// Invitations to write a letter of support (support_invitations).

/** Changes invitations only while they wait for an answer: neither answered nor cancelled. */
const updateWaitingInvitations = (trx: Executor) => trx.updateTable("support_invitations").where("answered_at", "is", null).where("cancelled_at", "is", null);

/** The invitation a link carries, with its campaign, if it is still open to answer. */
export function getOpenSupportInvitationByTokenHash({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return trx
    .selectFrom("support_invitations")
    .select(["id", "campaign_id", "name", "email"])
    .where("token_hash", "=", tokenHash)
    .where("answered_at", "is", null)
    .where("cancelled_at", "is", null)
    .executeTakeFirst();
}

/** Marks an invitation answered by a submitted letter; false if it was answered or cancelled meanwhile. */
export async function markSupportInvitationAnswered({ invitationId, at }: { invitationId: number; at: string }, trx: Executor = db) {
  const result = await updateWaitingInvitations(trx).set({ answered_at: at }).where("id", "=", invitationId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Who may write a letter of support to this campaign: anyone with the link, or invited people only. */
export async function updateSupportLetterMode({ campaignId, mode, at }: { campaignId: number; mode: SupportLetterMode; at: string }, trx: Executor = db) {
  await trx.updateTable("campaigns").set({ support_letters: mode, updated_at: at }).where("id", "=", campaignId).execute();
}

export async function insertSupportInvitation(
  invitation: {
    campaignId: number;
    name: string | null;
    email: string;
    message: string | null;
    language: Language;
    tokenHash: string;
    invitedBy: number;
    createdAt: string;
  },
  trx: Executor = db,
) {
  const row = await trx
    .insertInto("support_invitations")
    .values({
      campaign_id: invitation.campaignId,
      name: invitation.name,
      email: invitation.email,
      message: invitation.message,
      language: invitation.language,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      created_at: invitation.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countSupportInvitationsSince({ campaignId, since }: { campaignId: number; since: string }, trx: Executor = db) {
  const row = await trx
    .selectFrom("support_invitations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Cancels the invitations of this address still waiting for an answer (a new one replaces them). */
export async function cancelWaitingSupportInvitationsFor({ campaignId, email, at }: { campaignId: number; email: string; at: string }, trx: Executor = db) {
  const rows = await updateWaitingInvitations(trx)
    .set({ cancelled_at: at })
    .where("campaign_id", "=", campaignId)
    .where("email", "=", email)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

const invitationColumns = [
  "support_invitations.id",
  "support_invitations.name",
  "support_invitations.email",
  "support_invitations.message",
  "support_invitations.language",
  "support_invitations.created_at",
  "support_invitations.reminders_sent",
  "support_invitations.last_reminded_at",
  "support_invitations.answered_at",
  "support_invitations.cancelled_at",
] as const;

/** Every invitation of a campaign, newest first, with who sent it and the letter that answered it. */
export function listSupportInvitations({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("support_invitations")
    .innerJoin("users", "users.id", "support_invitations.invited_by")
    .leftJoin("support_letters", "support_letters.invitation_id", "support_invitations.id")
    .select([...invitationColumns, "users.email as invited_by_email", "support_letters.id as letter_id"])
    .where("support_invitations.campaign_id", "=", campaignId)
    .orderBy("support_invitations.id", "desc")
    .execute();
}

/** An invitation of this campaign, with the name and address of whoever sent it (for a reminder's wording). */
export function getSupportInvitation({ campaignId, invitationId }: { campaignId: number; invitationId: number }, trx: Executor = db) {
  return trx
    .selectFrom("support_invitations")
    .innerJoin("users", "users.id", "support_invitations.invited_by")
    .select([...invitationColumns, "users.name as invited_by_name", "users.email as invited_by_email"])
    .where("support_invitations.id", "=", invitationId)
    .where("support_invitations.campaign_id", "=", campaignId)
    .executeTakeFirst();
}

/**
 * The invitations a reminder may go to now: still waiting, fewer than `maxReminders` sent, and
 * nothing mailed to them (the invitation or a reminder) since `lastMailBefore`.
 */
export function listRemindableSupportInvitations(
  { campaignId, maxReminders, lastMailBefore }: { campaignId: number; maxReminders: number; lastMailBefore: string },
  trx: Executor = db,
) {
  return trx
    .selectFrom("support_invitations")
    .innerJoin("users", "users.id", "support_invitations.invited_by")
    .select([...invitationColumns, "users.name as invited_by_name", "users.email as invited_by_email"])
    .where("support_invitations.campaign_id", "=", campaignId)
    .where("support_invitations.answered_at", "is", null)
    .where("support_invitations.cancelled_at", "is", null)
    .where("support_invitations.reminders_sent", "<", maxReminders)
    .where((eb) => eb(eb.fn.coalesce("support_invitations.last_reminded_at", "support_invitations.created_at"), "<=", lastMailBefore))
    .orderBy("support_invitations.id")
    .execute();
}

/** Cancels an invitation still waiting; false when it was answered or cancelled meanwhile. */
export async function cancelSupportInvitationRow({ invitationId, at }: { invitationId: number; at: string }, trx: Executor = db) {
  const result = await updateWaitingInvitations(trx).set({ cancelled_at: at }).where("id", "=", invitationId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a reminder: the new link's token replaces the old one, so only the latest link works.
 * Guarded by the count read before, so two reminders at once send one; false if it lost.
 */
export async function recordSupportReminder(
  { invitationId, tokenHash, remindersBefore, at }: { invitationId: number; tokenHash: string; remindersBefore: number; at: string },
  trx: Executor = db,
) {
  const result = await updateWaitingInvitations(trx)
    .set({ token_hash: tokenHash, reminders_sent: remindersBefore + 1, last_reminded_at: at })
    .where("id", "=", invitationId)
    .where("reminders_sent", "=", remindersBefore)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
