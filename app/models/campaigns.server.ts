import { db, type Executor, type Language, type NewCampaign, type NewRecipient } from "~/utils/db.server";
import { notFound } from "~/utils/domain-error";

/** What a campaign's public pages (and the open-data API) read of it. */
export const publicCampaignColumns = [
  "campaigns.id",
  "campaigns.slug",
  "campaigns.title",
  "campaigns.summary",
  "campaigns.language",
  "campaigns.languages",
  "campaigns.status",
  "campaigns.goal",
  "campaigns.closes_at",
] as const;

export function getCampaignBySlug({ slug }: { slug: string }, trx: Executor = db) {
  return trx.selectFrom("campaigns").select(publicCampaignColumns).where("slug", "=", slug).executeTakeFirst();
}

export async function requireCampaignBySlug({ slug }: { slug: string }, trx: Executor = db) {
  const campaign = await getCampaignBySlug({ slug }, trx);
  if (!campaign) throw notFound();
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
    .select(["id", "name", "title", "titles", "role"])
    .where("campaign_id", "=", campaignId)
    .orderBy("position")
    .execute();
}

/** The campaigns a person may work on: their own (as owner or co-campaigner), or all for staff. */
export function listWorkspaceCampaigns({ userId, all }: { userId: number; all: boolean }, trx: Executor = db) {
  let query = trx
    .selectFrom("campaigns")
    .leftJoin("campaign_counts", "campaign_counts.campaign_id", "campaigns.id")
    .select([...publicCampaignColumns, "campaigns.updated_at", "campaign_counts.verified_count"])
    .orderBy("campaigns.updated_at", "desc");
  if (!all) {
    query = query.where("campaigns.id", "in", (eb) =>
      eb.selectFrom("campaign_members").select("campaign_id").where("user_id", "=", userId),
    );
  }
  return query.execute();
}

export async function insertCampaignMember(
  { campaignId, userId, role, createdAt }: { campaignId: number; userId: number; role: "owner" | "editor"; createdAt: string },
  trx: Executor = db,
) {
  await trx
    .insertInto("campaign_members")
    .values({ campaign_id: campaignId, user_id: userId, role, created_at: createdAt })
    .onConflict((oc) => oc.columns(["campaign_id", "user_id"]).doNothing())
    .execute();
}

/** A campaign for the workspace, with the fields only its team and staff see. */
export function getWorkspaceCampaign({ slug }: { slug: string }, trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .select([...publicCampaignColumns, "campaigns.thank_you", "campaigns.created_at", "campaigns.updated_at"])
    .where("slug", "=", slug)
    .executeTakeFirst();
}

export type WorkspaceCampaign = NonNullable<Awaited<ReturnType<typeof getWorkspaceCampaign>>>;

export async function getMemberRole({ campaignId, userId }: { campaignId: number; userId: number }, trx: Executor = db) {
  const row = await trx
    .selectFrom("campaign_members")
    .select("role")
    .where("campaign_id", "=", campaignId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role;
}

export async function updateCampaign(
  { campaignId, changes }: { campaignId: number; changes: import("~/utils/db.server").CampaignUpdate },
  trx: Executor = db,
) {
  await trx.updateTable("campaigns").set({ ...changes, ...endedAt(changes) }).where("id", "=", campaignId).execute();
}

/** Closes a campaign that is still open; false when it was not (another process closed it first). */
export async function closeOpenCampaign({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  const result = await trx
    .updateTable("campaigns")
    .set({ status: "closed", updated_at: at, ended_at: at })
    .where("id", "=", campaignId)
    .where("status", "=", "open")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A campaign that closes or is delivered has ended from then (its retention period counts from it); reopened, it has not. */
function endedAt(changes: import("~/utils/db.server").CampaignUpdate) {
  if (changes.status === "closed" || changes.status === "delivered") return { ended_at: changes.updated_at ?? new Date().toISOString() };
  if (changes.status === "open") return { ended_at: null };
  return {};
}

export async function replaceRecipients({ campaignId, recipients }: { campaignId: number; recipients: NewRecipient[] }, trx: Executor = db) {
  await trx.deleteFrom("recipients").where("campaign_id", "=", campaignId).execute();
  await insertRecipients({ recipients }, trx);
}

/** Recipients with their delivery addresses: for the team and staff only. */
export function listRecipientsForTeam({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("recipients")
    .select(["name", "title", "titles", "email", "role"])
    .where("campaign_id", "=", campaignId)
    .orderBy("position")
    .execute();
}

/** Open campaigns whose closing date has passed. */
export function listCampaignsPastClosing({ now }: { now: string }, trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .select(["id", "slug"])
    .where("status", "=", "open")
    .where("closes_at", "is not", null)
    .where("closes_at", "<=", now)
    .execute();
}

/** A campaign's title, summary and thank-you message in each of its languages. */
export function listCampaignTexts({ campaignIds }: { campaignIds: number[] }, trx: Executor = db) {
  if (!campaignIds.length) return Promise.resolve([]);
  return trx
    .selectFrom("campaign_texts")
    .select(["campaign_id", "language", "title", "summary", "thank_you"])
    .where("campaign_id", "in", campaignIds)
    .execute();
}

export async function replaceCampaignTexts(
  { campaignId, texts }: { campaignId: number; texts: { language: Language; title: string; summary: string; thank_you: string | null }[] },
  trx: Executor = db,
) {
  await trx.deleteFrom("campaign_texts").where("campaign_id", "=", campaignId).execute();
  if (texts.length) await trx.insertInto("campaign_texts").values(texts.map((t) => ({ campaign_id: campaignId, ...t }))).execute();
}
