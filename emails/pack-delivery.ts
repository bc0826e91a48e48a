import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, type RenderedEmail, textFooter, textToHtml } from "./layout";

export interface PackDeliveryData {
  campaignTitle: string;
  campaignUrl: string;
  /** The covering message staff wrote, as typed. */
  message: string;
  /** This recipient's own download link. */
  downloadUrl: string;
  /** Whether the pack is attached (small enough), and its size for the reader, like "2.4 MB". */
  attached: boolean;
  size: string;
}

export function packDelivery(t: TFunction, language: string, data: PackDeliveryData): RenderedEmail {
  const vars = { title: data.campaignTitle, size: data.size };
  const subject = t("email.packDelivery.subject", vars);
  const pack = data.attached ? t("email.packDelivery.attached", vars) : t("email.packDelivery.notAttached", vars);
  const text = [
    data.message.trim(),
    "",
    "--",
    pack,
    "",
    t("email.packDelivery.download", vars),
    data.downloadUrl,
    "",
    t("email.packDelivery.check"),
    "",
    `${t("email.packDelivery.online")} ${data.campaignUrl}`,
    textFooter(t, language, t("email.packDelivery.footer")),
  ].join("\n");
  const campaign = escapeHtml(data.campaignUrl);
  const html = layout(
    t,
    language,
    `${textToHtml(data.message)}
<hr style="border: 0; border-top: 1px solid #b1b4b6; margin: 2em 0 1em;">
<p>${escapeHtml(pack)}</p>
<p>${escapeHtml(t("email.packDelivery.download", vars))}</p>
${buttonHtml(data.downloadUrl, t("email.packDelivery.button"))}
<p>${escapeHtml(t("email.packDelivery.check"))}</p>
<p>${escapeHtml(t("email.packDelivery.online"))} <a href="${campaign}">${campaign}</a></p>`,
    t("email.packDelivery.footer"),
  );
  return { subject, text, html };
}
