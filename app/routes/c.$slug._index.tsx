import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CampaignView } from "~/components/campaign-view";
import { SignForm } from "~/components/sign-form";
import { getT } from "~/i18n";
import { getCampaignPage } from "~/services/campaigns.server";

const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getCampaignPage({ slug: params.slug ?? "", page });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
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
  return <CampaignView data={data} signForm={<SignForm slug={data.campaign.slug} letterTextId={data.letter.id} />} />;
}
