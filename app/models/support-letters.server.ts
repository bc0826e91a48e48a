import { type Insertable, sql, type Updateable } from "kysely";
import { db, type Executor, type SupportLettersTable } from "~/utils/db.server";

// Letters of support (support_letters). Public queries never select the author's email.

type NewSupportLetter = Insertable<SupportLettersTable>;
type SupportLetterUpdate = Updateable<SupportLettersTable>;

/** A letter as its author wrote it, without the address: what every page about one letter starts from. */
const letterColumns = [
  "support_letters.id",
  "support_letters.author_name",
  "support_letters.role",
  "support_letters.organisation",
  "support_letters.country",
  "support_letters.pdf_file",
  "support_letters.pdf_bytes",
] as const;

/** Letters with the campaign each was written to. */
const withCampaign = (trx: Executor) => trx.selectFrom("support_letters").innerJoin("campaigns", "campaigns.id", "support_letters.campaign_id");

/** Changes a letter only while it is unconfirmed. */
const updateUnconfirmed = (id: number, trx: Executor) => trx.updateTable("support_letters").where("id", "=", id).where("status", "=", "unconfirmed");

/** A campaign as the letter of support pages need it: its state and who may write. */
export function getSupportLetterCampaign({ slug }: { slug: string }, trx: Executor = db) {
  return trx
    .selectFrom("campaigns")
    .select(["id", "slug", "title", "status", "closes_at", "support_letters"])
    .where("slug", "=", slug)
    .executeTakeFirst();
}

export async function insertSupportLetter({ letter }: { letter: NewSupportLetter }, trx: Executor = db) {
  const row = await trx.insertInto("support_letters").values(letter).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** The letter this address wrote to this campaign and has not confirmed yet, if any. */
export function getUnconfirmedSupportLetterByEmail({ campaignId, email }: { campaignId: number; email: string }, trx: Executor = db) {
  return trx
    .selectFrom("support_letters")
    .select(["id", "mails_sent", "pdf_file", "invitation_id"])
    .where("campaign_id", "=", campaignId)
    .where("email", "=", email)
    .where("status", "=", "unconfirmed")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** Replaces an unconfirmed letter with a newer submission from the same address, and counts the mail it causes. */
export async function replaceUnconfirmedSupportLetter(
  { id, changes }: { id: number; changes: SupportLetterUpdate },
  trx: Executor = db,
) {
  await updateUnconfirmed(id, trx)
    .set((eb) => ({ ...changes, mails_sent: eb("mails_sent", "+", 1) }))
    .execute();
}

export function getSupportLetterByConfirmTokenHash({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return withCampaign(trx)
    .select(["support_letters.id", "support_letters.status", "campaigns.slug", "campaigns.title"])
    .where("support_letters.confirm_token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Moves an unconfirmed letter on to moderation; a second call changes nothing. */
export async function markSupportLetterConfirmed({ id, at }: { id: number; at: string }, trx: Executor = db) {
  await updateUnconfirmed(id, trx).set({ status: "pending", confirmed_at: at, updated_at: at }).execute();
}

/** A letter sent back to its author, found by the token in the link to revise it. */
export function getSentBackSupportLetterByReviseTokenHash({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return withCampaign(trx)
    .select([...letterColumns, "support_letters.body", "support_letters.moderation_note", "campaigns.slug", "campaigns.title"])
    .where("support_letters.revise_token_hash", "=", tokenHash)
    .where("support_letters.status", "=", "sent_back")
    .executeTakeFirst();
}

/** Saves a revision and uses up the link; false if the link was used meanwhile. */
export async function saveSupportLetterRevision(
  { id, tokenHash, changes }: { id: number; tokenHash: string; changes: SupportLetterUpdate },
  trx: Executor = db,
) {
  const result = await trx
    .updateTable("support_letters")
    .set({ ...changes, status: "pending", revise_token_hash: null })
    .where("id", "=", id)
    .where("revise_token_hash", "=", tokenHash)
    .where("status", "=", "sent_back")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

const publicLetterColumns = [...letterColumns, "support_letters.decided_at"] as const;

/** Approved letters, newest approved first, with the start of each text for an excerpt. */
export function listApprovedSupportLetters(
  { campaignId, limit, offset }: { campaignId: number; limit: number; offset: number },
  trx: Executor = db,
) {
  return trx
    .selectFrom("support_letters")
    .select([...publicLetterColumns, sql<string | null>`substr(support_letters.body, 1, 1000)`.as("opening")])
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "approved")
    .orderBy("decided_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many letters are approved, and from how many countries. */
export async function countApprovedSupportLetters({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const row = await trx
    .selectFrom("support_letters")
    .select((eb) => [eb.fn.countAll<number>().as("letters"), eb.fn.count<number>("country").distinct().as("countries")])
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "approved")
    .executeTakeFirstOrThrow();
  return { letters: Number(row.letters), countries: Number(row.countries) };
}

export function getApprovedSupportLetter({ campaignId, id }: { campaignId: number; id: number }, trx: Executor = db) {
  return trx
    .selectFrom("support_letters")
    .select([...publicLetterColumns, "support_letters.body"])
    .where("campaign_id", "=", campaignId)
    .where("id", "=", id)
    .where("status", "=", "approved")
    .executeTakeFirst();
}

// The campaign team's side (the workspace): letters in every state, with the author's address,
// which the team needs to correspond. Never used by a public page.

/** How many of a campaign's letters are in each state. */
export async function countSupportLettersByStatus({ campaignId }: { campaignId: number }, trx: Executor = db) {
  const rows = await trx
    .selectFrom("support_letters")
    .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .groupBy("status")
    .execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
}

/** A campaign's letters, newest first, in one state or all. */
export function listSupportLettersForTeam(
  { campaignId, status, limit, offset }: { campaignId: number; status?: SupportLettersTable["status"]; limit: number; offset: number },
  trx: Executor = db,
) {
  return trx
    .selectFrom("support_letters")
    .select(["id", "author_name", "organisation", "country", "status", "created_at"])
    .where("campaign_id", "=", campaignId)
    .$if(status !== undefined, (q) => q.where("status", "=", status!))
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

/** One letter of a campaign in full, with who made the last decision on it. */
export function getSupportLetterForTeam({ campaignId, id }: { campaignId: number; id: number }, trx: Executor = db) {
  return trx
    .selectFrom("support_letters")
    .leftJoin("users", "users.id", "support_letters.decided_by")
    .select([
      ...letterColumns,
      "support_letters.invitation_id",
      "support_letters.email",
      "support_letters.language",
      "support_letters.body",
      "support_letters.status",
      "support_letters.moderation_note",
      "support_letters.decided_at",
      "support_letters.created_at",
      "support_letters.updated_at",
      "support_letters.confirmed_at",
      "users.email as decided_by_email",
    ])
    .where("support_letters.campaign_id", "=", campaignId)
    .where("support_letters.id", "=", id)
    .executeTakeFirst();
}

/**
 * Records a moderation decision, only if the letter is still in the state it was read in: of two
 * moderators deciding at once, one wins and the other changes nothing. False if it lost.
 */
export async function decideSupportLetter(
  {
    id,
    from,
    changes,
  }: {
    id: number;
    from: SupportLettersTable["status"];
    changes: Pick<SupportLetterUpdate, "status" | "moderation_note" | "decided_at" | "decided_by" | "revise_token_hash" | "updated_at">;
  },
  trx: Executor = db,
) {
  const result = await trx.updateTable("support_letters").set(changes).where("id", "=", id).where("status", "=", from).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
