import type { TFunction } from "i18next";
import { escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface SupportLetterApprovedData {
  authorName: string;
  campaignTitle: string;
  /** The letter's public page. */
  letterUrl: string;
}

export function supportLetterApproved(t: TFunction, language: string, data: SupportLetterApprovedData): RenderedEmail {
  const vars = { name: data.authorName, title: data.campaignTitle };
  const footer = t("email.supportLetterFooter");
  const text = [
    t("email.supportLetterApproved.greeting", vars),
    "",
    t("email.supportLetterApproved.body", vars),
    "",
    `${t("email.supportLetterApproved.link")} ${data.letterUrl}`,
    textFooter(t, language, footer),
  ].join("\n");
  const url = escapeHtml(data.letterUrl);
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.supportLetterApproved.greeting", vars))}</p>
<p>${escapeHtml(t("email.supportLetterApproved.body", vars))}</p>
<p>${escapeHtml(t("email.supportLetterApproved.link"))} <a href="${url}">${url}</a></p>`,
    footer,
  );
  return { subject: t("email.supportLetterApproved.subject", vars), text, html };
}
