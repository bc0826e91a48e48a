import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, quoteHtml, type RenderedEmail, textFooter } from "./layout";

export interface SupportInvitationData {
  /** The personal link to the form: `/c/{slug}/support/new?invitation={token}`. */
  link: string;
  campaignTitle: string;
  /** The name, or failing that the address, of the campaigner who invited. */
  invitedBy: string;
  /** The invitee's name, if the campaigner gave one. */
  name: string | null;
  /** The campaigner's personal message, as typed. */
  message: string | null;
}

/**
 * The invitation and its reminder are the same message with a different subject, opening line and
 * word about the link: a reminder carries a new link, and the one before stops working.
 */
function invitationMail(kind: "supportInvitation" | "supportReminder") {
  return (t: TFunction, language: string, data: SupportInvitationData): RenderedEmail => {
    const vars = { title: data.campaignTitle, by: data.invitedBy, name: data.name ?? "" };
    const greeting = data.name ? t("email.supportInvitation.greeting", vars) : t("email.supportInvitation.greetingNoName");
    const body = t(`email.${kind}.body`, vars);
    const action = t(`email.${kind}.action`, vars);
    const message = data.message?.trim();
    const footer = t("email.supportInvitation.footer");
    const text = [
      greeting,
      "",
      body,
      "",
      ...(message ? [t("email.supportInvitation.message"), "", message, ""] : []),
      action,
      "",
      data.link,
      "",
      t("email.supportInvitation.ignore"),
      textFooter(t, language, footer),
    ].join("\n");
    const html = layout(
      t,
      language,
      `<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
${message ? `<p>${escapeHtml(t("email.supportInvitation.message"))}</p>\n${quoteHtml(message)}` : ""}
<p>${escapeHtml(action)}</p>
${buttonHtml(data.link, t("email.supportInvitation.button"))}
<p>${escapeHtml(t("email.supportInvitation.ignore"))}</p>`,
      footer,
    );
    return { subject: t(`email.${kind}.subject`, vars), text, html };
  };
}

export const supportInvitation = invitationMail("supportInvitation");
export const supportReminder = invitationMail("supportReminder");
