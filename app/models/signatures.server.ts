import { db, type Executor, type NewSignature } from "~/utils/db.server";

/** Inserts a signature unless this email already signed this campaign; returns the new id or undefined. */
export async function insertSignatureOnce({ signature }: { signature: NewSignature }, trx: Executor = db) {
  const row = await trx
    .insertInto("signatures")
    .values(signature)
    .onConflict((oc) => oc.columns(["campaign_id", "email"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export function getSignatureByEmail({ campaignId, email }: { campaignId: number; email: string }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .select(["id", "name", "verified_at", "mails_sent"])
    .where("campaign_id", "=", campaignId)
    .where("email", "=", email)
    .executeTakeFirst();
}

export async function recordMailSent({ signatureId }: { signatureId: number }, trx: Executor = db) {
  await trx
    .updateTable("signatures")
    .set((eb) => ({ mails_sent: eb("mails_sent", "+", 1) }))
    .where("id", "=", signatureId)
    .execute();
}

export async function insertVerificationToken(
  { signatureId, tokenHash, createdAt }: { signatureId: number; tokenHash: string; createdAt: string },
  trx: Executor = db,
) {
  await trx.insertInto("verification_tokens").values({ signature_id: signatureId, token_hash: tokenHash, created_at: createdAt }).execute();
}

export function getSignatureByTokenHash({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return trx
    .selectFrom("verification_tokens")
    .innerJoin("signatures", "signatures.id", "verification_tokens.signature_id")
    .innerJoin("campaigns", "campaigns.id", "signatures.campaign_id")
    .select(["signatures.id", "signatures.verified_at", "campaigns.slug", "campaigns.title"])
    .where("verification_tokens.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Marks a signature verified once; the batch counter adds it to the count. Returns whether it changed. */
export async function markSignatureVerified({ signatureId, verifiedAt }: { signatureId: number; verifiedAt: string }, trx: Executor = db) {
  const result = await trx
    .updateTable("signatures")
    .set({ verified_at: verifiedAt, count_pending: 1 })
    .where("id", "=", signatureId)
    .where("verified_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Verified signatures waiting to be counted: cleared and returned by campaign in one statement. */
export async function takePendingCounts(trx: Executor = db) {
  const rows = await trx
    .updateTable("signatures")
    .set({ count_pending: 0 })
    .where("count_pending", "=", 1)
    .returning("campaign_id")
    .execute();
  const byCampaign = new Map<number, number>();
  for (const { campaign_id } of rows) byCampaign.set(campaign_id, (byCampaign.get(campaign_id) ?? 0) + 1);
  return byCampaign;
}

/** The public list: verified signatories who chose to be shown, newest first. Never an email. */
export async function listPublicSignatories(
  { campaignId, limit, offset }: { campaignId: number; limit: number; offset: number },
  trx: Executor = db,
) {
  return trx
    .selectFrom("signatures")
    .select(["id", "name", "signer_type", "organisation", "role", "verified_at"])
    .where("campaign_id", "=", campaignId)
    .where("verified_at", "is not", null)
    .where("show_name", "=", 1)
    .orderBy("verified_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countPublicSignatories({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const row = await trx
    .selectFrom("signatures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("verified_at", "is not", null)
    .where("show_name", "=", 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
