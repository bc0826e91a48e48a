import { db, type Executor, type NewCampaign, type NewRecipient } from "~/utils/db.server";

const publicCampaignColumns = [
  "campaigns.id",
  "campaigns.slug",
  "campaigns.title",
  "campaigns.summary",
  "campaigns.language",
  "campaigns.status",
  "campaigns.goal",
  "campaigns.closes_at",
] as const;

export function getCampaignBySlug({ slug }: { slug: string }, trx: Executor = db) {
  return trx.selectFrom("campaigns").select(publicCampaignColumns).where("slug", "=", slug).executeTakeFirst();
}

export async function requireCampaignBySlug({ slug }: { slug: string }, trx: Executor = db) {
  const campaign = await getCampaignBySlug({ slug }, trx);
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  return campaign;
}

export type PublicCampaign = NonNullable<Awaited<ReturnType<typeof getCampaignBySlug>>>;

export function listOpenCampaigns(trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .leftJoin("campaign_counts", "campaign_counts.campaign_id", "campaigns.id")
    .select([...publicCampaignColumns, "campaign_counts.verified_count"])
    .where("campaigns.status", "=", "open")
    .orderBy("campaigns.created_at", "desc")
    .execute();
}

export async function countCampaigns(trx: Executor = db) {
  const row = await trx.selectFrom("campaigns").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function slugIsTaken({ slug }: { slug: string }, trx: Executor = db) {
  return (await trx.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirst()) !== undefined;
}

export async function insertCampaign({ campaign }: { campaign: NewCampaign }, trx: Executor = db) {
  const row = await trx.insertInto("campaigns").values(campaign).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRecipients({ recipients }: { recipients: NewRecipient[] }, trx: Executor = db) {
  if (recipients.length) await trx.insertInto("recipients").values(recipients).execute();
}

export function listRecipients({ campaignId }: { campaignId: number }, trx: Executor = db) {
  // Recipient email addresses are for delivery only: never selected for a page.
  return trx
    .selectFrom("recipients")
    .select(["id", "name", "title", "role"])
    .where("campaign_id", "=", campaignId)
    .orderBy("position")
    .execute();
}
