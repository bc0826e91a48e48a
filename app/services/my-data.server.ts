import type { UiLanguage } from "~/i18n";
import { insertAuditEntry } from "~/models/audit.server";
import {
  deleteMyDataLinks,
  deleteOpenInvitations,
  deleteSignInCodeFailuresFor,
  deleteSupportLetters,
  deleteUnsentMail,
  endMyDataSession,
  eraseUser,
  getAccountFor,
  getMyDataSession,
  holdsAnything,
  insertMyDataLink,
  isLastAdmin,
  isMyDataLinkOpen,
  listOpenInvitationsFor,
  listSignaturesFor,
  listSupportLettersFor,
  listSupportLettersToErase,
  useMyDataLink,
} from "~/models/my-data.server";
import { withdrawSignatures } from "~/models/withdrawals.server";
import { db, type Language, now, type SignatureSource, type SignerType, type SupportLetterStatus, type UserRole } from "~/utils/db.server";
import { mailUrl } from "~/utils/email.server";
import { logger } from "~/utils/logger.server";
import { hashToken, newToken } from "~/utils/tokens.server";
import { removeUpload } from "~/utils/uploads.server";
import { outboxWorker, queueMail } from "./outbox.server";

// "See and erase your own data" (/my-data). Anyone may ask for a link for any address; it is mailed
// only when something is held for it, and the page says the same either way. The link works once,
// for 15 minutes, and opens a 30-minute session whose id (only its SHA-256 stored) is the key to
// the address's data.

export const MY_DATA_LINK_MINUTES = 15;
export const MY_DATA_SESSION_MINUTES = 30;

const minutesAfter = (at: string, minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();

/** Mails a link for the address, in `language` (the page's), if anything is held for it; otherwise nothing. */
export async function requestMyDataLink({ email, language }: { email: string; language: UiLanguage }) {
  const at = now();
  if (!(await holdsAnything({ email, at }))) return;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await insertMyDataLink({ email, tokenHash: hashToken(token), language, createdAt: at, expiresAt: minutesAfter(at, MY_DATA_LINK_MINUTES) }, trx);
    await queueMail(trx, {
      template: "my-data-link",
      to: email,
      language,
      data: { link: mailUrl(language, `/my-data/${token}`), minutes: MY_DATA_LINK_MINUTES },
    });
  });
  outboxWorker.wake();
}

/** Whether the link would open (for the page the link leads to; opening it is `openMyDataLink`). */
export function isMyDataLinkUsable({ token }: { token: string }) {
  return isMyDataLinkOpen({ tokenHash: hashToken(token), at: now() });
}

/** Uses the link up and starts its session: the session's id, or undefined for a used, out-of-date or unknown link. */
export async function openMyDataLink({ token }: { token: string }) {
  const at = now();
  const sessionId = newToken();
  const opened = await useMyDataLink({
    tokenHash: hashToken(token),
    at,
    sessionHash: hashToken(sessionId),
    sessionExpiresAt: minutesAfter(at, MY_DATA_SESSION_MINUTES),
  });
  return opened ? sessionId : undefined;
}

/** The address a session is for, while it lasts. */
export async function getMyDataOwner({ sessionId }: { sessionId: string }) {
  const session = await getMyDataSession({ sessionHash: hashToken(sessionId), at: now() });
  return session ? { email: session.email, language: session.language as Language } : undefined;
}

export async function endMyData({ sessionId }: { sessionId: string }) {
  await endMyDataSession({ sessionHash: hashToken(sessionId) });
}

export interface MyData {
  email: string;
  signatures: {
    campaign: { slug: string; title: string };
    signedAt: string;
    name: string;
    signerType: SignerType;
    organisation: string | null;
    role: string | null;
    town: string;
    comment: string | null;
    nameShownPublicly: boolean;
    wantsNews: boolean;
    source: SignatureSource;
    confirmed: boolean;
  }[];
  supportLetters: {
    campaign: { slug: string; title: string };
    status: SupportLetterStatus;
    writtenAt: string;
    authorName: string;
    role: string | null;
    organisation: string | null;
    country: string;
    text: string | null;
    pdfSent: boolean;
  }[];
  newsSubscriptions: { campaign: { slug: string; title: string } }[];
  account: { email: string; name: string | null; role: UserRole; since: string } | null;
  invitations: { kind: "team" | "support"; campaign: { slug: string; title: string }; invitedAt: string }[];
}

/**
 * Everything held for the address, as the person may see it: what they gave, never a flag, an IP
 * address (it may be someone else's, who used the address) or who else did what.
 */
export async function getMyData({ email }: { email: string }): Promise<MyData> {
  const at = now();
  const [signatures, letters, account, invitations] = await Promise.all([
    listSignaturesFor({ email }),
    listSupportLettersFor({ email }),
    getAccountFor({ email }),
    listOpenInvitationsFor({ email, at }),
  ]);
  const campaign = (row: { slug: string; campaign_title: string }) => ({ slug: row.slug, title: row.campaign_title });
  return {
    email,
    signatures: signatures.map((s) => ({
      campaign: campaign(s),
      signedAt: s.created_at,
      name: s.name,
      signerType: s.signer_type,
      organisation: s.organisation,
      role: s.role,
      town: s.location,
      comment: s.comment,
      nameShownPublicly: s.show_name === 1,
      wantsNews: s.wants_updates === 1,
      source: s.source,
      confirmed: s.confirmed_at !== null,
    })),
    supportLetters: letters.map((l) => ({
      campaign: campaign(l),
      status: l.status,
      writtenAt: l.created_at,
      authorName: l.author_name,
      role: l.role,
      organisation: l.organisation,
      country: l.country,
      text: l.body,
      pdfSent: l.pdf_file !== null,
    })),
    newsSubscriptions: signatures.filter((s) => s.wants_updates === 1).map((s) => ({ campaign: campaign(s) })),
    account: account ? { email: account.email, name: account.name, role: account.role, since: account.created_at } : null,
    invitations: invitations.map((i) => ({ kind: i.kind, campaign: campaign(i), invitedAt: i.created_at })),
  };
}

/** What "Erase everything" would do, for its confirmation page: whether to ask about approved letters, and whether the account must stay. */
export async function previewErase({ email }: { email: string }) {
  const [signatures, letters, account] = await Promise.all([listSignaturesFor({ email }), listSupportLettersFor({ email }), getAccountFor({ email })]);
  const approved = letters.filter((l) => l.status === "approved").length;
  return {
    signatures: signatures.length,
    supportLetters: letters.length - approved,
    approvedSupportLetters: approved,
    account: !account ? ("none" as const) : (await isLastAdmin({ userId: account.id }, db)) ? ("keptLastAdmin" as const) : ("erased" as const),
  };
}

export interface Erased {
  signatures: number;
  supportLetters: number;
  /** Approved letters left on the public page, because their author chose to keep them. */
  supportLettersKept: number;
  invitations: number;
  account: "erased" | "keptLastAdmin" | "none";
}

/**
 * Erases everything held for the address, in one transaction: every signature withdrawn, letters of
 * support not approved deleted (approved ones too when `withdrawApproved`), the account erased
 * unless it is the last admin, unsent mail and open invitations to it deleted, and every link and
 * session for it gone. Audited with counts only, never the address. Uploaded PDFs are removed once
 * the rows are.
 */
export async function eraseMyData({ email, withdrawApproved }: { email: string; withdrawApproved: boolean }): Promise<Erased> {
  const at = now();
  const { erased, pdfFiles } = await db.transaction().execute(async (trx) => {
    const signatureIds = (await listSignaturesFor({ email }, trx)).map((s) => s.id);
    await withdrawSignatures({ signatureIds, at }, trx);

    const allLetters = await listSupportLettersFor({ email }, trx);
    const letters = await listSupportLettersToErase({ email, withApproved: withdrawApproved }, trx);
    await deleteSupportLetters({ ids: letters.map((l) => l.id) }, trx);

    const invitations = await deleteOpenInvitations({ email }, trx);

    let account: Erased["account"] = "none";
    const user = await getAccountFor({ email }, trx);
    if (user) {
      if (await isLastAdmin({ userId: user.id }, trx)) account = "keptLastAdmin";
      else {
        await eraseUser({ userId: user.id, at }, trx);
        account = "erased";
      }
    }
    await deleteSignInCodeFailuresFor({ emailHash: hashToken(email) }, trx);
    const mails = await deleteUnsentMail({ email }, trx);
    await deleteMyDataLinks({ email }, trx);

    const erased: Erased = {
      signatures: signatureIds.length,
      supportLetters: letters.length,
      supportLettersKept: allLetters.length - letters.length,
      invitations,
      account,
    };
    await insertAuditEntry({ userId: null, campaignId: null, action: "privacy.erase", after: { ...erased, unsentMails: mails }, createdAt: at }, trx);
    return { erased, pdfFiles: letters.flatMap((l) => (l.pdf_file ? [l.pdf_file] : [])) };
  });
  for (const file of pdfFiles) {
    // The rows are gone already; a file left behind is logged, not a failed erasure.
    await removeUpload(file).catch((error: unknown) => logger.warn({ err: error, file }, "could not remove an erased letter's PDF"));
  }
  return erased;
}
