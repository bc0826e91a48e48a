import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface SignInData {
  link: string;
  code: string;
  minutes: number;
}

export function signIn(t: TFunction, language: string, data: SignInData): RenderedEmail {
  const subject = t("email.signIn.subject");
  const text = [
    t("email.signIn.body", { minutes: data.minutes }),
    "",
    data.link,
    "",
    t("email.signIn.code", { code: data.code }),
    "",
    t("email.signIn.ignore"),
    textFooter(t, language, t("email.signIn.footer")),
  ].join("\n");
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.signIn.body", { minutes: data.minutes }))}</p>
${buttonHtml(data.link, t("email.signIn.button"))}
<p>${escapeHtml(t("email.signIn.code", { code: data.code }))}</p>
<p>${escapeHtml(t("email.signIn.ignore"))}</p>`,
    t("email.signIn.footer"),
  );
  return { subject, text, html };
}
