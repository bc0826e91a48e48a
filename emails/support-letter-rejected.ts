import type { TFunction } from "i18next";
import { escapeHtml, layout, quoteHtml, type RenderedEmail, textFooter } from "./layout";

export interface SupportLetterRejectedData {
  authorName: string;
  campaignTitle: string;
  /** The campaign team's note, if they wrote one. */
  note: string | null;
}

export function supportLetterRejected(t: TFunction, language: string, data: SupportLetterRejectedData): RenderedEmail {
  const vars = { name: data.authorName, title: data.campaignTitle };
  const note = data.note?.trim();
  const footer = t("email.supportLetterFooter");
  const text = [
    t("email.supportLetterRejected.greeting", vars),
    "",
    t("email.supportLetterRejected.body", vars),
    ...(note ? ["", t("email.supportLetterRejected.note"), "", note] : []),
    textFooter(t, language, footer),
  ].join("\n");
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.supportLetterRejected.greeting", vars))}</p>
<p>${escapeHtml(t("email.supportLetterRejected.body", vars))}</p>
${note ? `<p>${escapeHtml(t("email.supportLetterRejected.note"))}</p>\n${quoteHtml(note)}` : ""}`,
    footer,
  );
  return { subject: t("email.supportLetterRejected.subject", vars), text, html };
}
