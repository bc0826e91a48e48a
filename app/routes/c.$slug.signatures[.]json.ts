import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignParamsSchema } from "~/schemas/params";
import { SignatoriesQuerySchema } from "~/schemas/public-api";
import { listSignatoryData } from "~/services/public-api.server";
import { parseParams } from "~/utils/params";
import { publicResource } from "~/utils/public-resource.server";
import { JSON_TYPE, openData, readQuery } from "./__public-api.server";

/** `/c/{slug}/signatures.json?after=&limit=`: a page of public signatories (SignatoryListSchema). */
export function loader({ params, request }: LoaderFunctionArgs) {
  return openData(async () => {
    const { slug } = parseParams(params, CampaignParamsSchema);
    const read = readQuery(request, SignatoriesQuerySchema);
    if ("refusal" in read) return read.refusal;
    const list = await listSignatoryData({ slug, ...read.query, format: "json" });
    return publicResource(request, JSON.stringify(list), { contentType: JSON_TYPE, headers: list.next ? { Link: `<${list.next}>; rel="next"` } : {} });
  });
}
