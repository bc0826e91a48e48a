import crypto from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT, type UiLanguage } from "~/i18n";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { getEmbed } from "~/services/sharing.server";
import { DomainError } from "~/utils/domain-error";
import { escapeHtml } from "~/utils/escape-html";
import { publicNotFound, publicResource } from "~/utils/public-resource.server";

// /c/{slug}/embed: the campaign in a small box for an <iframe> on another site (issue 18, point 2).
// A resource route, not a page: one small complete document, no React, no script, no app bundle,
// so a charity's home page pays a couple of kilobytes for it. It is the only answer another site
// may frame (`frame-ancestors *` here; http-policy.server.ts leaves out X-Frame-Options for it).
// Its style is inline and allowed by its hash, not a nonce: the same count gives the same bytes,
// so the ETag holds and a cache in front can keep it for its short minute.

const STYLE =
  "body{margin:0;font:16px/1.4 system-ui,sans-serif;color:#0b0c0c;background:#fff}" +
  "main{padding:12px 16px;border:1px solid #b1b4b6}" +
  "h1{font-size:1.2em;margin:0 0 .4em}" +
  "p{margin:0 0 .5em}" +
  "progress{display:block;width:100%;height:1em;margin:0 0 .5em}" +
  "a{display:inline-block;padding:.4em .9em;background:#00703c;color:#fff;font-weight:700;text-decoration:none}" +
  "a:focus{outline:3px solid #fd0;outline-offset:0;background:#fd0;color:#0b0c0c}" +
  ".m{color:#484949}";

const STYLE_HASH = `sha256-${crypto.createHash("sha256").update(STYLE).digest("base64")}`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors *",
].join("; ");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = CampaignParamsSchema.safeParse(params);
  if ((params.lang !== undefined && params.lang !== "cy") || !parsed.success) return publicNotFound();
  const language = languageOf(request);
  try {
    const embed = await getEmbed({ slug: parsed.data.slug, pageLanguage: language });
    return publicResource(request, embedDocument(embed, language), {
      contentType: "text/html; charset=utf-8",
      headers: { "Content-Security-Policy": CONTENT_SECURITY_POLICY },
    });
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return publicNotFound();
    throw error;
  }
}

/** The embed's document: the title (in the campaign's language for it), the count, progress, the link. */
function embedDocument(embed: Awaited<ReturnType<typeof getEmbed>>, language: UiLanguage) {
  const t = getT(language);
  const count = escapeHtml(t("campaign.signatures", { count: embed.count }));
  const titleLang = embed.titleLanguage === language ? "" : ` lang="${embed.titleLanguage}"`;
  const progress = embed.goal
    ? `<progress value="${Math.min(embed.count, embed.goal)}" max="${embed.goal}" aria-label="${escapeHtml(t("campaign.progressLabel", { count: embed.count, goal: embed.goal }))}"></progress>` +
      `<p class="m">${escapeHtml(t("campaign.goal", { goal: embed.goal }))}</p>`
    : "";
  const action = embed.openForSigning ? t("embed.sign") : t("embed.read");
  return (
    `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title${titleLang}>${escapeHtml(embed.title)}</title><style>${STYLE}</style></head>` +
    // Named by its heading: framed in a page with a <main> of its own, the two stay told apart.
    `<body><main aria-labelledby="t"><h1 id="t"${titleLang}>${escapeHtml(embed.title)}</h1>` +
    `<p>${count}</p>${progress}` +
    (embed.openForSigning ? "" : `<p>${escapeHtml(t("embed.closed"))}</p>`) +
    `<p><a href="${escapeHtml(embed.pageUrl)}" target="_blank" rel="noopener">${escapeHtml(action)} ${escapeHtml(t("embed.newTab"))}</a></p>` +
    `</main></body></html>`
  );
}
