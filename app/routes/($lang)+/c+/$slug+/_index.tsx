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
import { languageOf } from "~/i18n/paths";

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

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  return [
    { title: `${data.campaign.title} – ${t("site.name")}` },
    { name: "description", content: data.campaign.summary },
    { property: "og:title", content: data.campaign.title },
    { property: "og:description", content: data.campaign.summary },
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
