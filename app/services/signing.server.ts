import type { PublicCampaign } from "~/models/campaigns.server";
import { getCurrentLetterText, getLetterTextOfCampaign } from "~/models/letters.server";
import {
  getSignatureByEmail,
  getSignatureByTokenHash,
  insertSignatureOnce,
  insertVerificationToken,
  markSignatureVerified,
  recordMailSent,
} from "~/models/signatures.server";
import { LinkTokenSchema } from "~/schemas/link-token";
import type { EasyReadSignatureInput, SignatureInput } from "~/schemas/signature";
import { type Executor, type Language, type LetterVariant, now } from "~/utils/db.server";
import { mailUrl } from "~/utils/email.server";
import { inGroupCommit } from "~/utils/group-commit.server";
import { hashToken, newToken } from "~/utils/tokens.server";
import { flagFor } from "./abuse.server";
import { campaignTitleIn } from "./campaigns.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { queueSignatureVerified, wakeWebhooks } from "./webhooks.server";
import { withdrawPath, withdrawUrl } from "./withdrawal.server";

/** A campaign as the signer saw it: its title in the language shown, and that language. */
type SigningCampaign = PublicCampaign & { shownLanguage: Language };
/** The letter text on the page signed (services/campaigns.server.ts getSigningContext). */
type ShownLetter = NonNullable<Awaited<ReturnType<typeof getCurrentLetterText>>>;

/** However often an address signs one campaign, it gets at most this many mails about it. */
export const MAX_MAILS_PER_SIGNATURE = 5;

/** What a signer gives on either sign form: the Easy Read one asks fewer questions. */
type SignerDetails = SignatureInput | EasyReadSignatureInput;

/**
 * The confirmation mail, in the signer's language, and in Easy Read for a signer of the Easy Read
 * letter, whose link leads to the Easy Read confirmation page.
 */
async function issueVerificationMail(
  trx: Executor,
  {
    signatureId,
    email,
    name,
    campaign,
    language,
    variant,
  }: { signatureId: number; email: string; name: string; campaign: SigningCampaign; language: Language; variant: LetterVariant },
) {
  const token = newToken();
  await insertVerificationToken({ signatureId, tokenHash: hashToken(token), createdAt: now() }, trx);
  const path = variant === "easy_read" ? `/c/${campaign.slug}/easy-read/verify/${token}` : `/verify/${token}`;
  await queueMail(trx, {
    template: "verify-signature",
    to: email,
    language,
    variant,
    data: { name, campaignTitle: campaign.title, verifyUrl: mailUrl(language, path), withdrawUrl: withdrawUrl(language, signatureId) },
  });
}

/**
 * Records a signature and queues its confirmation mail, in one transaction (shared with the other
 * signatures of the moment: utils/group-commit.server.ts). Signing again with
 * the same address never adds a second signature: it re-sends the confirmation (or says it is
 * already counted), up to a cap. The caller shows the same page whatever happened here, so the
 * page never tells anyone whether an address has signed.
 */
export async function signCampaign({
  campaign,
  letter: shown,
  input,
  ipAddress,
  language,
  origin,
}: {
  campaign: SigningCampaign;
  /**
   * The letter text the page showed (the standard one, or the Easy Read one, whose mail is in Easy
   * Read too): what the signature is bound to unless the form names another of the campaign's.
   */
  letter: ShownLetter;
  input: SignerDetails;
  ipAddress: string;
  /** The language of the page signed on: every later mail to the signer is in it. */
  language: Language;
  /** Where it was signed when not online: an event's kiosk (services/events.server.ts). */
  origin?: { source: "event"; eventId: number };
}) {
  await inGroupCommit(async (trx) => {
    // Bind the signature to the text the supporter had on screen (the form says which), if it is
    // one of this campaign's: the page's own text (the usual case, read already), or an older one
    // that was on screen when they opened the page.
    const letter =
      !input.letterTextId || input.letterTextId === shown.id
        ? shown
        : ((await getLetterTextOfCampaign({ campaignId: campaign.id, letterTextId: input.letterTextId }, trx)) ?? shown);

    // Quiet abuse flags (services/abuse.server.ts), online only: at a kiosk everyone shares one address.
    const at = now();
    const flag = origin
      ? null
      : await flagFor({ campaignId: campaign.id, email: input.email, name: input.name, location: input.location, ipAddress, at }, trx);
    const signatureId = await insertSignatureOnce(
      {
        signature: {
          campaign_id: campaign.id,
          letter_version_id: letter.letter_version_id,
          letter_text_id: letter.id,
          letter_sha256: letter.sha256,
          language,
          name: input.name,
          email: input.email,
          signer_type: input.signerType,
          organisation: input.signerType === "individual" ? null : (input.organisation ?? null),
          role: ("role" in input && input.role) || null,
          location: input.location,
          comment: ("comment" in input && input.comment) || null,
          show_name: input.showName ? 1 : 0,
          wants_updates: "updates" in input && input.updates ? 1 : 0,
          helper_name: input.helped === "yes" ? (input.helperName ?? null) : null,
          helper_relation: input.helped === "yes" ? (input.helperRelation ?? null) : null,
          ip_address: ipAddress,
          created_at: at,
          mails_sent: 1,
          ...(flag ? { flag_reason: flag, flagged_at: at } : {}),
          ...(origin ? { source: origin.source, event_id: origin.eventId } : {}),
        },
      },
      trx,
    );
    if (signatureId !== undefined) {
      await issueVerificationMail(trx, { signatureId, email: input.email, name: input.name, campaign, language, variant: letter.variant });
      return;
    }

    const existing = await getSignatureByEmail({ campaignId: campaign.id, email: input.email }, trx);
    if (!existing || existing.mails_sent >= MAX_MAILS_PER_SIGNATURE) return;
    await recordMailSent({ signatureId: existing.id }, trx);
    // Confirmed, whether or not a flag holds it for review: the signer is told the same either way.
    if (existing.verified_at || existing.flag_confirmed_at) {
      await queueMail(trx, {
        template: "already-signed",
        to: input.email,
        language: existing.language,
        data: {
          name: existing.name,
          campaignTitle: await campaignTitleIn(trx, campaign, existing.language),
          campaignUrl: mailUrl(existing.language, `/c/${campaign.slug}`),
          withdrawUrl: withdrawUrl(existing.language, existing.id),
        },
      });
    } else {
      // A new link for the text they first signed: the standard letter or the Easy Read one.
      const signed = await getLetterTextOfCampaign({ campaignId: campaign.id, letterTextId: existing.letter_text_id }, trx);
      await issueVerificationMail(trx, { signatureId: existing.id, email: input.email, name: existing.name, campaign, language: existing.language, variant: signed?.variant ?? "standard" });
    }
  });
  outboxWorker.wake();
}

/** What a confirmation link's page shows: the signature confirmed, with its withdraw link, or a link that does not work. */
export type Confirmation =
  | { status: "invalid" }
  | { status: "verified"; campaign: { slug: string; title: string; thankYou: string | null }; withdrawTo: string };

/**
 * Confirms the signature a verification link belongs to. Safe to repeat: a second visit, or a
 * mail scanner fetching the link first, finds it already verified and changes nothing.
 */
export async function verifySignature({ token }: { token: string | undefined }): Promise<Confirmation> {
  const parsed = LinkTokenSchema.safeParse(token);
  if (!parsed.success) return { status: "invalid" };
  const signature = await inGroupCommit(async (trx) => {
    const found = await getSignatureByTokenHash({ tokenHash: hashToken(parsed.data) }, trx);
    if (found && !found.verified_at && (await markSignatureVerified({ signatureId: found.id, verifiedAt: now() }, trx))) {
      await queueSignatureVerified(trx, { signatureId: found.id });
    }
    return found;
  });
  if (!signature) return { status: "invalid" };
  wakeWebhooks(); // a webhook may have been told
  return {
    status: "verified",
    campaign: { slug: signature.slug, title: signature.title, thankYou: signature.thank_you },
    // A path in no language: the page's `Link` puts its own in front.
    withdrawTo: withdrawPath(signature.id),
  };
}
