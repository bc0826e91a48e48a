import QRCode from "qrcode";
import { z } from "zod";
import { getT, languageNames, type UiLanguage } from "~/i18n";
import { languageOfPath, localePath } from "~/i18n/paths";
import { getCampaignBySlug, listCampaignTexts, type PublicCampaign } from "~/models/campaigns.server";
import type { Language } from "~/utils/db.server";
import { invalid, notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { escapeHtml } from "~/utils/escape-html";
import { type Actor, requireCampaignAccess } from "./access.server";
import { isPublicStatus, languagesOf, shownLanguage } from "./campaigns.server";
import { getCampaignCount } from "./counting.server";

// Taking a campaign to where people already are (issue 18, points 2 and 4): the embed another site
// puts in an <iframe>, its oEmbed description, QR codes for posters and sheets, and the workspace's
// "Share and embed" page that hands all of them to the team. Only public campaigns (not a draft,
// nor one waiting for review) have any of these: the rest answer "not found", like their page.

/** The embed's size in an <iframe> when the host site does not ask for another (CSS pixels). */
export const EMBED_WIDTH = 400;
export const EMBED_HEIGHT = 220;

/** A QR code's PNG side in pixels: big enough to print on an A4 poster; `?size=` may ask 128 to 4,096. */
export const QR_PNG_SIZE = { default: 1024, min: 128, max: 4096 };

/** A public campaign's page, absolute, in a language: what the embed's link and a QR code open. */
export function campaignPageUrl(slug: string, language: UiLanguage) {
  return `${env.PUBLIC_URL}${localePath(language, `/c/${slug}`)}`;
}

function embedUrl(slug: string, language: UiLanguage) {
  return `${env.PUBLIC_URL}${localePath(language, `/c/${slug}/embed`)}`;
}

async function requirePublicCampaign(slug: string) {
  const campaign = await getCampaignBySlug({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) throw notFound();
  return campaign;
}

/** The campaign's title in the language it is shown in on a page in `pageLanguage`. */
async function titleShown(campaign: PublicCampaign, pageLanguage: UiLanguage) {
  const language = shownLanguage(campaign, pageLanguage);
  const texts = await listCampaignTexts({ campaignIds: [campaign.id] });
  return { language, title: texts.find((text) => text.language === language)?.title.trim() || campaign.title };
}

/** The <iframe> snippet a site pastes to show a campaign's embed. Its title names it for screen readers. */
export function embedSnippet({ slug, language, title, width = EMBED_WIDTH, height = EMBED_HEIGHT }: { slug: string; language: UiLanguage; title: string; width?: number; height?: number }) {
  return `<iframe src="${escapeHtml(embedUrl(slug, language))}" title="${escapeHtml(title)}" width="${width}" height="${height}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

/**
 * What the embed shows: the campaign's title and count as of now (the count is the one count.json
 * serves, read at most once a second), its goal, and where "Sign" leads. `pageLanguage` is the
 * embed's address's language; the campaign's texts come in it when the campaign has it.
 */
export async function getEmbed({ slug, pageLanguage }: { slug: string; pageLanguage: UiLanguage }) {
  const campaign = await requirePublicCampaign(slug);
  const [{ language, title }, count] = await Promise.all([titleShown(campaign, pageLanguage), getCampaignCount({ slug })]);
  return {
    title,
    /** The language the campaign's title is in; the rest of the embed is in the page's. */
    titleLanguage: language as UiLanguage,
    count: count?.count ?? 0,
    goal: campaign.goal,
    openForSigning: campaign.status === "open",
    pageUrl: campaignPageUrl(slug, pageLanguage),
  };
}

const OEmbedQuerySchema = z.object({
  url: z.string().min(1).max(2_000),
  format: z.string().max(10).optional(),
  maxwidth: z.coerce.number().int().positive().max(10_000).optional(),
  maxheight: z.coerce.number().int().positive().max(10_000).optional(),
});

/** A campaign page's address on this site: /c/{slug} or /cy/c/{slug}, with or without a final slash. */
const CAMPAIGN_PATH = /^(?:\/cy)?\/c\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;

/**
 * The oEmbed 1.0 answer (https://oembed.com) for a campaign page's address: a `rich` embed whose
 * HTML is the <iframe> snippet. A query that is not one answers 400, a format other than JSON 501
 * (as the specification asks), an address that is not a public campaign here 404.
 */
export async function getOEmbed(query: Record<string, string>) {
  const parsed = OEmbedQuerySchema.safeParse(query);
  if (!parsed.success) throw invalid("embed.oembedInvalid");
  const { url, format = "json", maxwidth, maxheight } = parsed.data;
  if (format !== "json") return { notImplemented: true as const };
  let address: URL;
  try {
    address = new URL(url);
  } catch {
    throw invalid("embed.oembedInvalid");
  }
  if (address.protocol !== "http:" && address.protocol !== "https:") throw invalid("embed.oembedInvalid");
  const site = new URL(env.PUBLIC_URL);
  const slug = CAMPAIGN_PATH.exec(address.pathname)?.[1];
  if (address.host !== site.host || !slug) throw notFound();
  const language = languageOfPath(address.pathname);
  const campaign = await requirePublicCampaign(slug);
  const { title } = await titleShown(campaign, language);
  const width = Math.min(EMBED_WIDTH, maxwidth ?? EMBED_WIDTH);
  const height = Math.min(EMBED_HEIGHT, maxheight ?? EMBED_HEIGHT);
  const t = getT(language);
  return {
    oembed: {
      version: "1.0",
      type: "rich",
      title,
      provider_name: t("site.name"),
      provider_url: `${env.PUBLIC_URL}${localePath(language, "/")}`,
      html: embedSnippet({ slug, language, title: t("embed.frameTitle", { title }), width, height }),
      width,
      height,
      cache_age: 3600,
    },
  };
}

/** A QR code of a public campaign's page in `language`, as SVG: error correction M, a four-module quiet zone. */
export async function getQrSvg({ slug, language }: { slug: string; language: UiLanguage }) {
  await requirePublicCampaign(slug);
  return QRCode.toString(campaignPageUrl(slug, language), { type: "svg", errorCorrectionLevel: "M", margin: 4 });
}

/** The same QR code as a square PNG of `size` pixels (quiet zone included). */
export async function getQrPng({ slug, language, size }: { slug: string; language: UiLanguage; size: number }) {
  await requirePublicCampaign(slug);
  return QRCode.toBuffer(campaignPageUrl(slug, language), { type: "png", errorCorrectionLevel: "M", margin: 4, width: size });
}

/** A `?size=` for a QR PNG: absent is the default; outside the bounds, or not a number, is refused. */
export function parseQrSize(value: string | null) {
  if (value === null) return QR_PNG_SIZE.default;
  const parsed = z.coerce.number().int().min(QR_PNG_SIZE.min).max(QR_PNG_SIZE.max).safeParse(value);
  if (!parsed.success) throw invalid("embed.qrSizeInvalid", { min: QR_PNG_SIZE.min, max: QR_PNG_SIZE.max });
  return parsed.data;
}

/**
 * What the workspace's "Share and embed" page hands the team (anyone who may view the campaign):
 * per language of the campaign, its page, the embed snippet and QR codes; and the open-data links.
 * A draft gets them too, to prepare: they answer once it is published.
 */
export async function getSharing({ actor, slug, pageLanguage }: { actor: Actor; slug: string; pageLanguage: UiLanguage }) {
  const { campaign } = await requireCampaignAccess({ actor, slug, need: "view" });
  const texts = await listCampaignTexts({ campaignIds: [campaign.id] });
  const path = (language: UiLanguage, rest: string) => `${env.PUBLIC_URL}${localePath(language, `/c/${slug}${rest}`)}`;
  const shown = shownLanguage(campaign, pageLanguage) as UiLanguage;
  return {
    campaign: { slug, title: campaign.title, status: campaign.status },
    published: isPublicStatus(campaign.status),
    shown,
    languages: languagesOf(campaign).map((language: Language) => {
      const lang = language as UiLanguage;
      const title = texts.find((text) => text.language === lang)?.title.trim() || campaign.title;
      return {
        language: lang,
        name: languageNames[lang],
        page: campaignPageUrl(slug, lang),
        embed: embedUrl(slug, lang),
        embedPath: localePath(lang, `/c/${slug}/embed`),
        snippet: embedSnippet({ slug, language: lang, title: getT(lang)("embed.frameTitle", { title }) }),
        qrSvg: path(lang, "/qr.svg"),
        qrSvgPath: localePath(lang, `/c/${slug}/qr.svg`),
        qrPng: path(lang, "/qr.png"),
        shareImage: path(lang, "/share.png"),
        feed: path(lang, "/feed.xml"),
      };
    }),
    data: {
      json: `${env.PUBLIC_URL}/c/${slug}.json`,
      signaturesCsv: `${env.PUBLIC_URL}/c/${slug}/signatures.csv`,
      signaturesJson: `${env.PUBLIC_URL}/c/${slug}/signatures.json`,
    },
  };
}
