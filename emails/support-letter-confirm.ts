import type { TFunction } from "i18next";
import { escapeHtml, layout, type RenderedEmail } from "./layout";

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
    `\n--\n${footer}\n`,
  ].join("\n");
  const url = escapeHtml(data.confirmUrl);
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.supportLetterConfirm.greeting", vars))}</p>
<p>${escapeHtml(t("email.supportLetterConfirm.body", vars))}</p>
<p><a href="${url}" style="display: inline-block; background: #00703c; color: #fff; padding: 0.5em 1em; text-decoration: none; font-weight: bold;">${escapeHtml(t("email.supportLetterConfirm.button"))}</a></p>
<p style="word-break: break-all;">${url}</p>
<p>${escapeHtml(t("email.supportLetterConfirm.ignore"))}</p>`,
    footer,
  );
  return { subject, text, html };
}
