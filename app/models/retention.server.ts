import { sql } from "kysely";
import { db, type Executor } from "~/utils/db.server";

// The retention run's data access: which campaigns have ended and when, staff holds, and the
// statements that anonymise a campaign's personal data or sweep old data from every campaign.

/**
 * Ended campaigns not yet anonymised, oldest end first, with their hold (if any) and cursor. A
 * campaign created already closed (a campaign file) never had ended_at set: it ended when it was
 * last changed.
 */
export function listEndedCampaigns(trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .leftJoin("campaign_retention", "campaign_retention.campaign_id", "campaigns.id")
    .select((eb) => [
      "campaigns.id",
      "campaigns.slug",
      "campaigns.title",
      "campaigns.status",
      eb.fn.coalesce("campaigns.ended_at", "campaigns.updated_at").as("ended_at"),
      "campaign_retention.held_reason",
      "campaign_retention.held_at",
      "campaign_retention.cursor",
      "campaign_retention.started_at",
    ])
    .where((eb) => eb.or([eb("campaigns.ended_at", "is not", null), eb("campaigns.status", "in", ["closed", "delivered", "archived"])]))
    .where("campaign_retention.anonymised_at", "is", null)
    .orderBy("ended_at")
    .orderBy("campaigns.id")
    .execute();
}

export function getCampaignRetention({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .leftJoin("campaign_retention", "campaign_retention.campaign_id", "campaigns.id")
    .select([
      "campaigns.id",
      "campaigns.slug",
      "campaigns.ended_at",
      "campaign_retention.held_reason",
      "campaign_retention.held_by",
      "campaign_retention.held_at",
      "campaign_retention.cursor",
      "campaign_retention.started_at",
      "campaign_retention.anonymised_at",
    ])
    .where("campaigns.id", "=", campaignId)
    .executeTakeFirst();
}

/** The campaign's retention row, made if it has none yet. */
async function ensureRetentionRow({ campaignId }: { campaignId: number }, trx: Executor) {
  await trx
    .insertInto("campaign_retention")
    .values({ campaign_id: campaignId })
    .onConflict((oc) => oc.column("campaign_id").doNothing())
    .execute();
}

export async function setHold({ campaignId, reason, by, at }: { campaignId: number; reason: string | null; by: number | null; at: string | null }, trx: Executor = db) {
  await ensureRetentionRow({ campaignId }, trx);
  await trx.updateTable("campaign_retention").set({ held_reason: reason, held_by: by, held_at: at }).where("campaign_id", "=", campaignId).execute();
}

export async function markRetentionStarted({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  await ensureRetentionRow({ campaignId }, trx);
  await trx.updateTable("campaign_retention").set({ started_at: at }).where("campaign_id", "=", campaignId).where("started_at", "is", null).execute();
}

export async function setRetentionCursor({ campaignId, cursor }: { campaignId: number; cursor: number }, trx: Executor = db) {
  await trx.updateTable("campaign_retention").set({ cursor }).where("campaign_id", "=", campaignId).execute();
}

export async function markAnonymised({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  await trx.updateTable("campaign_retention").set({ anonymised_at: at }).where("campaign_id", "=", campaignId).execute();
}

/** The next signature ids of a campaign after `afterId`, in order. */
export async function listSignatureIdsAfter({ campaignId, afterId, limit }: { campaignId: number; afterId: number; limit: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Anonymises these signatures: "Signature {id}" for the name; email, comment, address, role and
 * helper gone; the organisation kept for an organisation's signature only; town and signer type
 * kept for the figures. Their confirmation tokens go too.
 */
export async function anonymiseSignatures({ ids }: { ids: number[] }, trx: Executor = db) {
  if (!ids.length) return 0;
  await trx.deleteFrom("verification_tokens").where("signature_id", "in", ids).execute();
  const result = await trx
    .updateTable("signatures")
    .set((eb) => ({
      name: sql<string>`'Signature ' || cast(${eb.ref("id")} as text)`,
      email: null,
      comment: null,
      ip_address: null,
      role: null,
      helper_name: null,
      organisation: eb.case().when("signer_type", "=", "organisation").then(eb.ref("organisation")).else(null).end(),
    }))
    .where("id", "in", ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What both keyings typed for a campaign's sheets, under the same rule ("Row {n}" for the name); and the values rows were settled with. */
export async function anonymiseKeyedRows({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const keyings = trx
    .selectFrom("sheet_keyings")
    .innerJoin("sheets", "sheets.id", "sheet_keyings.sheet_id")
    .select("sheet_keyings.id")
    .where("sheets.campaign_id", "=", campaignId);
  const result = await trx
    .updateTable("sheet_keyed_rows")
    .set((eb) => ({
      name: sql<string>`'Row ' || cast(${eb.ref("row")} as text)`,
      email: null,
      role: null,
      organisation: eb.case().when("signer_type", "=", "organisation").then(eb.ref("organisation")).else(null).end(),
    }))
    .where("keying_id", "in", keyings)
    .executeTakeFirst();
  await trx
    .updateTable("sheet_rows")
    .set({ choices: null })
    .where("sheet_id", "in", trx.selectFrom("sheets").select("id").where("campaign_id", "=", campaignId))
    .execute();
  return Number(result.numUpdatedRows);
}

export function listSheetScans({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx.selectFrom("sheets").select(["id", "scan_file"]).where("campaign_id", "=", campaignId).where("scan_file", "is not", null).execute();
}

/** The scan's file is gone; its SHA-256 and size stay. */
export async function forgetScanFile({ sheetId }: { sheetId: number }, trx: Executor = db) {
  await trx.updateTable("sheets").set({ scan_file: null }).where("id", "=", sheetId).execute();
}

/** Letters of support: the address and the author's IP address go; the name and the letter stay public. */
export async function anonymiseSupportLetters({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const result = await trx
    .updateTable("support_letters")
    .set({ email: "", ip_address: null, confirm_token_hash: null, revise_token_hash: null })
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Invitations (to write a letter of support, to join the team): the invitee's address, the name the
 * campaigner gave and the note go, and one still open is cancelled. Returns how many.
 */
export async function anonymiseInvitations({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  const support = await trx
    .updateTable("support_invitations")
    .set((eb) => ({ email: "", name: null, message: null, cancelled_at: eb.fn.coalesce("cancelled_at", eb.val(at)) }))
    .where("campaign_id", "=", campaignId)
    .where("email", "<>", "")
    .executeTakeFirst();
  const team = await trx
    .updateTable("campaign_invitations")
    .set((eb) => ({ email: "", cancelled_at: eb.fn.coalesce("cancelled_at", eb.val(at)) }))
    .where("campaign_id", "=", campaignId)
    .where("email", "<>", "")
    .executeTakeFirst();
  return Number(support.numUpdatedRows) + Number(team.numUpdatedRows);
}

export function listPackFiles({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx.selectFrom("pack_exports").select(["id", "file"]).where("campaign_id", "=", campaignId).where("file", "is not", null).execute();
}

/** The ZIP is deleted: the row, its SHA-256, its manifest's SHA-256 stay, so /verify-pack still knows the pack. */
export async function forgetPackFile({ packId, file, at }: { packId: number; file: string; at: string }, trx: Executor = db) {
  await trx.updateTable("pack_exports").set({ file: null, file_deleted_at: at }).where("id", "=", packId).execute();
  await trx.updateTable("outbox").set({ attachment_file: null }).where("attachment_file", "=", file).execute();
}

/**
 * Signatures never confirmed (neither verified nor confirmed while flagged) made before `before`,
 * online or at an event; a paper signature needs no confirming. One a paper row names as the one
 * it duplicates stays.
 */
export async function listUnconfirmedSignatureIds({ before, limit }: { before: string; limit: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("signatures")
    .select("id")
    .where("verified_at", "is", null)
    .where("flag_confirmed_at", "is", null)
    .where("source", "<>", "paper")
    .where("created_at", "<", before)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("sheet_rows").select("sheet_rows.row").whereRef("sheet_rows.duplicate_of", "=", "signatures.id"))))
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export async function deleteSignatures({ ids }: { ids: number[] }, trx: Executor = db) {
  if (!ids.length) return 0;
  await trx.deleteFrom("verification_tokens").where("signature_id", "in", ids).execute();
  const result = await trx.deleteFrom("signatures").where("id", "in", ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** IP addresses kept for abuse review, erased once older than `before`. */
export async function eraseOldAddresses({ before }: { before: string }, trx: Executor = db) {
  const signatures = await trx
    .updateTable("signatures")
    .set({ ip_address: null })
    .where("ip_address", "is not", null)
    .where("created_at", "<", before)
    .executeTakeFirst();
  const letters = await trx
    .updateTable("support_letters")
    .set({ ip_address: null })
    .where("ip_address", "is not", null)
    .where("created_at", "<", before)
    .executeTakeFirst();
  return { signatures: Number(signatures.numUpdatedRows), supportLetters: Number(letters.numUpdatedRows) };
}

/**
 * Mail sent before `before`: its recipient's address is erased (the column cannot be empty of a
 * value, so it becomes ""). A webhook delivery given up before then loses its body too (a sent
 * one's is gone already), which may hold a signer's name or, for staff, their email.
 */
export async function eraseOldRecipients({ before }: { before: string }, trx: Executor = db) {
  await trx
    .updateTable("outbox")
    .set({ payload: null })
    .where("webhook_id", "is not", null)
    .where("status", "=", "failed")
    .where("created_at", "<", before)
    .where("payload", "is not", null)
    .execute();
  const result = await trx
    .updateTable("outbox")
    .set({ recipient: "" })
    .where("status", "=", "sent")
    .where("sent_at", "<", before)
    .where("recipient", "<>", "")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
