import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignsQuerySchema } from "~/schemas/public-api";
import { listCampaignData } from "~/services/public-api.server";
import { publicResource } from "~/utils/public-resource.server";
import { JSON_TYPE, openData, readQuery } from "./__public-api.server";

/** `/campaigns.json?after=`: open and recent campaigns, newest first (CampaignListSchema). */
export function loader({ request }: LoaderFunctionArgs) {
  return openData(async () => {
    const read = readQuery(request, CampaignsQuerySchema);
    if ("refusal" in read) return read.refusal;
    const list = await listCampaignData({ after: read.query.after });
    return publicResource(request, JSON.stringify(list), { contentType: JSON_TYPE, headers: list.next ? { Link: `<${list.next}>; rel="next"` } : {} });
  });
}
