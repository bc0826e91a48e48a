import type { TFunction } from "i18next";
import { languages, type UiLanguage } from "~/i18n";
import { localePath } from "~/i18n/paths";
import { escapeHtml } from "~/utils/escape-html";

export { escapeHtml };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Free text someone typed, as escaped HTML paragraphs: a blank line starts a paragraph, a line break stays. */
export function textToHtml(value: string) {
  return value
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/** The message's one action: a button, then the address written out for mail clients that hide links. */
export function buttonHtml(url: string, label: string) {
  const href = escapeHtml(url);
  return `<p><a href="${href}" style="display: inline-block; background: #00703c; color: #fff; padding: 0.5em 1em; text-decoration: none; font-weight: bold;">${escapeHtml(label)}</a></p>
<p style="word-break: break-all;">${href}</p>`;
}

/** Someone's own words (a note, a message, a response), set apart as a quotation. */
export function quoteHtml(value: string) {
  return `<blockquote style="border-left: 6px solid #b1b4b6; margin: 1em 0; padding: 0 0 0 1em;">\n${textToHtml(value)}\n</blockquote>`;
}

/**
 * The privacy notice's address in the mail's language, on the site's public address. Templates run
 * below app/utils (which imports them), so this reads PUBLIC_URL as app/utils/env.server.ts settles
 * it (checked at start-up; without it, localhost on PORT) rather than importing the env check.
 */
export function privacyUrl(language: string) {
  if (!(languages as readonly string[]).includes(language)) throw new Error(`A mail's footer needs its language (en or cy), not "${language}"`);
  const base = (process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  return `${base}${localePath(language as UiLanguage, "/privacy")}`;
}

/** Wraps already-escaped HTML paragraphs in a plain, readable message with the common footer and the privacy notice's address. */
export function layout(t: TFunction, language: string, content: string, footer = t("email.footer")) {
  const privacy = escapeHtml(privacyUrl(language));
  return `<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family: Arial, sans-serif; font-size: 18px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;">
${content}
<hr style="border: 0; border-top: 1px solid #b1b4b6; margin: 2em 0 1em;">
<p style="font-size: 16px; color: #484949;">${escapeHtml(footer)}</p>
<p style="font-size: 16px; color: #484949;">${escapeHtml(t("email.privacyFooter"))} <a href="${privacy}">${privacy}</a></p>
</body></html>`;
}

/** The privacy notice's line, for a plain-text part that writes its own closing lines. */
export function textPrivacyLine(t: TFunction, language: string) {
  return `${t("email.privacyFooter")} ${privacyUrl(language)}`;
}

/** The plain-text part's closing lines, after a blank line: the common footer unless told, then the privacy notice's address. */
export function textFooter(t: TFunction, language: string, footer = t("email.footer")) {
  return `\n--\n${footer}\n${textPrivacyLine(t, language)}\n`;
}
