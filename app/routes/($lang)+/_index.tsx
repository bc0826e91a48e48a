import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { listCampaignsForHome } from "~/services/campaigns.server";
import { languageOf } from "~/i18n/paths";

export async function loader({ request }: LoaderFunctionArgs) {
  return { campaigns: await listCampaignsForHome({ language: languageOf(request) }) };
}

export const meta: MetaFunction = ({ location }) => {
  const t = metaT(location);
  return [{ title: `${t("home.title")} – ${t("site.name")}` }, { name: "description", content: t("site.tagline") }];
};

export default function Home() {
  const { campaigns } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  // A campaign shown in a language other than the page's (it has no text in the page's) says so.
  const langOf = (language: string) => (i18n.language.startsWith(language) ? undefined : language);
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
              <h2 lang={langOf(campaign.language)}>
                <Link to={`/c/${campaign.slug}`}>{campaign.title}</Link>
              </h2>
              <p lang={langOf(campaign.language)}>{campaign.summary}</p>
              <p className="muted">{t("home.signatures", { count: campaign.count })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
