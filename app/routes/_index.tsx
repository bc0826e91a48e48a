import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCampaignsForHome } from "~/services/campaigns.server";
import { getT } from "~/i18n";

export async function loader() {
  return { campaigns: await listCampaignsForHome() };
}

export const meta: MetaFunction = () => {
  const t = getT();
  return [{ title: `${t("home.title")} – ${t("site.name")}` }, { name: "description", content: t("site.tagline") }];
};

export default function Home() {
  const { campaigns } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      {campaigns.length === 0 ? (
        <p>{t("home.none")}</p>
      ) : (
        <ul className="campaign-list">
          {campaigns.map((campaign) => (
            <li key={campaign.slug}>
              <h2>
                <Link to={`/c/${campaign.slug}`}>{campaign.title}</Link>
              </h2>
              <p>{campaign.summary}</p>
              <p className="muted">{t("home.signatures", { count: campaign.count })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
