import { sql } from "kysely";
import { db, type Executor } from "~/utils/db.server";

// Staff moderation of signatures: hiding a name or comment from the public page, invalidating.

/** SQLite allows 999 bound parameters in older builds; lists of ids go in chunks well below that. */
const ID_CHUNK = 500;

export function getSignatureForModeration({ campaignId, signatureId }: { campaignId: number; signatureId: number }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .select(["id", "name_hidden", "comment_hidden", "verified_at", "invalidated_at", "invalidated_reason"])
    .where("campaign_id", "=", campaignId)
    .where("id", "=", signatureId)
    .executeTakeFirst();
}

export async function setSignatureHidden(
  { signatureId, column, hidden }: { signatureId: number; column: "name_hidden" | "comment_hidden"; hidden: boolean },
  trx: Executor = db,
) {
  await trx
    .updateTable("signatures")
    .set({ [column]: hidden ? 1 : 0 })
    .where("id", "=", signatureId)
    .execute();
}

/**
 * Invalidates the signatures not already invalidated; returns how many changed. What the count
 * owes follows: a verification not yet counted is dropped (1 → 0), a counted one queues a -1 for
 * the batch counter, an unverified one owes nothing (and is never counted if verified later).
 */
export async function invalidateSignatures(
  { signatureIds, reason, userId, at }: { signatureIds: number[]; reason: string; userId: number; at: string },
  trx: Executor = db,
) {
  let changed = 0;
  for (let i = 0; i < signatureIds.length; i += ID_CHUNK) {
    const result = await trx
      .updateTable("signatures")
      .set((eb) => ({
        invalidated_at: at,
        invalidated_reason: reason,
        invalidated_by: userId,
        count_pending: eb
          .case()
          .when(eb.and([eb("verified_at", "is not", null), eb("count_pending", "=", 0)]))
          .then(-1)
          .else(0)
          .end(),
      }))
      .where("id", "in", signatureIds.slice(i, i + ID_CHUNK))
      .where("invalidated_at", "is", null)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

/** Signatures still valid whose address is at exactly this domain (`@example.org`, not a subdomain). */
export async function listValidSignatureIdsByEmailDomain({ campaignId, domain }: { campaignId: number; domain: string }, trx: Executor = db) {
  const pattern = `%@${domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
  const rows = await trx
    .selectFrom("signatures")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .where("invalidated_at", "is", null)
    .where(sql`lower(email)`, "like", sql`lower(${pattern}) escape '\\'`)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Signatures still valid made in [from, to): ISO-8601 text compares in time order. */
export async function listValidSignatureIdsCreatedBetween(
  { campaignId, from, to }: { campaignId: number; from: string; to: string },
  trx: Executor = db,
) {
  const rows = await trx
    .selectFrom("signatures")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .where("invalidated_at", "is", null)
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Every still-valid signature's client address, for matching against an IP range in code. */
export function listValidSignatureAddresses({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .select(["id", "ip_address"])
    .where("campaign_id", "=", campaignId)
    .where("invalidated_at", "is", null)
    .where("ip_address", "is not", null)
    .orderBy("id")
    .execute();
}

/**
 * Flagged signatures still waiting for review (not cleared, not invalidated), newest first, read
 * through the partial index signatures_flagged. The email only when the reader may see it.
 */
export function listFlaggedSignatures(
  { campaignId, withEmail, limit }: { campaignId: number; withEmail: boolean; limit: number },
  trx: Executor = db,
) {
  return trx
    .selectFrom("signatures")
    .select(["id", "name", "location", "created_at", "flag_reason", "flag_confirmed_at"])
    .$if(withEmail, (qb) => qb.select("email"))
    .where("campaign_id", "=", campaignId)
    .where("flag_reason", "is not", null)
    .where("flag_cleared_at", "is", null)
    .where("invalidated_at", "is", null)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** How many flagged signatures are waiting for review. */
export async function countFlaggedSignatures({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const row = await trx
    .selectFrom("signatures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("flag_reason", "is not", null)
    .where("flag_cleared_at", "is", null)
    .where("invalidated_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Of these ids, the campaign's flagged signatures still waiting for review, and whether each is confirmed. */
export async function listFlaggedAmong({ campaignId, signatureIds }: { campaignId: number; signatureIds: number[] }, trx: Executor = db) {
  const rows: { id: number; confirmed: boolean }[] = [];
  for (let i = 0; i < signatureIds.length; i += ID_CHUNK) {
    const chunk = await trx
      .selectFrom("signatures")
      .select(["id", "flag_confirmed_at"])
      .where("campaign_id", "=", campaignId)
      .where("id", "in", signatureIds.slice(i, i + ID_CHUNK))
      .where("flag_reason", "is not", null)
      .where("flag_cleared_at", "is", null)
      .where("invalidated_at", "is", null)
      .orderBy("id")
      .execute();
    rows.push(...chunk.map((r) => ({ id: r.id, confirmed: r.flag_confirmed_at !== null })));
  }
  return rows;
}

/**
 * Clears the flags of signatures still waiting for review; returns how many changed. A confirmed
 * one becomes verified at the time it was confirmed and is queued (+1) for the batch counter; an
 * unconfirmed one is counted when its signer confirms (markSignatureVerified), as anyone's.
 */
export async function clearSignatureFlags({ signatureIds, userId, at }: { signatureIds: number[]; userId: number; at: string }, trx: Executor = db) {
  let changed = 0;
  for (let i = 0; i < signatureIds.length; i += ID_CHUNK) {
    const result = await trx
      .updateTable("signatures")
      .set((eb) => ({
        flag_cleared_at: at,
        flag_cleared_by: userId,
        verified_at: eb.ref("flag_confirmed_at"),
        flag_confirmed_at: sql<string | null>`null`,
        count_pending: eb.case().when("flag_confirmed_at", "is not", null).then(1).else(0).end(),
      }))
      .where("id", "in", signatureIds.slice(i, i + ID_CHUNK))
      .where("flag_reason", "is not", null)
      .where("flag_cleared_at", "is", null)
      .where("invalidated_at", "is", null)
      .where("verified_at", "is", null)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}
