import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getPackExportForUser } from "~/services/pack/exports.server";
import { requireUser } from "~/utils/session.server";

const ParamsSchema = z.object({ slug: z.string(), id: z.coerce.number().int().positive() });

/** How far an export has got: polled by the pack page while it runs. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Pack not found", { status: 404 });
  const { pack } = await getPackExportForUser({ user, ...parsed.data });
  return Response.json({ id: pack.id, status: pack.status, progress: pack.progress, total: pack.total });
}
