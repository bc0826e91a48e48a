import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignView } from "~/components/campaign-view";
import { requireCampaignAccess } from "~/services/access.server";
import { buildCampaignPage } from "~/services/campaigns.server";
import { requireUser } from "~/utils/session.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { metaT, pageTitle } from "~/utils/meta";
import { languageOf } from "~/i18n/paths";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "view" });
  return buildCampaignPage(campaign, 1, languageOf(request));
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("editor.previewTitle"), data?.campaign.title);

export default function PreviewCampaign() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="notice">
        {t("campaignAdmin.previewBanner")} <Link to={`/workspace/c/${data.campaign.slug}`}>{t("campaignAdmin.backToCampaign")}</Link>
      </p>
      <CampaignView data={data} />
    </>
  );
}
