import type { TFunction } from "i18next";
import { escapeHtml, layout, quoteHtml, type RenderedEmail, textPrivacyLine } from "./layout";

export interface CampaignResponseData {
  campaignTitle: string;
  campaignUrl: string;
  /** Who responded: "Jane Minister, Minister for Care". */
  from: string;
  /** The date it was received, already written out for the reader. */
  receivedOn: string;
  /** The response as published (Markdown source reads well as plain text). */
  body: string;
  unsubscribeUrl: string;
}

export function campaignResponse(t: TFunction, language: string, data: CampaignResponseData): RenderedEmail {
  const vars = { title: data.campaignTitle, from: data.from, date: data.receivedOn };
  const subject = t("email.campaignResponse.subject", vars);
  const footer = t("email.campaignResponse.footer", vars);
  const text = [
    t("email.campaignResponse.intro", vars),
    "",
    data.body.trim(),
    "",
    `${t("email.campaignResponse.online")} ${data.campaignUrl}`,
    "",
    "--",
    footer,
    `${t("email.campaignResponse.unsubscribe")} ${data.unsubscribeUrl}`,
    textPrivacyLine(t, language),
    "",
  ].join("\n");
  const campaign = escapeHtml(data.campaignUrl);
  const unsubscribe = escapeHtml(data.unsubscribeUrl);
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.campaignResponse.intro", vars))}</p>
${quoteHtml(data.body)}
<p>${escapeHtml(t("email.campaignResponse.online"))} <a href="${campaign}">${campaign}</a></p>
<p style="font-size: 16px;">${escapeHtml(t("email.campaignResponse.unsubscribe"))} <a href="${unsubscribe}">${unsubscribe}</a></p>`,
    footer,
  );
  return { subject, text, html };
}
