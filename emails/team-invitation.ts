import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface TeamInvitationData {
  link: string;
  campaignTitle: string;
  /** The name, or failing that the address, of the person who invited. */
  invitedBy: string;
  days: number;
}

export function teamInvitation(t: TFunction, language: string, data: TeamInvitationData): RenderedEmail {
  const vars = { title: data.campaignTitle, by: data.invitedBy, days: data.days };
  const subject = t("email.teamInvitation.subject", vars);
  const text = [
    t("email.teamInvitation.body", vars),
    "",
    t("email.teamInvitation.action", vars),
    "",
    data.link,
    "",
    t("email.teamInvitation.signIn"),
    "",
    t("email.teamInvitation.ignore"),
    textFooter(t, language, t("email.teamInvitation.footer")),
  ].join("\n");
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.teamInvitation.body", vars))}</p>
<p>${escapeHtml(t("email.teamInvitation.action", vars))}</p>
${buttonHtml(data.link, t("email.teamInvitation.button"))}
<p>${escapeHtml(t("email.teamInvitation.signIn"))}</p>
<p>${escapeHtml(t("email.teamInvitation.ignore"))}</p>`,
    t("email.teamInvitation.footer"),
  );
  return { subject, text, html };
}
