import { listWorkspaceCampaigns } from "~/models/campaigns.server";
import type { SessionUser } from "~/models/users.server";
import { mayOnSite } from "./access.server";

export async function getWorkspaceCampaigns({ user }: { user: SessionUser }) {
  const campaigns = await listWorkspaceCampaigns({ userId: user.id, all: mayOnSite(user, "seeAllCampaigns") });
  return campaigns.map((c) => ({
    slug: c.slug,
    title: c.title,
    status: c.status,
    count: c.verified_count ?? 0,
    goal: c.goal,
    updatedAt: c.updated_at,
  }));
}
