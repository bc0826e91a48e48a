import type { TFunction } from "i18next";
import { escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface PaperSignatureData {
  name: string;
  campaignTitle: string;
  /** The sheet it was signed on: "S-0007". */
  sheet: string;
  campaignUrl: string;
  /** Where to ask for the signature to be withdrawn: the site's contact page. */
  contactUrl: string;
}

/**
 * The one mail a paper signer who gave an address gets, once their row is typed in twice and
 * agreed (or settled): thanks, it is counted, and how to take it back. Until signers can withdraw
 * by a link of their own, the way is the contact page.
 */
export function paperSignature(t: TFunction, language: string, data: PaperSignatureData): RenderedEmail {
  const vars = { name: data.name, title: data.campaignTitle, sheet: data.sheet };
  const subject = t("email.paperSignature.subject", vars);
  const footer = t("email.paperSignature.footer");
  const paragraphs = ["greeting", "body", "news"].map((key) => t(`email.paperSignature.${key as "greeting" | "body" | "news"}`, vars));
  const text = [
    ...paragraphs.flatMap((p) => [p, ""]),
    t("email.paperSignature.withdraw"),
    data.contactUrl,
    "",
    `${t("email.paperSignature.link")} ${data.campaignUrl}`,
    textFooter(t, footer),
  ].join("\n");
  const contact = escapeHtml(data.contactUrl);
  const campaign = escapeHtml(data.campaignUrl);
  const html = layout(
    t,
    language,
    `${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p>${escapeHtml(t("email.paperSignature.withdraw"))} <a href="${contact}">${contact}</a></p>
<p>${escapeHtml(t("email.paperSignature.link"))} <a href="${campaign}">${campaign}</a></p>`,
    footer,
  );
  return { subject, text, html };
}
