import type { LoaderFunctionArgs } from "@remix-run/node";
import { SupportLetterIdSchema } from "~/schemas/support-admin";
import { requireCampaignAccess } from "~/services/access.server";
import { supportLetterPdfForTeam } from "~/services/support-moderation.server";
import { requireUser } from "~/utils/session.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";

/** A letter's PDF for its campaign's team and staff, whatever the letter's state; 404 for anyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "view" });
  const id = SupportLetterIdSchema.safeParse(params.id);
  if (!id.success) throw new Response("Letter of support not found", { status: 404 });
  return supportLetterPdfForTeam({ campaign, id: id.data });
}
