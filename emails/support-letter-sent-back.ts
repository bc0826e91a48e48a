import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, quoteHtml, type RenderedEmail, textFooter } from "./layout";

export interface SupportLetterSentBackData {
  authorName: string;
  campaignTitle: string;
  /** What the campaign team asks the author to change, as typed. */
  note: string;
  /** The single-use link to revise: `/support/revise/{token}`. */
  reviseUrl: string;
}

export function supportLetterSentBack(t: TFunction, language: string, data: SupportLetterSentBackData): RenderedEmail {
  const vars = { name: data.authorName, title: data.campaignTitle };
  const footer = t("email.supportLetterFooter");
  const text = [
    t("email.supportLetterSentBack.greeting", vars),
    "",
    t("email.supportLetterSentBack.body", vars),
    "",
    data.note.trim(),
    "",
    t("email.supportLetterSentBack.action"),
    "",
    data.reviseUrl,
    textFooter(t, language, footer),
  ].join("\n");
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.supportLetterSentBack.greeting", vars))}</p>
<p>${escapeHtml(t("email.supportLetterSentBack.body", vars))}</p>
${quoteHtml(data.note)}
<p>${escapeHtml(t("email.supportLetterSentBack.action"))}</p>
${buttonHtml(data.reviseUrl, t("email.supportLetterSentBack.button"))}`,
    footer,
  );
  return { subject: t("email.supportLetterSentBack.subject", vars), text, html };
}
