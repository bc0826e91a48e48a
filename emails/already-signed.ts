import type { TFunction } from "i18next";
import { escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface AlreadySignedData {
  name: string;
  campaignTitle: string;
  campaignUrl: string;
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
    textFooter(t),
  ].join("\n");
  const url = escapeHtml(data.campaignUrl);
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.alreadySigned.greeting", vars))}</p>
<p>${escapeHtml(t("email.alreadySigned.body", vars))}</p>
<p>${escapeHtml(t("email.alreadySigned.link"))} <a href="${url}">${url}</a></p>`,
  );
  return { subject, text, html };
}
