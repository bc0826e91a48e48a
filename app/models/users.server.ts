import { db, type Executor, type Language, type UserRole } from "~/utils/db.server";

/** `language` is the one they last asked to sign in in: mail to them is written in it. */
const userColumns = ["users.id", "users.email", "users.name", "users.role", "users.language"] as const;

export function getUserByEmail({ email }: { email: string }, trx: Executor = db) {
  // An erased account (its owner asked, at /my-data) never signs in again.
  return trx.selectFrom("users").select(userColumns).where("email", "=", email).where("users.erased_at", "is", null).executeTakeFirst();
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getUserByEmail>>>;

export async function insertUser(
  { email, name, role, language, createdAt }: { email: string; name: string | null; role: UserRole; language: Language; createdAt: string },
  trx: Executor = db,
) {
  const row = await trx
    .insertInto("users")
    .values({ email, name, role, language, created_at: createdAt })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** Records the language someone now uses the site in: their later mail is written in it. */
export async function updateUserLanguage({ userId, language }: { userId: number; language: Language }, trx: Executor = db) {
  await trx.updateTable("users").set({ language }).where("id", "=", userId).where("language", "!=", language).execute();
}

export async function insertSignInAttempt(
  attempt: { userId: number; tokenHash: string; codeHash: string; redirectTo: string | null; createdAt: string; expiresAt: string },
  trx: Executor = db,
) {
  await trx
    .insertInto("sign_in_attempts")
    .values({
      user_id: attempt.userId,
      token_hash: attempt.tokenHash,
      code_hash: attempt.codeHash,
      redirect_to: attempt.redirectTo,
      created_at: attempt.createdAt,
      expires_at: attempt.expiresAt,
    })
    .execute();
}

const attemptColumns = ["id", "user_id", "code_hash", "code_tries", "redirect_to", "expires_at", "used_at"] as const;

export function getSignInAttemptByTokenHash({ tokenHash }: { tokenHash: string }, trx: Executor = db) {
  return trx.selectFrom("sign_in_attempts").select(attemptColumns).where("token_hash", "=", tokenHash).executeTakeFirst();
}

/** The newest attempt still open for a code: unused and unexpired. */
export function getOpenSignInAttempt({ userId, now }: { userId: number; now: string }, trx: Executor = db) {
  return trx
    .selectFrom("sign_in_attempts")
    .select(attemptColumns)
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function countCodeTry({ attemptId }: { attemptId: number }, trx: Executor = db) {
  await trx
    .updateTable("sign_in_attempts")
    .set((eb) => ({ code_tries: eb("code_tries", "+", 1) }))
    .where("id", "=", attemptId)
    .execute();
}

/** Counts a typed code against its address; returns the row's id, to take it back if it was right. */
export async function insertSignInCodeFailure({ emailHash, failedAt }: { emailHash: string; failedAt: string }, trx: Executor = db) {
  const row = await trx
    .insertInto("sign_in_code_failures")
    .values({ email_hash: emailHash, failed_at: failedAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteSignInCodeFailure({ failureId }: { failureId: number }, trx: Executor = db) {
  await trx.deleteFrom("sign_in_code_failures").where("id", "=", failureId).execute();
}

export async function countSignInCodeFailures({ emailHash, since }: { emailHash: string; since: string }, trx: Executor = db) {
  const row = await trx
    .selectFrom("sign_in_code_failures")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("email_hash", "=", emailHash)
    .where("failed_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Forgets wrong codes that no longer count against anyone. */
export async function deleteSignInCodeFailuresBefore({ before }: { before: string }, trx: Executor = db) {
  await trx.deleteFrom("sign_in_code_failures").where("failed_at", "<=", before).execute();
}

/** Uses an attempt up; false when it was already used (the link is single-use). */
export async function useSignInAttempt({ attemptId, usedAt }: { attemptId: number; usedAt: string }, trx: Executor = db) {
  const result = await trx
    .updateTable("sign_in_attempts")
    .set({ used_at: usedAt })
    .where("id", "=", attemptId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertSession(
  { idHash, userId, createdAt, expiresAt }: { idHash: string; userId: number; createdAt: string; expiresAt: string },
  trx: Executor = db,
) {
  await trx.insertInto("sessions").values({ id: idHash, user_id: userId, created_at: createdAt, expires_at: expiresAt }).execute();
  await trx.updateTable("users").set({ last_sign_in_at: createdAt }).where("id", "=", userId).execute();
}

export function getUserBySessionHash({ idHash, now }: { idHash: string; now: string }, trx: Executor = db) {
  return trx
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(userColumns)
    .where("sessions.id", "=", idHash)
    .where("sessions.expires_at", ">", now)
    .where("users.erased_at", "is", null)
    .executeTakeFirst();
}

export async function deleteSession({ idHash }: { idHash: string }, trx: Executor = db) {
  await trx.deleteFrom("sessions").where("id", "=", idHash).execute();
}

/** Every account, for the admin's people page; an erased one is nobody's now, so it is not listed. */
export function listUsers(trx: Executor = db) {
  return trx.selectFrom("users").select(["id", "email", "role", "created_at", "last_sign_in_at"]).where("erased_at", "is", null).orderBy("email").execute();
}

export function getUserById({ userId }: { userId: number }, trx: Executor = db) {
  return trx.selectFrom("users").select(userColumns).where("id", "=", userId).executeTakeFirst();
}

export async function updateUserRole({ userId, role }: { userId: number; role: UserRole }, trx: Executor = db) {
  await trx.updateTable("users").set({ role }).where("id", "=", userId).execute();
}
