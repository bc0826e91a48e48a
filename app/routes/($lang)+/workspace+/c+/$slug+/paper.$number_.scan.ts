import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignParamsSchema } from "~/schemas/params";
import { SheetNumberSchema } from "~/schemas/paper";
import { requireCampaignAccess } from "~/services/access.server";
import { sheetScanForTeam } from "~/services/paper.server";
import { parseParams } from "~/utils/params";
import { requireUser } from "~/utils/session.server";

const SheetParamsSchema = CampaignParamsSchema.extend({ number: SheetNumberSchema });

/**
 * A sheet's scan, for the campaign's team and staff only: it shows signers' email addresses.
 * Anyone else finds nothing (404), signed out goes to sign-in; never cached, never sniffed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { slug, number } = parseParams(params, SheetParamsSchema);
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "paper" });
  return sheetScanForTeam({ campaign, number });
}
