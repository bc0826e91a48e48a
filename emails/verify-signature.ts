import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface VerifySignatureData {
  name: string;
  campaignTitle: string;
  verifyUrl: string;
  /** The signature's withdraw link (`/withdraw/{id}-{hmac}`): the way back out, in every confirmation mail. */
  withdrawUrl: string;
}

export function verifySignature(t: TFunction, language: string, data: VerifySignatureData): RenderedEmail {
  const vars = { name: data.name, title: data.campaignTitle };
  const subject = t("email.verify.subject", vars);
  const text = [
    t("email.verify.greeting", vars),
    "",
    t("email.verify.body", vars),
    "",
    data.verifyUrl,
    "",
    t("email.verify.ignore"),
    "",
    t("email.verify.withdraw"),
    data.withdrawUrl,
    textFooter(t, language),
  ].join("\n");
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.verify.greeting", vars))}</p>
<p>${escapeHtml(t("email.verify.body", vars))}</p>
${buttonHtml(data.verifyUrl, t("email.verify.button"))}
<p>${escapeHtml(t("email.verify.ignore"))}</p>
<p>${escapeHtml(t("email.verify.withdraw"))} <a href="${escapeHtml(data.withdrawUrl)}">${escapeHtml(data.withdrawUrl)}</a></p>`,
  );
  return { subject, text, html };
}
