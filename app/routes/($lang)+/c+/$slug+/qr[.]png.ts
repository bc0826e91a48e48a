import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "~/i18n";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { getQrPng, parseQrSize } from "~/services/sharing.server";
import { DomainError } from "~/utils/domain-error";
import { CORS_HEADERS, publicNotFound, publicResource } from "~/utils/public-resource.server";

// /c/{slug}/qr.png: the same QR code as qr.svg, as a PNG big enough to print (1,024 pixels square;
// `?size=` from 128 to 4,096). It changes only with the address, so caches keep it a day.

const QR_CACHE_CONTROL = "public, max-age=86400, s-maxage=86400";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = CampaignParamsSchema.safeParse(params);
  if ((params.lang !== undefined && params.lang !== "cy") || !parsed.success) return publicNotFound();
  const language = languageOf(request);
  try {
    const size = parseQrSize(new URL(request.url).searchParams.get("size"));
    const png = await getQrPng({ slug: parsed.data.slug, language, size });
    return publicResource(request, png, { contentType: "image/png", cacheControl: QR_CACHE_CONTROL });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) return publicNotFound();
    return new Response(JSON.stringify({ error: getT(language)(error.key, error.values) }), {
      status: error.status,
      headers: { ...CORS_HEADERS, "Content-Type": "application/json; charset=utf-8" },
    });
  }
}
