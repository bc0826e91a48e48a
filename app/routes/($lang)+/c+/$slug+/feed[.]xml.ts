import type { LoaderFunctionArgs } from "@remix-run/node";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { getCampaignFeed } from "~/services/feed.server";
import { DomainError } from "~/utils/domain-error";
import { publicNotFound, publicResource } from "~/utils/public-resource.server";

// /c/{slug}/feed.xml: the campaign's Atom feed (opening, amendments, delivery, responses) in the
// page's language (issue 18, point 5).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = CampaignParamsSchema.safeParse(params);
  if ((params.lang !== undefined && params.lang !== "cy") || !parsed.success) return publicNotFound();
  try {
    const xml = await getCampaignFeed({ slug: parsed.data.slug, language: languageOf(request) });
    return publicResource(request, xml, { contentType: "application/atom+xml; charset=utf-8" });
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return publicNotFound();
    throw error;
  }
}
