import type { TFunction } from "i18next";
import { escapeHtml, layout, type RenderedEmail, textToHtml } from "./layout";

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
    "",
    "--",
    footer,
    "",
  ].join("\n");
  const url = escapeHtml(data.reviseUrl);
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.supportLetterSentBack.greeting", vars))}</p>
<p>${escapeHtml(t("email.supportLetterSentBack.body", vars))}</p>
<blockquote style="border-left: 6px solid #b1b4b6; margin: 1em 0; padding: 0 0 0 1em;">
${textToHtml(data.note)}
</blockquote>
<p>${escapeHtml(t("email.supportLetterSentBack.action"))}</p>
<p><a href="${url}" style="display: inline-block; background: #00703c; color: #fff; padding: 0.5em 1em; text-decoration: none; font-weight: bold;">${escapeHtml(t("email.supportLetterSentBack.button"))}</a></p>
<p style="word-break: break-all;">${url}</p>`,
    footer,
  );
  return { subject: t("email.supportLetterSentBack.subject", vars), text, html };
}
