import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getResponsePdfFile } from "~/services/responses.server";
import { pdfResponse } from "~/utils/uploads.server";

const ParamsSchema = z.object({ slug: z.string(), id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** A response's PDF, public like the campaign page it is published on. */
export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const pdf = await getResponsePdfFile(parsed.data);
  if (!pdf) throw new Response("Not found", { status: 404 });
  return pdfResponse(pdf);
}
