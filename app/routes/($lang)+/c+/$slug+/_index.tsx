import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CampaignOutcome } from "~/components/campaign-outcome";
import { CampaignView } from "~/components/campaign-view";
import { SignForm } from "~/components/sign-form";
import { SupportLetterSummary } from "~/components/support-letter-summary";
import { getCampaignPage } from "~/services/campaigns.server";
import { getCampaignOutcome } from "~/services/responses.server";
import { getSupportLetterSummary } from "~/services/support-letters.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { languages } from "~/i18n";
import { languageOf, languageOfPath, localePath } from "~/i18n/paths";
import type { loader as rootLoader } from "~/root";

const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [campaignPage, outcome, supportLetters] = await Promise.all([
    getCampaignPage({ slug: parseParams(params, CampaignParamsSchema).slug, page, language: languageOf(request) }),
    getCampaignOutcome({ slug: parseParams(params, CampaignParamsSchema).slug }),
    getSupportLetterSummary({ slug: parseParams(params, CampaignParamsSchema).slug }),
  ]);
  return { ...campaignPage, outcome, supportLetters };
}

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, location, matches }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  // Link previews, in the page's language: absolute addresses (crawlers need them), nothing that
  // depends on who is looking (the page is kept and shared by the page cache).
  const language = languageOfPath(location.pathname);
  const publicUrl = matches.find((match) => match.id === "root")?.data?.publicUrl ?? "";
  const at = (path: string) => `${publicUrl}${localePath(language, `/c/${data.campaign.slug}${path}`)}`;
  const { title, summary } = data.campaign;
  const image = at("/share.png");
  const imageAlt = t("share.imageAlt", { title });
  const locales = { en: "en_GB", cy: "cy_GB" } as const;
  return [
    { title: `${title} – ${t("site.name")}` },
    { name: "description", content: summary },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: t("site.name") },
    { property: "og:url", content: at("") },
    { property: "og:title", content: title },
    { property: "og:description", content: summary },
    { property: "og:image", content: image },
    { property: "og:image:type", content: "image/png" },
    { property: "og:image:width", content: "1200" },
    { property: "og:image:height", content: "630" },
    { property: "og:image:alt", content: imageAlt },
    { property: "og:locale", content: locales[language] },
    ...languages.filter((other) => other !== language && data.campaign.languages.includes(other)).map((other) => ({ property: "og:locale:alternate", content: locales[other] })),
    { name: "twitter:card", content: "summary_large_image" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: summary },
    { name: "twitter:image", content: image },
    { name: "twitter:image:alt", content: imageAlt },
    { tagName: "link", rel: "alternate", type: "application/atom+xml", href: at("/feed.xml"), title: t("share.feedLink", { title }) },
    {
      tagName: "link",
      rel: "alternate",
      type: "application/json+oembed",
      href: `${publicUrl}/oembed?url=${encodeURIComponent(at(""))}&format=json`,
      title,
    },
  ];
};

export default function CampaignPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <CampaignView
      data={data}
      signForm={<SignForm slug={data.campaign.slug} letterTextId={data.letter.id} />}
      outcome={<CampaignOutcome {...data.outcome} />}
      supportLetters={<SupportLetterSummary slug={data.campaign.slug} {...data.supportLetters} />}
    />
  );
}
