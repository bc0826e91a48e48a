import { useMatch, useRouteLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import type { CampaignNeed } from "~/services/access.server";
import { CampaignNav } from "./campaign-nav";

/** What the campaign layout (routes/workspace+/c+/$slug+/_layout.tsx) loads for every page under it. */
export interface CampaignLayoutData {
  campaign: { slug: string; title: string; status: string };
  may: Record<CampaignNeed, boolean>;
}

/**
 * The top of each of a campaign's workspace pages, from the layout's data: the way back to the
 * campaign (but on the campaign's own page), the page's heading, a lead line (the campaign's title
 * unless the page gives another, or `null` for none) and the campaign's navigation. `children`
 * go between the back link and the heading: an error summary, which must come first.
 */
export function CampaignPageHeader({ heading, lead, children }: { heading: ReactNode; lead?: ReactNode; children?: ReactNode }) {
  const data = useRouteLoaderData<CampaignLayoutData>("routes/($lang)+/workspace+/c+/$slug+/_layout");
  const overview = useMatch("/workspace/c/:slug");
  const { t } = useTranslation();
  if (!data) return <h1>{heading}</h1>;
  const { campaign, may } = data;
  return (
    <>
      {overview ? null : (
        <p>
          <Link to={`/workspace/c/${campaign.slug}`}>{t("campaignAdmin.backToCampaign")}</Link>
        </p>
      )}
      {children}
      <h1>{heading}</h1>
      {lead === null ? null : <p className="lead">{lead ?? campaign.title}</p>}
      <CampaignNav slug={campaign.slug} status={campaign.status} may={may} />
    </>
  );
}
