import type { LoaderFunctionArgs } from "@remix-run/node";
import { SupportLetterIdSchema } from "~/schemas/support-letter";
import { getPublicSupportLetterPdf } from "~/services/support-letters.server";
import { pdfResponse } from "~/utils/uploads.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";

// Only an approved letter's PDF; anything else is a 404, the same as a letter that does not exist.
export async function loader({ params }: LoaderFunctionArgs) {
  const id = SupportLetterIdSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return pdfResponse(await getPublicSupportLetterPdf({ slug: parseParams(params, CampaignParamsSchema).slug, id: id.data }));
}
