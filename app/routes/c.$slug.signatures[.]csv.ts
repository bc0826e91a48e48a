import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignParamsSchema } from "~/schemas/params";
import { SignatoriesQuerySchema } from "~/schemas/public-api";
import { listSignatoryData, signatoriesCsv } from "~/services/public-api.server";
import { parseParams } from "~/utils/params";
import { publicResource } from "~/utils/public-resource.server";
import { CSV_TYPE, openData, readQuery } from "./__public-api.server";

/** `/c/{slug}/signatures.csv?after=&limit=`: the same page of public signatories as the JSON, as CSV. */
export function loader({ params, request }: LoaderFunctionArgs) {
  return openData(async () => {
    const { slug } = parseParams(params, CampaignParamsSchema);
    const read = readQuery(request, SignatoriesQuerySchema);
    if ("refusal" in read) return read.refusal;
    const list = await listSignatoryData({ slug, ...read.query, format: "csv" });
    return publicResource(request, signatoriesCsv(list.signatories), {
      contentType: CSV_TYPE,
      headers: { "Content-Disposition": `inline; filename="${slug}-signatures.csv"`, ...(list.next ? { Link: `<${list.next}>; rel="next"` } : {}) },
    });
  });
}
