import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCampaignCount } from "~/services/counting.server";

// The count changes in batches a second or so apart: a cache may serve it for a few seconds.
const cacheControl = "public, max-age=5, stale-while-revalidate=30";

export async function loader({ params }: LoaderFunctionArgs) {
  const count = await getCampaignCount({ slug: params.slug ?? "" });
  if (!count) return Response.json({ error: "Campaign not found" }, { status: 404 });
  return Response.json(count, { headers: { "Cache-Control": cacheControl } });
}
