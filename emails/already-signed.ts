import type { TFunction } from "i18next";
import { escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface AlreadySignedData {
  name: string;
  campaignTitle: string;
  campaignUrl: string;
  /** The signature's withdraw link (`/withdraw/{id}-{hmac}`). */
  withdrawUrl: string;
}

export function alreadySigned(t: TFunction, language: string, data: AlreadySignedData): RenderedEmail {
  const vars = { name: data.name, title: data.campaignTitle };
  const subject = t("email.alreadySigned.subject", vars);
  const text = [
    t("email.alreadySigned.greeting", vars),
    "",
    t("email.alreadySigned.body", vars),
    "",
    `${t("email.alreadySigned.link")} ${data.campaignUrl}`,
    "",
    t("email.alreadySigned.withdraw"),
    data.withdrawUrl,
    textFooter(t, language),
  ].join("\n");
  const url = escapeHtml(data.campaignUrl);
  const withdraw = escapeHtml(data.withdrawUrl);
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.alreadySigned.greeting", vars))}</p>
<p>${escapeHtml(t("email.alreadySigned.body", vars))}</p>
<p>${escapeHtml(t("email.alreadySigned.link"))} <a href="${url}">${url}</a></p>
<p>${escapeHtml(t("email.alreadySigned.withdraw"))} <a href="${withdraw}">${withdraw}</a></p>`,
  );
  return { subject, text, html };
}
