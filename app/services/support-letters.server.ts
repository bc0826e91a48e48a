import { countryName } from "~/i18n/countries";
import {
  countApprovedSupportLetters,
  getApprovedSupportLetter,
  getSentBackSupportLetterByReviseTokenHash,
  getSupportLetterByConfirmTokenHash,
  getSupportLetterCampaign,
  getUnconfirmedSupportLetterByEmail,
  insertSupportLetter,
  listApprovedSupportLetters,
  markSupportLetterConfirmed,
  replaceUnconfirmedSupportLetter,
  saveSupportLetterRevision,
} from "~/models/support-letters.server";
import { getOpenSupportInvitationByTokenHash, markSupportInvitationAnswered } from "~/models/support-invitations.server";
import { LinkTokenSchema } from "~/schemas/link-token";
import { countryCodes, type SupportLetterInput, type SupportLetterRevisionInput } from "~/schemas/support-letter";
import { db, now } from "~/utils/db.server";
import { mailUrl } from "~/utils/email.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { singleton } from "~/utils/singleton.server";
import { hashToken, newToken } from "~/utils/tokens.server";
import { type PdfUpload, removeUpload, storePdf } from "~/utils/uploads.server";
import { campaignTitleIn, isOpenForSigning, isPublicStatus, letterSha256 } from "./campaigns.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { forbidden, notFound } from "~/utils/domain-error";
import { localeOf } from "~/i18n/format";
import { defaultLanguage, type UiLanguage } from "~/i18n";

export const SUPPORT_LETTERS_PER_PAGE = 50;

/** However often an address writes to one campaign before confirming, it gets at most this many mails. */
const MAX_MAILS_PER_LETTER = 5;

/** Per client address, like signing's, but tighter: a letter is a long piece of work, not a click. */
export const supportLetterRateLimit = singleton("support-letter-rate-limit", () => createRateLimiter({ capacity: 10, refillPerMinute: 5 }));


/** Every country for the form's list, in alphabetical order of its English name. */
export const supportLetterCountries = singleton("country-options", () =>
  [...countryCodes].map((code) => ({ value: code, label: countryName(code) })).sort((a, b) => a.label.localeCompare(b.label, localeOf(defaultLanguage))),
);

/** A PDF's size as the pages say it: "PDF, 240 KB" or "PDF, 1.2 MB" (translation key and value). */
export function pdfSize(bytes: number) {
  return bytes < 1024 * 1024
    ? { key: "support.sizeKb" as const, value: Math.max(1, Math.round(bytes / 1024)) }
    : { key: "support.sizeMb" as const, value: bytes / (1024 * 1024) };
}

/** The message for a PDF that was not accepted; a good one must be chosen again if the form is sent back. */
export function pdfProblem(pdf: PdfUpload, formValid: boolean) {
  if (pdf.status === "empty") return "support.errors.pdfEmpty";
  if (pdf.status === "tooLarge") return "support.errors.pdfTooLarge";
  if (pdf.status === "notPdf") return "support.errors.pdfNotPdf";
  if (pdf.status === "ok" && !formValid) return "support.errors.pdfAgain";
  return undefined;
}

async function requirePublicCampaign(slug: string) {
  const campaign = await getSupportLetterCampaign({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) throw notFound();
  return campaign;
}

/**
 * Who may use the form now: "open" (the campaign is open and anyone, or this invitee, may write),
 * "closed", or "invitationOnly" (invitation mode, and no open invitation of this campaign in the
 * link). An invitation in the link fills in its invitee's name and email, in either mode.
 */
export async function getSupportLetterForm({ slug, invitationToken, language }: { slug: string; invitationToken: string | null; language: UiLanguage }) {
  const campaign = await requirePublicCampaign(slug);
  const found =
    invitationToken && LinkTokenSchema.safeParse(invitationToken).success
      ? await getOpenSupportInvitationByTokenHash({ tokenHash: hashToken(invitationToken) })
      : undefined;
  const invitation = found?.campaign_id === campaign.id ? found : undefined;
  const access = !isOpenForSigning(campaign)
    ? ("closed" as const)
    : campaign.support_letters === "invitation" && !invitation
      ? ("invitationOnly" as const)
      : ("open" as const);
  return {
    campaign: { id: campaign.id, slug: campaign.slug, title: await campaignTitleIn(db, campaign, language) },
    access,
    invitation: invitation ? { id: invitation.id, name: invitation.name, email: invitation.email } : undefined,
    countries: supportLetterCountries,
  };
}

function letterContent(input: SupportLetterRevisionInput | SupportLetterInput, at: string) {
  return {
    author_name: input.authorName,
    role: input.role || null,
    organisation: input.organisation || null,
    country: input.country,
    body: input.body || null,
    body_sha256: input.body ? letterSha256(input.body) : null,
    consent_at: at,
    updated_at: at,
  };
}

const noPdf = { pdf_file: null, pdf_bytes: null, pdf_sha256: null };

async function storedPdf(pdf: PdfUpload) {
  if (pdf.status !== "ok") return undefined;
  return { pdf_file: await storePdf(pdf), pdf_bytes: pdf.bytes, pdf_sha256: pdf.sha256 };
}

/**
 * Stores a letter of support as "unconfirmed" with its confirmation mail, in one transaction (and
 * marks the invitation it answers). The same address writing again before confirming replaces
 * that letter with the new one and gets a new link (the old one stops working), up to the same cap
 * of mails as signatures; past the cap nothing changes. The caller shows the same page whatever
 * happened, so the page never tells anyone whether an address has written. `language` is the
 * form page's: the letter keeps it, and every mail to its author is written in it.
 */
export async function submitSupportLetter({
  campaign,
  input,
  pdf,
  invitationId,
  ipAddress,
  language,
}: {
  campaign: { id: number; title: string };
  input: SupportLetterInput;
  pdf: PdfUpload;
  invitationId: number | undefined;
  ipAddress: string;
  language: UiLanguage;
}) {
  const stored = await storedPdf(pdf);
  const at = now();
  let unusedFile = stored?.pdf_file;
  try {
    await db.transaction().execute(async (trx) => {
      const existing = await getUnconfirmedSupportLetterByEmail({ campaignId: campaign.id, email: input.email }, trx);
      if (existing && existing.mails_sent >= MAX_MAILS_PER_LETTER) return;
      if (invitationId !== undefined && !(await markSupportInvitationAnswered({ invitationId, at }, trx))) {
        throw forbidden("support.form.invitationOnly");
      }
      const token = newToken();
      const content = {
        ...letterContent(input, at),
        ...(stored ?? noPdf),
        ip_address: ipAddress,
        language,
        confirm_token_hash: hashToken(token),
      };
      if (existing) {
        await replaceUnconfirmedSupportLetter(
          { id: existing.id, changes: { ...content, invitation_id: invitationId ?? existing.invitation_id } },
          trx,
        );
        unusedFile = existing.pdf_file ?? undefined;
      } else {
        await insertSupportLetter(
          {
            letter: {
              ...content,
              campaign_id: campaign.id,
              invitation_id: invitationId ?? null,
              email: input.email,
              status: "unconfirmed",
              created_at: at,
              mails_sent: 1,
            },
          },
          trx,
        );
        unusedFile = undefined;
      }
      await queueMail(trx, {
        template: "support-letter-confirm",
        to: input.email,
        language,
        data: {
          name: input.authorName,
          campaignTitle: await campaignTitleIn(trx, campaign, language),
          confirmUrl: mailUrl(language, `/support/confirm/${token}`),
        },
      });
    });
  } catch (error) {
    if (stored) await removeUpload(stored.pdf_file);
    throw error;
  }
  // The new PDF when nothing was stored (over the cap), or the one a replaced letter had.
  if (unusedFile) await removeUpload(unusedFile);
  outboxWorker.wake();
}

/**
 * Confirms the letter a link belongs to: it goes on to moderation. Safe to repeat: a second visit,
 * or a mail scanner fetching the link first, finds it confirmed and changes nothing.
 */
export async function confirmSupportLetter({ token }: { token: string }) {
  const letter = LinkTokenSchema.safeParse(token).success ? await getSupportLetterByConfirmTokenHash({ tokenHash: hashToken(token) }) : undefined;
  if (!letter) return { status: "invalid" as const };
  if (letter.status === "unconfirmed") await markSupportLetterConfirmed({ id: letter.id, at: now() });
  return { status: "confirmed" as const, campaign: { slug: letter.slug, title: letter.title } };
}

/** The letter sent back that a revise link belongs to; undefined if the link is unknown or used. */
export function getSupportLetterRevision({ token }: { token: string }) {
  return LinkTokenSchema.safeParse(token).success ? getSentBackSupportLetterByReviseTokenHash({ tokenHash: hashToken(token) }) : Promise.resolve(undefined);
}

type SupportLetterRevision = NonNullable<Awaited<ReturnType<typeof getSupportLetterRevision>>>;

/**
 * Saves the author's revision of a letter sent back: it goes back to moderation, and the link is
 * used up. A new PDF replaces the old one, which is then deleted, as is a PDF the author removes.
 * The author's address was confirmed with the first version, so no new confirmation. Returns
 * false if the link was used meanwhile (nothing is changed then).
 */
export async function reviseSupportLetter({
  letter,
  token,
  input,
  pdf,
}: {
  letter: SupportLetterRevision;
  token: string;
  input: SupportLetterRevisionInput;
  pdf: PdfUpload;
}) {
  const stored = await storedPdf(pdf);
  const keepPdf = !stored && !input.removePdf;
  const changes = {
    ...letterContent(input, now()),
    ...(keepPdf ? {} : (stored ?? noPdf)),
  };
  let saved = false;
  try {
    saved = await saveSupportLetterRevision({ id: letter.id, tokenHash: hashToken(token), changes });
  } finally {
    if (stored && !saved) await removeUpload(stored.pdf_file);
  }
  if (saved && letter.pdf_file && !keepPdf) await removeUpload(letter.pdf_file);
  return saved;
}

/** The opening of a letter as plain text, about `length` characters, cut at a word. */
function opening(markdown: string, length = 200) {
  const text = renderMarkdown(markdown)
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= length) return text;
  const cut = text.slice(0, length + 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > length / 2 ? cut.slice(0, space) : cut.slice(0, length)).replace(/[\s,.;:!?]+$/, "")}…`;
}

/** The public list of a campaign's approved letters of support. */
export async function getSupportLetterList({ slug, page, language }: { slug: string; page: number; language: UiLanguage }) {
  const campaign = await requirePublicCampaign(slug);
  const [letters, totals] = await Promise.all([
    listApprovedSupportLetters({ campaignId: campaign.id, limit: SUPPORT_LETTERS_PER_PAGE, offset: (page - 1) * SUPPORT_LETTERS_PER_PAGE }),
    countApprovedSupportLetters({ campaignId: campaign.id }),
  ]);
  return {
    campaign: { slug: campaign.slug, title: await campaignTitleIn(db, campaign, language) },
    letters: letters.map((letter) => ({
      id: letter.id,
      authorName: letter.author_name,
      role: letter.role,
      organisation: letter.organisation,
      country: countryName(letter.country),
      opening: letter.opening ? opening(letter.opening) : null,
    })),
    pagination: { page, pages: Math.max(1, Math.ceil(totals.letters / SUPPORT_LETTERS_PER_PAGE)) },
  };
}

async function requireApprovedLetter({ slug, id }: { slug: string; id: number }) {
  const campaign = await requirePublicCampaign(slug);
  const letter = await getApprovedSupportLetter({ campaignId: campaign.id, id });
  if (!letter) throw notFound();
  return { campaign, letter };
}

/** One approved letter of support, as the public sees it. */
export async function getPublicSupportLetter({ slug, id, language }: { slug: string; id: number; language: UiLanguage }) {
  const { campaign, letter } = await requireApprovedLetter({ slug, id });
  return {
    campaign: { slug: campaign.slug, title: await campaignTitleIn(db, campaign, language) },
    letter: {
      id: letter.id,
      authorName: letter.author_name,
      role: letter.role,
      organisation: letter.organisation,
      country: countryName(letter.country),
      publishedAt: letter.decided_at,
      html: letter.body ? renderMarkdown(letter.body) : null,
      pdf: letter.pdf_file && letter.pdf_bytes !== null ? pdfSize(letter.pdf_bytes) : null,
    },
  };
}

/** The stored PDF of an approved letter, named after its author for the download. */
export async function getPublicSupportLetterPdf({ slug, id }: { slug: string; id: number }) {
  const { letter } = await requireApprovedLetter({ slug, id });
  if (!letter.pdf_file) throw notFound();
  return { file: letter.pdf_file, downloadName: `Letter of support - ${letter.author_name}` };
}

/** For the campaign page: how many letters are public, from how many countries, and whether anyone may write. */
export async function getSupportLetterSummary({ slug }: { slug: string }) {
  const campaign = await requirePublicCampaign(slug);
  const totals = await countApprovedSupportLetters({ campaignId: campaign.id });
  return { ...totals, canWrite: isOpenForSigning(campaign) && campaign.support_letters === "open" };
}
