import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignParamsSchema } from "~/schemas/params";
import { SheetRangeSchema } from "~/schemas/sheets";
import { sheetsPdf } from "~/services/sheets.server";
import { notFound } from "~/utils/domain-error";
import { parseParams } from "~/utils/params";
import { requireUser } from "~/utils/session.server";

/**
 * `sheets.pdf?first=1&last=10`: issued sheets as one PDF, for the campaign's team and staff, drawn
 * again from their records each time (the same sheets print the same), streamed as it is written.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { slug } = parseParams(params, CampaignParamsSchema);
  const range = SheetRangeSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!range.success) throw notFound();
  const { fileName, pdf } = await sheetsPdf({ user, slug, ...range.data });
  return new Response(Readable.toWeb(pdf as unknown as Readable) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-cache",
    },
  });
}
