import type { LoaderFunctionArgs } from "@remix-run/node";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { getQrSvg } from "~/services/sharing.server";
import { DomainError } from "~/utils/domain-error";
import { publicNotFound, publicResource } from "~/utils/public-resource.server";

// /c/{slug}/qr.svg: a QR code of the campaign's page (the Welsh page under /cy), for posters and
// sheets. It changes only with the address, so caches keep it a day. An SVG is a document that can
// run scripts when opened on its own: its policy allows none, only its own inline style.

const QR_CACHE_CONTROL = "public, max-age=86400, s-maxage=86400";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = CampaignParamsSchema.safeParse(params);
  if ((params.lang !== undefined && params.lang !== "cy") || !parsed.success) return publicNotFound();
  try {
    const svg = await getQrSvg({ slug: parsed.data.slug, language: languageOf(request) });
    return publicResource(request, svg, {
      contentType: "image/svg+xml; charset=utf-8",
      cacheControl: QR_CACHE_CONTROL,
      headers: { "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" },
    });
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return publicNotFound();
    throw error;
  }
}
