import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignParamsSchema } from "~/schemas/params";
import { getCampaignData } from "~/services/public-api.server";
import { parseParams } from "~/utils/params";
import { publicResource } from "~/utils/public-resource.server";
import { JSON_TYPE, openData } from "./__public-api.server";

/** `/c/{slug}.json`: a public campaign as open data (app/schemas/public-api.ts CampaignSchema). */
export function loader({ params, request }: LoaderFunctionArgs) {
  return openData(async () => {
    const { slug } = parseParams(params, CampaignParamsSchema);
    return publicResource(request, JSON.stringify(await getCampaignData({ slug })), { contentType: JSON_TYPE });
  });
}
