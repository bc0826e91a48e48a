import { listWorkspaceCampaigns } from "~/models/campaigns.server";
import type { SessionUser } from "~/models/users.server";

export const isStaff = (user: Pick<SessionUser, "role">) => user.role === "staff" || user.role === "admin";

export async function getWorkspaceCampaigns({ user }: { user: SessionUser }) {
  const campaigns = await listWorkspaceCampaigns({ userId: user.id, all: isStaff(user) });
  return campaigns.map((c) => ({
    slug: c.slug,
    title: c.title,
    status: c.status,
    count: c.verified_count ?? 0,
    goal: c.goal,
    updatedAt: c.updated_at,
  }));
}
