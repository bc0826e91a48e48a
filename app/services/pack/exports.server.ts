import { getPackExport, listPackExports } from "~/models/packs.server";
import type { SessionUser } from "~/models/users.server";
import { notFound } from "~/utils/domain-error";
import { requireCampaignAccess } from "../access.server";

// Who may see and make a campaign's signature pack, and the error an export that cannot be made
// ends with. The pack itself is written by `export-job.server.ts`.

/** The campaign, if this person may export its pack (services/access.server.ts). */
export async function requirePackCampaign({ user, slug }: { user: SessionUser; slug: string }) {
  return (await requireCampaignAccess({ actor: user, slug, need: "export" })).campaign;
}

/** The pack page: the campaign and its latest exports. */
export async function getPackPage({ user, slug }: { user: SessionUser; slug: string }) {
  const campaign = await requirePackCampaign({ user, slug });
  return { campaign, exports: await listPackExports({ campaignId: campaign.id, limit: 10 }) };
}

/** One export of this campaign, for its progress or its download; 404 if it is another campaign's. */
export async function getPackExportForUser({ user, slug, id }: { user: SessionUser; slug: string; id: number }) {
  const campaign = await requirePackCampaign({ user, slug });
  const pack = await getPackExport({ id, campaignId: campaign.id });
  if (!pack) throw notFound();
  return { campaign, pack };
}
