import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, layout, type RenderedEmail, textFooter } from "./layout";

export interface MyDataLinkData {
  link: string;
  minutes: number;
}

/** The link to see, download and erase what the site holds for an address (/my-data). */
export function myDataLink(t: TFunction, language: string, data: MyDataLinkData): RenderedEmail {
  const subject = t("email.myDataLink.subject");
  const text = [t("email.myDataLink.body", { minutes: data.minutes }), "", data.link, "", t("email.myDataLink.ignore"), textFooter(t, language, t("email.myDataLink.footer"))].join("\n");
  const html = layout(
    t,
    language,
    `<p>${escapeHtml(t("email.myDataLink.body", { minutes: data.minutes }))}</p>
${buttonHtml(data.link, t("email.myDataLink.button"))}
<p>${escapeHtml(t("email.myDataLink.ignore"))}</p>`,
    t("email.myDataLink.footer"),
  );
  return { subject, text, html };
}
