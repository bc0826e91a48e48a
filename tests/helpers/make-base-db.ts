// Run by the global test setup: migrate DATABASE_URL and add the fixture campaigns.
import { createCampaign } from "~/services/campaigns.server";
import { db, migrate } from "~/utils/db.server";
import { fixtureCampaigns } from "./fixtures";

await migrate();
for (const campaign of fixtureCampaigns) await createCampaign(campaign);
await db.destroy();
