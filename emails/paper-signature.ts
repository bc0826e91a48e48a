import type { TFunction } from "i18next";
import { escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface PaperSignatureData {
  name: string;
  campaignTitle: string;
  /** The sheet it was signed on: "S-0007". */
  sheet: string;
  campaignUrl: string;
  /** The signature's withdraw link (`/withdraw/{id}-{hmac}`). */
  withdrawUrl: string;
}

/**
 * The one mail a paper signer who gave an address gets, once their row is typed in twice and
 * agreed (or settled): thanks, it is counted, and how to take it back: its own withdraw link.
 */
export function paperSignature(t: TFunction, language: string, data: PaperSignatureData): RenderedEmail {
  const vars = { name: data.name, title: data.campaignTitle, sheet: data.sheet };
  const subject = t("email.paperSignature.subject", vars);
  const footer = t("email.paperSignature.footer");
  const paragraphs = ["greeting", "body", "news"].map((key) => t(`email.paperSignature.${key as "greeting" | "body" | "news"}`, vars));
  const text = [
    ...paragraphs.flatMap((p) => [p, ""]),
    t("email.paperSignature.withdraw"),
    data.withdrawUrl,
    "",
    `${t("email.paperSignature.link")} ${data.campaignUrl}`,
    textFooter(t, language, footer),
  ].join("\n");
  const withdraw = escapeHtml(data.withdrawUrl);
  const campaign = escapeHtml(data.campaignUrl);
  const html = layout(
    t,
    language,
    `${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p>${escapeHtml(t("email.paperSignature.withdraw"))} <a href="${withdraw}">${withdraw}</a></p>
<p>${escapeHtml(t("email.paperSignature.link"))} <a href="${campaign}">${campaign}</a></p>`,
    footer,
  );
  return { subject, text, html };
}
