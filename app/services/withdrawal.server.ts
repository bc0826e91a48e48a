import type { UiLanguage } from "~/i18n";
import { getSignatureToWithdraw, getWithdrawalOf, withdrawSignatures } from "~/models/withdrawals.server";
import { db, type Language, now } from "~/utils/db.server";
import { mailUrl } from "~/utils/email.server";
import { idOfToken, idToken } from "~/utils/tokens.server";
import { campaignTitleIn } from "./campaigns.server";

// Withdrawing a signature (issue 15): every confirmation mail and the "you are counted" page carry
// `/withdraw/{id}-{HMAC}`. Nothing is stored per signer, and the link outlives the signature: it
// then says the signature is already withdrawn. Signature ids are never reused (AUTOINCREMENT), so
// an old link can never reach someone else's signature.

/** The path of a signature's withdraw link, in no language: `Link` puts the page's in front. */
export function withdrawPath(signatureId: number) {
  return `/withdraw/${idToken("withdraw", signatureId)}`;
}

/** A signature's withdraw link for a mail, in the signer's language. */
export function withdrawUrl(language: UiLanguage, signatureId: number) {
  return mailUrl(language, withdrawPath(signatureId));
}

/**
 * What a withdraw link shows: the signature (its campaign's title in the language it was signed in,
 * the name given, when, and whether it was confirmed), or that it is already withdrawn (the
 * campaign's title in the page's language), or undefined for a link we never made. A flag held for
 * review reads as confirmed: the signer never learns of a flag.
 */
export async function getWithdrawal({ token, language }: { token: string; language: Language }) {
  const signatureId = idOfToken("withdraw", token);
  if (!signatureId) return undefined;
  const withdrawn = await getWithdrawalOf({ signatureId });
  if (withdrawn) {
    const title = await campaignTitleIn(db, { id: withdrawn.campaign_id, title: withdrawn.title }, language);
    return { withdrawn: true as const, campaign: { slug: withdrawn.slug, title } };
  }
  const signature = await getSignatureToWithdraw({ signatureId });
  if (!signature) return undefined;
  return {
    withdrawn: false as const,
    campaign: { slug: signature.slug, title: signature.title },
    name: signature.name,
    signedAt: signature.created_at,
    confirmed: Boolean(signature.verified_at || signature.flag_confirmed_at),
  };
}

/**
 * Withdraws the signature a link names: deleted with everything personal (and its address erased
 * from the records of mail sent about it), recorded without it, and taken out of the count by the
 * batch counter. Safe to repeat: a second POST finds nothing to do. False for a link we never made.
 */
export async function withdrawSignature({ token }: { token: string }) {
  const signatureId = idOfToken("withdraw", token);
  if (!signatureId) return false;
  return db.transaction().execute(async (trx) => {
    await withdrawSignatures({ signatureIds: [signatureId], at: now() }, trx);
    return Boolean(await getWithdrawalOf({ signatureId }, trx));
  });
}
