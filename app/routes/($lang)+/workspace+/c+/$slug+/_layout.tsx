import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { CampaignParamsSchema } from "~/schemas/params";
import { requireCampaignAccess } from "~/services/access.server";
import { parseParams } from "~/utils/params";
import { requireUser } from "~/utils/session.server";

// The layout of one campaign's workspace pages: the campaign and what this person may do there,
// loaded once for the heading and navigation every page shows (components/campaign-page-header.tsx).

// A POST to the campaign's own address changes its status. Remix sends a form to an index route
// only with `?index` (its own forms add it); without it the POST comes here, so it is the same action.
export { action } from "./_index";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { slug } = parseParams(params, CampaignParamsSchema);
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug, need: "view" });
  return { campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status }, may };
}

export default function CampaignLayout() {
  return <Outlet />;
}
