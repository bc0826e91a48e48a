import type { TFunction } from "i18next";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => entities[c]);
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

/** Wraps already-escaped HTML paragraphs in a plain, readable message with the common footer. */
export function layout(t: TFunction, language: string, content: string, footer = t("email.footer")) {
  return `<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family: Arial, sans-serif; font-size: 18px; line-height: 1.5; color: #0b0c0c; max-width: 40em; margin: 0 auto; padding: 1em;">
${content}
<hr style="border: 0; border-top: 1px solid #b1b4b6; margin: 2em 0 1em;">
<p style="font-size: 16px; color: #484949;">${escapeHtml(footer)}</p>
</body></html>`;
}

/** The plain-text part's closing lines, after a blank line; the common footer unless told. */
export function textFooter(t: TFunction, footer = t("email.footer")) {
  return `\n--\n${footer}\n`;
}
