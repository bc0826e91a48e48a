import { sql } from "kysely";
import { sheetLabel } from "~/schemas/paper";
import { redactPaperSettlements } from "./audit.server";
import { db, type Executor } from "~/utils/db.server";

/** Lists of ids go in chunks well below SQLite's bound-parameter limit. */
const ID_CHUNK = 500;

/**
 * Withdraws signatures: each is deleted with its confirmation tokens, and what a paper sheet's
 * keyings typed for its row (or for a row found to be the same person) is deleted too, the row left
 * marked "withdrawn", and taken out of the audit record of settling that row; the address is
 * erased from the records of mail sent to the signer. What stays is a record without personal data (signature id, campaign, time)
 * and what the count owes: -1 for a signature in the count (or whose invalidation the counter has
 * not yet taken out), nothing for one never counted (a verification not yet counted is dropped with
 * the row). Returns the campaigns touched with how many were withdrawn from each.
 */
export async function withdrawSignatures({ signatureIds, at }: { signatureIds: number[]; at: string }, trx: Executor) {
  const byCampaign = new Map<number, number>();
  for (let i = 0; i < signatureIds.length; i += ID_CHUNK) {
    const ids = signatureIds.slice(i, i + ID_CHUNK);
    const rows = await trx
      .selectFrom("signatures")
      .select(["id", "campaign_id", "verified_at", "count_pending", "invalidated_at"])
      .where("id", "in", ids)
      .execute();
    if (!rows.length) continue;
    const found = rows.map((r) => r.id);
    await trx
      .insertInto("signature_withdrawals")
      .values(
        rows.map((r) => ({
          signature_id: r.id,
          campaign_id: r.campaign_id,
          withdrawn_at: at,
          count_pending: countOwed(r),
        })),
      )
      .execute();
    for (const r of rows) byCampaign.set(r.campaign_id, (byCampaign.get(r.campaign_id) ?? 0) + 1);

    // Paper rows: the keyings' typing of the row is the signer's data too.
    const sheetRows = await trx
      .selectFrom("sheet_rows")
      .innerJoin("sheets", "sheets.id", "sheet_rows.sheet_id")
      .select(["sheet_rows.sheet_id", "sheet_rows.row", "sheets.campaign_id", "sheets.number"])
      .where((eb) => eb.or([eb("sheet_rows.signature_id", "in", found), eb("sheet_rows.duplicate_of", "in", found)]))
      .execute();
    for (const { sheet_id, row, campaign_id, number } of sheetRows) {
      await redactPaperSettlements({ campaignId: campaign_id, sheet: sheetLabel(number), row }, trx);
      await trx
        .deleteFrom("sheet_keyed_rows")
        .where("row", "=", row)
        .where("keying_id", "in", (eb) => eb.selectFrom("sheet_keyings").select("id").where("sheet_id", "=", sheet_id))
        .execute();
      await trx
        .updateTable("sheet_rows")
        .set({ status: "withdrawn", signature_id: null, duplicate_of: null, choices: null })
        .where("sheet_id", "=", sheet_id)
        .where("row", "=", row)
        .execute();
    }
    await eraseSentMailOf({ signatureIds: found }, trx);
    await trx.deleteFrom("verification_tokens").where("signature_id", "in", found).execute();
    await trx.deleteFrom("signatures").where("id", "in", found).execute();
  }
  return byCampaign;
}

/** What the count owes when a signature leaves it: see `withdrawSignatures`. */
function countOwed(signature: { verified_at: string | null; count_pending: number; invalidated_at: string | null }) {
  if (signature.count_pending === -1) return -1; // counted, then invalidated: the -1 is still owed
  if (signature.count_pending === 1) return 0; // verified but never added: dropping the row is enough
  return signature.verified_at && !signature.invalidated_at ? -1 : 0;
}

/** Withdrawals the count still owes (-1 each), cleared and returned by campaign; call it in the counter's transaction. */
export async function takePendingWithdrawals(trx: Executor) {
  const rows = await trx
    .updateTable("signature_withdrawals")
    .set({ count_pending: 0 })
    // The literal matches the partial index's own condition, so SQLite reads the index, not the table.
    .where("count_pending", "<>", sql.lit(0))
    .returning("campaign_id")
    .execute();
  const byCampaign = new Map<number, number>();
  for (const { campaign_id } of rows) byCampaign.set(campaign_id, (byCampaign.get(campaign_id) ?? 0) - 1);
  return byCampaign;
}

/**
 * What a withdraw link shows before the button is pressed: the signature, with its campaign's
 * title in the language it was signed in. No email address: the page is for whoever holds the link.
 */
export function getSignatureToWithdraw({ signatureId }: { signatureId: number }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .innerJoin("campaigns", "campaigns.id", "signatures.campaign_id")
    .leftJoin("campaign_texts", (join) =>
      join.onRef("campaign_texts.campaign_id", "=", "campaigns.id").onRef("campaign_texts.language", "=", "signatures.language"),
    )
    .select((eb) => [
      "signatures.id",
      "signatures.name",
      "signatures.language",
      "signatures.created_at",
      "signatures.verified_at",
      "signatures.flag_confirmed_at",
      "campaigns.slug",
      eb.fn.coalesce("campaign_texts.title", "campaigns.title").as("title"),
    ])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

/** The record a withdrawn signature left, with its campaign, if it was withdrawn. */
export function getWithdrawalOf({ signatureId }: { signatureId: number }, trx: Executor = db) {
  return trx
    .selectFrom("signature_withdrawals")
    .innerJoin("campaigns", "campaigns.id", "signature_withdrawals.campaign_id")
    .select(["signature_withdrawals.withdrawn_at", "campaigns.id as campaign_id", "campaigns.slug", "campaigns.title"])
    .where("signature_withdrawals.signature_id", "=", signatureId)
    .executeTakeFirst();
}

/** The mails that signing sent a signer: a sent one's record keeps its address until the retention run, unless its signer withdraws. */
const SIGNER_MAIL_TEMPLATES = ["verify-signature", "already-signed", "paper-signature", "campaign-response"];

/**
 * Erases the signers' address from the records of mail sent to them (before their signatures are
 * deleted: it reads the addresses from them). Sent mail only, whose bodies are already gone; a
 * message still to send is left to be sent.
 */
async function eraseSentMailOf({ signatureIds }: { signatureIds: number[] }, trx: Executor) {
  await trx
    .updateTable("outbox")
    .set({ recipient: "" })
    .where("status", "=", "sent")
    .where("template", "in", SIGNER_MAIL_TEMPLATES)
    .where("recipient", "in", (eb) => eb.selectFrom("signatures").select("email").where("id", "in", signatureIds).where("email", "is not", null).$narrowType<{ email: string }>())
    .execute();
}
