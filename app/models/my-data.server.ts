import { sql } from "kysely";
import { db, type Executor, type Language } from "~/utils/db.server";

// What the site holds for one email address, for /my-data: the links that open it, what they show
// and what erasing removes. An address is matched whatever its case (`lower(email)`); callers pass
// it trimmed and lower-cased.

/** The column holds the address, whatever its case. */
function sameAddress(column: string, email: string) {
  return sql<boolean>`lower(${sql.ref(column)}) = ${email}`;
}

// --- Links and their sessions ---

/** Makes a link, and forgets every link that no longer opens anything (their rows hold an address). */
export async function insertMyDataLink(
  link: { email: string; tokenHash: string; language: Language; createdAt: string; expiresAt: string },
  trx: Executor = db,
) {
  await trx
    .deleteFrom("my_data_links")
    .where("expires_at", "<=", link.createdAt)
    .where((eb) => eb.or([eb("session_expires_at", "is", null), eb("session_expires_at", "<=", link.createdAt)]))
    .execute();
  await trx
    .insertInto("my_data_links")
    .values({
      email: link.email,
      token_hash: link.tokenHash,
      language: link.language,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
    })
    .execute();
}

/** Uses a link up and starts its session, in one statement: false when it is unknown, used or out of date. */
export async function useMyDataLink(
  { tokenHash, at, sessionHash, sessionExpiresAt }: { tokenHash: string; at: string; sessionHash: string; sessionExpiresAt: string },
  trx: Executor = db,
) {
  const result = await trx
    .updateTable("my_data_links")
    .set({ used_at: at, session_hash: sessionHash, session_expires_at: sessionExpiresAt })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether a link would still open: known, unused, in date. Reading it changes nothing. */
export async function isMyDataLinkOpen({ tokenHash, at }: { tokenHash: string; at: string }, trx: Executor = db) {
  const row = await trx
    .selectFrom("my_data_links")
    .select("id")
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return Boolean(row);
}

/** The address a live session is for. */
export function getMyDataSession({ sessionHash, at }: { sessionHash: string; at: string }, trx: Executor = db) {
  return trx
    .selectFrom("my_data_links")
    .select(["email", "language"])
    .where("session_hash", "=", sessionHash)
    .where("session_expires_at", ">", at)
    .executeTakeFirst();
}

export async function endMyDataSession({ sessionHash }: { sessionHash: string }, trx: Executor = db) {
  await trx.deleteFrom("my_data_links").where("session_hash", "=", sessionHash).execute();
}

export async function deleteMyDataLinks({ email }: { email: string }, trx: Executor = db) {
  const result = await trx.deleteFrom("my_data_links").where(sameAddress("my_data_links.email", email)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// --- What is held ---

/** Whether anything at all is held for the address: the only question asked before a link is mailed. */
export async function holdsAnything({ email, at }: { email: string; at: string }, trx: Executor = db) {
  const found = await trx
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom("signatures").select(sql.lit(1).as("one")).where(sameAddress("signatures.email", email))).as("signatures"),
      eb.exists(eb.selectFrom("support_letters").select(sql.lit(1).as("one")).where(sameAddress("support_letters.email", email))).as("letters"),
      eb.exists(eb.selectFrom("users").select(sql.lit(1).as("one")).where(sameAddress("users.email", email)).where("users.erased_at", "is", null)).as("account"),
      eb.exists(openTeamInvitations(trx, email, at).select(sql.lit(1).as("one"))).as("team"),
      eb.exists(openSupportInvitations(trx, email).select(sql.lit(1).as("one"))).as("support"),
    ])
    .executeTakeFirstOrThrow();
  return Object.values(found).some((v) => Boolean(Number(v)));
}

/** Signatures given with the address; no IP address (it may be someone else's, who used it). */
export function listSignaturesFor({ email }: { email: string }, trx: Executor = db) {
  return trx
    .selectFrom("signatures")
    .innerJoin("campaigns", "campaigns.id", "signatures.campaign_id")
    .select([
      "signatures.id",
      "campaigns.slug",
      "campaigns.title as campaign_title",
      "signatures.created_at",
      "signatures.name",
      "signatures.signer_type",
      "signatures.organisation",
      "signatures.role",
      "signatures.location",
      "signatures.comment",
      "signatures.show_name",
      "signatures.wants_updates",
      "signatures.source",
      // A signature held for review counts as confirmed here: a flag is never shown.
      (eb) => eb.fn.coalesce("signatures.verified_at", "signatures.flag_confirmed_at").as("confirmed_at"),
    ])
    .where(sameAddress("signatures.email", email))
    .orderBy("signatures.created_at")
    .orderBy("signatures.id")
    .execute();
}

export function listSupportLettersFor({ email }: { email: string }, trx: Executor = db) {
  return trx
    .selectFrom("support_letters")
    .innerJoin("campaigns", "campaigns.id", "support_letters.campaign_id")
    .select([
      "support_letters.id",
      "campaigns.slug",
      "campaigns.title as campaign_title",
      "support_letters.status",
      "support_letters.created_at",
      "support_letters.author_name",
      "support_letters.role",
      "support_letters.organisation",
      "support_letters.country",
      "support_letters.body",
      "support_letters.pdf_file",
    ])
    .where(sameAddress("support_letters.email", email))
    .orderBy("support_letters.created_at")
    .orderBy("support_letters.id")
    .execute();
}

/** The account with the address, unless erased. */
export function getAccountFor({ email }: { email: string }, trx: Executor = db) {
  return trx
    .selectFrom("users")
    .select(["id", "email", "name", "role", "created_at"])
    .where(sameAddress("users.email", email))
    .where("erased_at", "is", null)
    .executeTakeFirst();
}

function openTeamInvitations(trx: Executor, email: string, at: string) {
  return trx
    .selectFrom("campaign_invitations")
    .where(sameAddress("campaign_invitations.email", email))
    .where("campaign_invitations.accepted_at", "is", null)
    .where("campaign_invitations.cancelled_at", "is", null)
    .where("campaign_invitations.expires_at", ">", at);
}

function openSupportInvitations(trx: Executor, email: string) {
  return trx
    .selectFrom("support_invitations")
    .where(sameAddress("support_invitations.email", email))
    .where("support_invitations.answered_at", "is", null)
    .where("support_invitations.cancelled_at", "is", null);
}

/** Invitations to the address still waiting for an answer: to a campaign's team, and to write a letter of support. Not who sent them. */
export async function listOpenInvitationsFor({ email, at }: { email: string; at: string }, trx: Executor = db) {
  const team = await openTeamInvitations(trx, email, at)
    .innerJoin("campaigns", "campaigns.id", "campaign_invitations.campaign_id")
    .select(["campaigns.slug", "campaigns.title as campaign_title", "campaign_invitations.created_at"])
    .orderBy("campaign_invitations.created_at")
    .execute();
  const support = await openSupportInvitations(trx, email)
    .innerJoin("campaigns", "campaigns.id", "support_invitations.campaign_id")
    .select(["campaigns.slug", "campaigns.title as campaign_title", "support_invitations.created_at"])
    .orderBy("support_invitations.created_at")
    .execute();
  return [...team.map((i) => ({ kind: "team" as const, ...i })), ...support.map((i) => ({ kind: "support" as const, ...i }))];
}

// --- Erasing ---

/** The letters of support to delete: every one not approved, and the approved ones too when asked. */
export function listSupportLettersToErase({ email, withApproved }: { email: string; withApproved: boolean }, trx: Executor) {
  return trx
    .selectFrom("support_letters")
    .select(["id", "pdf_file"])
    .where(sameAddress("support_letters.email", email))
    .$if(!withApproved, (q) => q.where("status", "!=", "approved"))
    .execute();
}

export async function deleteSupportLetters({ ids }: { ids: number[] }, trx: Executor) {
  if (ids.length) await trx.deleteFrom("support_letters").where("id", "in", ids).execute();
}

/** Is this account the only admin left? Then it is kept: someone must be able to manage people. */
export async function isLastAdmin({ userId }: { userId: number }, trx: Executor) {
  const row = await trx
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("role", "=", "admin")
    .where("erased_at", "is", null)
    .where("id", "!=", userId)
    .executeTakeFirstOrThrow();
  const self = await trx.selectFrom("users").select("role").where("id", "=", userId).executeTakeFirst();
  return self?.role === "admin" && Number(row.n) === 0;
}

/**
 * Erases an account: its address becomes one that is no address, its name goes, and its sessions,
 * sign-in attempts and team places with it. Rows naming it elsewhere (the audit log, decisions it
 * made) keep its id, so their history stays whole.
 */
export async function eraseUser({ userId, at }: { userId: number; at: string }, trx: Executor) {
  await trx
    .updateTable("users")
    .set({ email: `erased-${userId}@erased.invalid`, name: null, erased_at: at })
    .where("id", "=", userId)
    .execute();
  await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await trx.deleteFrom("sign_in_attempts").where("user_id", "=", userId).execute();
  await trx.deleteFrom("campaign_members").where("user_id", "=", userId).execute();
}

export async function deleteSignInCodeFailuresFor({ emailHash }: { emailHash: string }, trx: Executor) {
  await trx.deleteFrom("sign_in_code_failures").where("email_hash", "=", emailHash).execute();
}

/** Mail to the address not yet sent (a delivery's record still pointing at one is left alone). */
export async function deleteUnsentMail({ email }: { email: string }, trx: Executor) {
  const result = await trx
    .deleteFrom("outbox")
    .where(sameAddress("outbox.recipient", email))
    .where("status", "!=", "sent")
    .where("id", "not in", (eb) => eb.selectFrom("deliveries").select("outbox_id").where("outbox_id", "is not", null).$narrowType<{ outbox_id: number }>())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Invitations to the address that nobody has answered: to a team (accepted ones belong to the account's history), and to write a letter. */
export async function deleteOpenInvitations({ email }: { email: string }, trx: Executor) {
  const team = await trx
    .deleteFrom("campaign_invitations")
    .where(sameAddress("campaign_invitations.email", email))
    .where("accepted_at", "is", null)
    .where("cancelled_at", "is", null)
    .executeTakeFirst();
  const support = await trx
    .deleteFrom("support_invitations")
    .where(sameAddress("support_invitations.email", email))
    .where("answered_at", "is", null)
    .where("cancelled_at", "is", null)
    // A letter still kept may point at its invitation.
    .where("id", "not in", (eb) =>
      eb.selectFrom("support_letters").select("invitation_id").where("invitation_id", "is not", null).$narrowType<{ invitation_id: number }>(),
    )
    .executeTakeFirst();
  return Number(team.numDeletedRows) + Number(support.numDeletedRows);
}
