import { sql } from "kysely";
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
    .select(["id", "name", "verified_at", "flag_confirmed_at", "mails_sent", "language", "letter_text_id"])
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
    // The campaign's title and thank-you message in the language the signer signed in, if it has it.
    .leftJoin("campaign_texts", (join) =>
      join.onRef("campaign_texts.campaign_id", "=", "campaigns.id").onRef("campaign_texts.language", "=", "signatures.language"),
    )
    .select((eb) => [
      "signatures.id",
      "signatures.verified_at",
      "campaigns.slug",
      eb.fn.coalesce("campaign_texts.title", "campaigns.title").as("title"),
      eb.fn.coalesce("campaign_texts.thank_you", "campaigns.thank_you").as("thank_you"),
    ])
    .where("verification_tokens.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/**
 * Marks a signature verified once; the batch counter adds it to the count. Returns whether it
 * changed. An invalidated signature is recorded as verified but never queued for counting. A
 * flagged one still under review keeps its confirmation in flag_confirmed_at: clearing the flag
 * makes it verified then.
 */
export async function markSignatureVerified({ signatureId, verifiedAt }: { signatureId: number; verifiedAt: string }, trx: Executor = db) {
  const result = await trx
    .updateTable("signatures")
    .set((eb) => {
      const underReview = eb.and([eb("flag_reason", "is not", null), eb("flag_cleared_at", "is", null)]);
      return {
        verified_at: eb.case().when(underReview).then(sql<string | null>`null`).else(verifiedAt).end(),
        flag_confirmed_at: eb.case().when(underReview).then(verifiedAt).else(sql<string | null>`null`).end(),
        count_pending: eb
          .case()
          .when(eb.or([eb("invalidated_at", "is not", null), underReview]))
          .then(0)
          .else(1)
          .end(),
      };
    })
    .where("id", "=", signatureId)
    .where("verified_at", "is", null)
    .where("flag_confirmed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * What the count owes: verifications (+1) and invalidations of counted signatures (-1) since the
 * last batch, cleared and returned as the net change by campaign. One statement per sign, since
 * RETURNING gives the new value (0) on PostgreSQL, not the one it replaced; call it in a transaction.
 */
export async function takePendingCounts(trx: Executor = db) {
  const byCampaign = new Map<number, number>();
  for (const delta of [1, -1]) {
    const rows = await trx
      .updateTable("signatures")
      .set({ count_pending: 0 })
      // The literal "<> 0" matches the partial index's own condition, so SQLite reads the index, not the table.
      .where("count_pending", "<>", sql.lit(0))
      .where("count_pending", "=", delta)
      .returning("campaign_id")
      .execute();
    for (const { campaign_id } of rows) byCampaign.set(campaign_id, (byCampaign.get(campaign_id) ?? 0) + delta);
  }
  for (const [campaignId, net] of byCampaign) if (net === 0) byCampaign.delete(campaignId);
  return byCampaign;
}

/** The public list: verified signatories who chose to be shown, newest first; not hidden or invalidated by staff. Never an email. */
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
    .where("name_hidden", "=", 0)
    .where("invalidated_at", "is", null)
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
    .where("name_hidden", "=", 0)
    .where("invalidated_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
