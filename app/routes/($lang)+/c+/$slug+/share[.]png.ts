import type { LoaderFunctionArgs } from "@remix-run/node";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { getShareImage } from "~/services/share-image.server";
import { DomainError } from "~/utils/domain-error";
import { publicNotFound, publicResource } from "~/utils/public-resource.server";

// /c/{slug}/share.png: the campaign's picture for social media (og:image), in the page's language
// (issue 18, point 3). Kept and redrawn by the service; answered like every open-data resource.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = CampaignParamsSchema.safeParse(params);
  if ((params.lang !== undefined && params.lang !== "cy") || !parsed.success) return publicNotFound();
  try {
    const png = await getShareImage({ slug: parsed.data.slug, language: languageOf(request) });
    return publicResource(request, png, { contentType: "image/png" });
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return publicNotFound();
    throw error;
  }
}
