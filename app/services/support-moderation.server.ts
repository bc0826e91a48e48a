import { countryName } from "~/i18n/countries";
import type { MessageKey } from "~/i18n";
import { insertAuditEntry, listCampaignAudit } from "~/models/audit.server";
import type { WorkspaceCampaign } from "~/models/campaigns.server";
import {
  countSupportLettersByStatus,
  decideSupportLetter,
  getSupportLetterForTeam,
  listSupportLettersForTeam,
} from "~/models/support-letters.server";
import type { SessionUser } from "~/models/users.server";
import type { SupportDecision } from "~/schemas/support-admin";
import { db, now, type SupportLetterStatus } from "~/utils/db.server";
import { mailUrl } from "~/utils/email.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { pdfResponse } from "~/utils/uploads.server";
import { hashToken, newToken } from "~/utils/tokens.server";
import { campaignTitleIn } from "./campaigns.server";
import { outboxWorker, queueMail } from "./outbox.server";
import { pdfSize } from "./support-letters.server";
import { conflict, notFound } from "~/utils/domain-error";

// The campaign team's review of letters of support: the list, one letter, and the decisions on it.

const LETTERS_PER_PAGE = 50;

type Decision = SupportDecision["intent"];

/** The states a decision may be made from, and the state it leads to. Unconfirmed letters wait for their author. */
const transitions: Record<Decision, { from: SupportLetterStatus[]; to: SupportLetterStatus }> = {
  approve: { from: ["pending"], to: "approved" },
  sendBack: { from: ["pending", "approved"], to: "sent_back" },
  reject: { from: ["pending", "approved", "sent_back"], to: "rejected" },
};

/** A decision that cannot be made on the letter as it is now (409), naming the state it is in. */
const decisionRefused = (key: MessageKey, state: SupportLetterStatus) => conflict(key, { state });

/** The decisions the letter's state allows now. */
function availableDecisions(status: SupportLetterStatus) {
  return (Object.keys(transitions) as Decision[]).filter((decision) => transitions[decision].from.includes(status));
}

/** The list page: letters in one state (or all), newest first, with the count of each state. */
export async function getSupportLetterList({ campaign, state, page }: { campaign: WorkspaceCampaign; state?: SupportLetterStatus; page: number }) {
  const [counts, rows] = await Promise.all([
    countSupportLettersByStatus({ campaignId: campaign.id }),
    listSupportLettersForTeam({ campaignId: campaign.id, status: state, limit: LETTERS_PER_PAGE + 1, offset: (page - 1) * LETTERS_PER_PAGE }),
  ]);
  return {
    counts: Object.fromEntries(counts.map((c) => [c.status, c.count])) as Partial<Record<SupportLetterStatus, number>>,
    letters: rows.slice(0, LETTERS_PER_PAGE).map((l) => ({
      id: l.id,
      author: l.author_name,
      organisation: l.organisation,
      country: countryName(l.country),
      state: l.status,
      receivedAt: l.created_at,
    })),
    more: rows.length > LETTERS_PER_PAGE,
  };
}

/** How many of a campaign's letters wait for the team's review, for the campaign's overview. */
export async function countSupportLettersAwaitingReview({ campaign }: { campaign: WorkspaceCampaign }) {
  const counts = await countSupportLettersByStatus({ campaignId: campaign.id });
  return counts.find((c) => c.status === "pending")?.count ?? 0;
}

async function requireLetter({ campaign, id }: { campaign: WorkspaceCampaign; id: number }) {
  const letter = await getSupportLetterForTeam({ campaignId: campaign.id, id });
  if (!letter) throw notFound();
  return letter;
}

/** One letter for its campaign's team: in full, with its author's address, what may be decided, and its history. */
export async function getSupportLetterForModeration({ campaign, id }: { campaign: WorkspaceCampaign; id: number }) {
  const letter = await requireLetter({ campaign, id });
  const audit = await listCampaignAudit({ campaignId: campaign.id, actions: Object.keys(transitions).map((d) => `support.${d}`) });
  const decisions = audit
    .map((entry) => ({ entry, after: JSON.parse(entry.after ?? "{}") as { letterId?: number; moderationNote?: string | null } }))
    .filter(({ after }) => after.letterId === letter.id)
    .map(({ entry, after }) => ({
      at: entry.created_at,
      decision: entry.action.slice("support.".length) as Decision,
      by: entry.user_email,
      note: after.moderationNote ?? null,
    }));
  return {
    letter: {
      id: letter.id,
      author: letter.author_name,
      email: letter.email,
      role: letter.role,
      organisation: letter.organisation,
      country: countryName(letter.country),
      html: letter.body ? renderMarkdown(letter.body) : null,
      pdfSize: letter.pdf_file ? pdfSize(letter.pdf_bytes ?? 0) : null,
      state: letter.status,
      note: letter.moderation_note,
      invited: letter.invitation_id !== null,
      receivedAt: letter.created_at,
    },
    decisions: letter.status === "unconfirmed" ? [] : availableDecisions(letter.status),
    history: [
      { at: letter.created_at, kind: "received" as const },
      ...(letter.confirmed_at ? [{ at: letter.confirmed_at, kind: "confirmed" as const }] : []),
      ...decisions.reverse().map((d) => ({ ...d, kind: "decision" as const })),
    ],
  };
}

/** The letter's PDF, for its campaign's team whatever its state. */
export async function supportLetterPdfForTeam({ campaign, id }: { campaign: WorkspaceCampaign; id: number }) {
  const letter = await requireLetter({ campaign, id });
  if (!letter.pdf_file) throw notFound();
  return pdfResponse({ file: letter.pdf_file, downloadName: `letter-of-support-${letter.id}` });
}

/**
 * Approves, sends back or rejects a letter. The change of state, the audit entry (before and after)
 * and the mail to the author are one transaction. The update is guarded by the state read first,
 * so when two moderators decide at once one wins and the other gets a 409 and changes nothing.
 * Sending back mails a single-use link to revise (only its hash is kept). The mail is in the
 * language the letter was written in, whatever the moderator's page.
 */
export async function decideOnSupportLetter({ user, campaign, id, decision }: { user: SessionUser; campaign: WorkspaceCampaign; id: number; decision: SupportDecision }) {
  const reviseToken = decision.intent === "sendBack" ? newToken() : undefined;
  await db.transaction().execute(async (trx) => {
    const letter = await getSupportLetterForTeam({ campaignId: campaign.id, id }, trx);
    if (!letter) throw notFound();
    if (letter.status === "unconfirmed") throw decisionRefused("supportAdmin.errors.unconfirmed", letter.status);
    const { from, to } = transitions[decision.intent];
    if (!from.includes(letter.status)) throw decisionRefused(`supportAdmin.errors.transitions.${decision.intent}`, letter.status);
    const at = now();
    const note = decision.intent === "approve" ? null : decision.note || null;
    const decided = await decideSupportLetter(
      {
        id,
        from: letter.status,
        changes: {
          status: to,
          moderation_note: note,
          decided_at: at,
          decided_by: user.id,
          revise_token_hash: reviseToken ? hashToken(reviseToken) : null,
          updated_at: at,
        },
      },
      trx,
    );
    if (!decided) {
      const current = await getSupportLetterForTeam({ campaignId: campaign.id, id }, trx);
      throw decisionRefused("supportAdmin.errors.changed", current?.status ?? letter.status);
    }
    const { language } = letter;
    const author = { authorName: letter.author_name, campaignTitle: await campaignTitleIn(trx, campaign, language) };
    if (decision.intent === "approve") {
      await queueMail(trx, {
        template: "support-letter-approved",
        to: letter.email,
        language,
        data: { ...author, letterUrl: mailUrl(language, `/c/${campaign.slug}/support/${letter.id}`) },
      });
    } else if (decision.intent === "sendBack") {
      await queueMail(trx, {
        template: "support-letter-sent-back",
        to: letter.email,
        language,
        data: { ...author, note: decision.note, reviseUrl: mailUrl(language, `/support/revise/${reviseToken}`) },
      });
    } else {
      await queueMail(trx, { template: "support-letter-rejected", to: letter.email, language, data: { ...author, note } });
    }
    await insertAuditEntry(
      {
        userId: user.id,
        campaignId: campaign.id,
        action: `support.${decision.intent}`,
        before: { letterId: letter.id, status: letter.status, moderationNote: letter.moderation_note },
        after: { letterId: letter.id, status: to, moderationNote: note },
        createdAt: at,
      },
      trx,
    );
  });
  outboxWorker.wake();
}
