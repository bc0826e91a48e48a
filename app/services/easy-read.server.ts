import { listRecipients } from "~/models/campaigns.server";
import { parseEasyReadBody } from "~/schemas/easy-read";
import type { Language } from "~/utils/db.server";
import { getSigningContext, recipientTitle } from "./campaigns.server";
import { getCampaignCount } from "./counting.server";
import { pictureUrl, usesOpenMoji } from "./pictures.server";

// The public side of Easy Read: the Easy Read letter as its page shows it, rows of a picture on the
// left and short text on the right, and what its sign form binds a signature to.

/** The Easy Read page of a public campaign in the language shown; 404 when it has no Easy Read letter in it. */
export async function getEasyReadPage({ slug, language }: { slug: string; language: Language }) {
  const { campaign, letter, openForSigning } = await getSigningContext({ slug, language, variant: "easy_read" });
  const [recipients, count] = await Promise.all([listRecipients({ campaignId: campaign.id }), getCampaignCount({ slug })]);
  const rows = parseEasyReadBody(letter.body);
  return {
    campaign: { slug: campaign.slug, title: campaign.title, language: campaign.shownLanguage, openForSigning },
    letter: { id: letter.id, version: letter.number, sha256: letter.sha256 },
    rows: rows.map((row) => ({ text: row.text, alt: row.alt, src: pictureUrl(row.picture) })),
    recipients: recipients.filter((r) => r.role === "to").map((r) => ({ id: r.id, name: r.name, title: recipientTitle(r, campaign.shownLanguage) })),
    count: count?.count ?? 0,
    openMoji: usesOpenMoji(rows.map((row) => row.picture)),
  };
}

/** What the Easy Read sign form needs: the campaign, and the Easy Read text it binds a signature to. */
export async function getEasyReadSigningContext({ slug, language }: { slug: string; language: Language }) {
  return getSigningContext({ slug, language, variant: "easy_read" });
}
