import type { LoaderFunctionArgs } from "@remix-run/node";
import { SlugSchema } from "~/schemas/campaign";
import { isSlugAvailable } from "~/services/campaigns.server";
import { requireUser } from "~/utils/session.server";

// Used by the editor while typing; the save checks again, so this is a courtesy, not a lock.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const slug = SlugSchema.safeParse(new URL(request.url).searchParams.get("slug"));
  if (!slug.success) return Response.json({ available: false, valid: false });
  return Response.json({ available: await isSlugAvailable({ slug: slug.data }), valid: true });
}
