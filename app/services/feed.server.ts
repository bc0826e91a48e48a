import { getT } from "~/i18n";
import { localePath } from "~/i18n/paths";
import { getCampaignBySlug, listCampaignTexts } from "~/models/campaigns.server";
import { getCampaignCreatedAt, listStatusChanges } from "~/models/feed.server";
import { listLetterTexts } from "~/models/letters.server";
import { listResponses } from "~/models/responses.server";
import type { Language } from "~/utils/db.server";
import { notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { isPublicStatus, shownLanguage } from "./campaigns.server";
import { getPublicDelivery, recipientLabel } from "./delivery.server";

// A campaign's public story as an Atom 1.0 feed (RFC 4287), for feed readers, newsrooms and
// anyone's automation: its opening, each amendment of its letter, its delivery and each response.
// Nothing in it is private: the same facts the campaign page shows, in the page's language.
//
// Ids are tag: URIs (RFC 4151) minted from the site's host, the day the campaign was created and
// its numeric id, so they stay the same when a title or slug is edited; each language's feed has
// its own entries (their words differ).

interface Entry {
  id: string;
  title: string;
  /** RFC 3339. */
  published: string;
  updated: string;
  link: string;
  summary: string;
}

/** Text made safe for XML character data and attribute values; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string) {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

/** One element with escaped text content and attributes. */
function element(name: string, attributes: Record<string, string>, text?: string) {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join("");
  return text === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

const rfc3339 = (at: string) => new Date(at).toISOString();

/** The first time the campaign was opened: its first change to "open", else (opened when created, as from a file) its first letter version. */
function openedAt(statusChanges: { after: string | null; created_at: string }[], firstVersionAt: string | undefined, createdAt: string) {
  for (const change of statusChanges) {
    try {
      if ((JSON.parse(change.after ?? "null") as { status?: string } | null)?.status === "open") return change.created_at;
    } catch {
      // A malformed audit row says nothing about the opening.
    }
  }
  return firstVersionAt ?? createdAt;
}

/** The Atom feed of a public campaign in a page language; a draft or unknown slug is not found. */
export async function getCampaignFeed({ slug, language: pageLanguage }: { slug: string; language: Language }) {
  const campaign = await getCampaignBySlug({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) throw notFound();
  const language = shownLanguage(campaign, pageLanguage);
  const [created, statusChanges, versions, texts, delivery, responses] = await Promise.all([
    getCampaignCreatedAt({ campaignId: campaign.id }),
    listStatusChanges({ campaignId: campaign.id }),
    listLetterTexts({ campaignId: campaign.id, language }),
    listCampaignTexts({ campaignIds: [campaign.id] }),
    getPublicDelivery({ campaignId: campaign.id }),
    listResponses({ campaignId: campaign.id }),
  ]);
  const t = getT(pageLanguage);
  const text = texts.find((row) => row.language === language);
  const title = text?.title.trim() || campaign.title;
  const summary = text?.summary.trim() || campaign.summary;
  const createdAt = created?.created_at ?? versions[0]?.created_at ?? new Date(0).toISOString();

  const pageUrl = `${env.PUBLIC_URL}${localePath(pageLanguage, `/c/${slug}`)}`;
  const versionsUrl = `${env.PUBLIC_URL}${localePath(pageLanguage, `/c/${slug}/versions`)}`;
  const selfUrl = `${env.PUBLIC_URL}${localePath(pageLanguage, `/c/${slug}/feed.xml`)}`;
  const tagBase = `tag:${new URL(env.PUBLIC_URL).hostname},${rfc3339(createdAt).slice(0, 10)}:campaign-${campaign.id}/${pageLanguage}`;

  const opened = rfc3339(openedAt(statusChanges, versions[0]?.created_at, createdAt));
  const entries: Entry[] = [{ id: `${tagBase}/opened`, title: t("feed.opened", { title }), published: opened, updated: opened, link: pageUrl, summary }];
  for (const version of versions.filter((v) => v.number > 1)) {
    const at = rfc3339(version.created_at);
    entries.push({
      id: `${tagBase}/version-${version.number}`,
      title: t("feed.amended", { version: version.number }),
      published: at,
      updated: at,
      link: `${versionsUrl}#version-${version.number}`,
      summary: version.reason ?? "",
    });
  }
  if (delivery) {
    const at = rfc3339(delivery.on);
    const lines = [t("feed.deliveredTo", { names: delivery.to.join("; ") }), ...(delivery.copies.length ? [t("feed.deliveredCopies", { names: delivery.copies.join("; ") })] : [])];
    entries.push({ id: `${tagBase}/delivery`, title: t("feed.delivered"), published: at, updated: at, link: pageUrl, summary: lines.join(" ") });
  }
  for (const response of responses) {
    const at = rfc3339(response.created_at);
    entries.push({
      id: `${tagBase}/response-${response.id}`,
      title: t("feed.response", { from: recipientLabel({ name: response.from_name, title: response.from_title }) }),
      published: at,
      updated: at,
      link: `${pageUrl}#response-${response.id}`,
      summary: response.body,
    });
  }
  // Newest first, as readers expect; the feed was last updated by its newest entry.
  entries.sort((a, b) => b.updated.localeCompare(a.updated));

  const siteName = t("site.name");
  const xml = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${pageLanguage}">`,
    element("id", {}, `${tagBase}/feed`),
    element("title", { type: "text" }, t("feed.title", { title })),
    element("subtitle", { type: "text" }, summary),
    element("updated", {}, entries[0].updated),
    element("link", { rel: "self", type: "application/atom+xml", href: selfUrl }),
    element("link", { rel: "alternate", type: "text/html", href: pageUrl }),
    `<author>${element("name", {}, siteName)}${element("uri", {}, env.PUBLIC_URL)}</author>`,
    element("generator", { uri: env.PUBLIC_URL }, siteName),
    ...entries.map((entry) =>
      [
        "<entry>",
        element("id", {}, entry.id),
        element("title", { type: "text" }, entry.title),
        element("published", {}, entry.published),
        element("updated", {}, entry.updated),
        element("link", { rel: "alternate", type: "text/html", href: entry.link }),
        element("summary", { type: "text" }, entry.summary),
        "</entry>",
      ].join(""),
    ),
    "</feed>",
    "",
  ].join("\n");
  return xml;
}
