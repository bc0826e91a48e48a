import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface SupportLetterConfirmData {
  name: string;
  campaignTitle: string;
  confirmUrl: string;
}

export function supportLetterConfirm(t: TFunction, language: string, data: SupportLetterConfirmData): RenderedEmail {
  const vars = { name: data.name, title: data.campaignTitle };
  const footer = t("email.supportLetterConfirm.footer");
  const subject = t("email.supportLetterConfirm.subject", vars);
  const text = [
    t("email.supportLetterConfirm.greeting", vars),
    "",
    t("email.supportLetterConfirm.body", vars),
    "",
    data.confirmUrl,
    "",
    t("email.supportLetterConfirm.ignore"),
    textFooter(t, language, footer),
  ].join("\n");
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.supportLetterConfirm.greeting", vars))}</p>
<p>${escapeHtml(t("email.supportLetterConfirm.body", vars))}</p>
${buttonHtml(data.confirmUrl, t("email.supportLetterConfirm.button"))}
<p>${escapeHtml(t("email.supportLetterConfirm.ignore"))}</p>`,
    footer,
  );
  return { subject, text, html };
}
