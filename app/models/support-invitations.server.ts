import { db, type Executor } from "~/utils/db.server";

// Invitations to write a letter of support (support_invitations).

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
  const result = await trx
    .updateTable("support_invitations")
    .set({ answered_at: at })
    .where("id", "=", invitationId)
    .where("answered_at", "is", null)
    .where("cancelled_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
