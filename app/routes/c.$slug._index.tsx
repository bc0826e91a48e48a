import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CampaignCount } from "~/components/campaign-count";
import { RecipientList } from "~/components/recipient-list";
import { SignForm } from "~/components/sign-form";
import { SignatoryList } from "~/components/signatory-list";
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
  const { campaign, letter, recipients, signatories, pagination, count } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{campaign.title}</h1>
      <p className="lead">{campaign.summary}</p>
      <CampaignCount slug={campaign.slug} count={count} goal={campaign.goal} />
      {campaign.openForSigning ? (
        <p>
          <a href="#sign-title">{t("campaign.signThis")}</a>
          {campaign.closesAt ? <span className="muted"> · {t("campaign.closesOn", { date: new Date(campaign.closesAt) })}</span> : null}
        </p>
      ) : (
        <p className="notice">{campaign.status === "closed" || campaign.closesAt ? t("campaign.closed") : t("campaign.notOpen")}</p>
      )}
      <RecipientList recipients={recipients} />
      <h2>{t("campaign.letter")}</h2>
      <article className="letter" lang={campaign.language} dangerouslySetInnerHTML={{ __html: letter.html }} />
      {campaign.openForSigning ? (
        <section aria-labelledby="sign-title">
          <h2 id="sign-title">{t("sign.heading")}</h2>
          <p>{t("sign.intro")}</p>
          <SignForm slug={campaign.slug} letterTextId={letter.id} />
        </section>
      ) : null}
      <SignatoryList slug={campaign.slug} signatories={signatories} pagination={pagination} />
      <p>
        <Link to="/">{t("site.home")}</Link>
      </p>
    </>
  );
}

