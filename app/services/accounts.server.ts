import crypto from "node:crypto";
import {
  countCodeTry,
  countSignInCodeFailures,
  deleteSignInCodeFailure,
  deleteSignInCodeFailuresBefore,
  getOpenSignInAttempt,
  getSignInAttemptByTokenHash,
  getUserByEmail,
  insertSession,
  insertSignInAttempt,
  insertSignInCodeFailure,
  insertUser,
  useSignInAttempt,
} from "~/models/users.server";
import { NewUserSchema } from "~/schemas/account";
import { db, type Executor, now } from "~/utils/db.server";
import { conflict } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { hashToken, newToken, sameHash } from "~/utils/tokens.server";
import { outboxWorker, queueMail } from "./outbox.server";

export const SIGN_IN_LINK_MINUTES = 15;
export const MAX_CODE_TRIES = 5;
/**
 * Wrong codes an address may have in an hour, across all its attempts: asking for a new mail
 * starts a new attempt's five tries, but not this count. Past it, codes are refused and only the
 * emailed link signs in.
 */
export const MAX_WRONG_CODES = 10;
export const WRONG_CODES_WINDOW_MINUTES = 60;
const SESSION_DAYS = 14;

export async function createUser(input: unknown, trx: Executor = db) {
  const { email, role, name } = NewUserSchema.parse(input);
  const id = await insertUser({ email, role, name: name || null, createdAt: now() }, trx);
  if (id === undefined) throw conflict("people.errors.exists", { email });
  return { id, email, role };
}

/**
 * Mails a single-use sign-in link and a code that can be typed instead. An address with no
 * account gets nothing, and the caller shows the same page either way.
 */
export async function requestSignIn({ email, redirectTo }: { email: string; redirectTo?: string }) {
  const user = await getUserByEmail({ email });
  if (!user) return undefined;
  const token = newToken();
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, "0");
  const link = `${env.PUBLIC_URL}/sign-in/${token}`;
  await db.transaction().execute(async (trx) => {
    const createdAt = now();
    await insertSignInAttempt(
      {
        userId: user.id,
        tokenHash: hashToken(token),
        codeHash: hashToken(`${user.id}:${code}`),
        redirectTo: redirectTo ? safeRedirect(redirectTo) : null,
        createdAt,
        expiresAt: new Date(Date.parse(createdAt) + SIGN_IN_LINK_MINUTES * 60_000).toISOString(),
      },
      trx,
    );
    await queueMail(trx, { template: "sign-in", to: user.email, language: "en", data: { link, code, minutes: SIGN_IN_LINK_MINUTES } });
  });
  outboxWorker.wake();
  return { link, code };
}

async function startSession(userId: number) {
  const sessionId = newToken();
  const createdAt = now();
  await insertSession({
    idHash: hashToken(sessionId),
    userId,
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + SESSION_DAYS * 86_400_000).toISOString(),
  });
  return sessionId;
}

/** Signs in with the emailed link: once only, and within 15 minutes. */
export async function signInWithLink({ token }: { token: string }) {
  const attempt = await getSignInAttemptByTokenHash({ tokenHash: hashToken(token) });
  if (!attempt || attempt.used_at || attempt.expires_at <= now()) return undefined;
  if (!(await useSignInAttempt({ attemptId: attempt.id, usedAt: now() }))) return undefined;
  return { sessionId: await startSession(attempt.user_id), redirectTo: attempt.redirect_to ?? undefined };
}

export type CodeSignIn =
  | { status: "signedIn"; sessionId: string; redirectTo?: string }
  | { status: "wrong" }
  /** Too many wrong codes for this address in the last hour: only the emailed link works. */
  | { status: "tooManyWrongCodes" };

/**
 * Signs in with the typed code; five wrong tries use the attempt up, and ten wrong codes in an
 * hour stop codes for the address. An address with no account is counted and answered the same
 * way, so the answers do not tell which addresses have one.
 */
export async function signInWithCode({ email, code }: { email: string; code: string }): Promise<CodeSignIn> {
  const at = now();
  const since = new Date(Date.parse(at) - WRONG_CODES_WINDOW_MINUTES * 60_000).toISOString();
  const emailHash = hashToken(email);
  await deleteSignInCodeFailuresBefore({ before: since });
  // The code is counted before it is compared, and the count taken back if it was right (or
  // refused unread): processes checking codes for one address at the same moment each see the
  // others' tries, so between them they never compare more than the cap.
  const failureId = await insertSignInCodeFailure({ emailHash, failedAt: at });
  const failures = await countSignInCodeFailures({ emailHash, since });
  if (failures > MAX_WRONG_CODES) {
    await deleteSignInCodeFailure({ failureId });
    return { status: "tooManyWrongCodes" };
  }
  const signedIn = await tryCode({ email, code });
  if (signedIn) {
    await deleteSignInCodeFailure({ failureId });
    return { status: "signedIn", ...signedIn };
  }
  return failures >= MAX_WRONG_CODES ? { status: "tooManyWrongCodes" } : { status: "wrong" };
}

async function tryCode({ email, code }: { email: string; code: string }) {
  const user = await getUserByEmail({ email });
  if (!user) return undefined;
  const attempt = await getOpenSignInAttempt({ userId: user.id, now: now() });
  if (!attempt || attempt.code_tries >= MAX_CODE_TRIES) return undefined;
  if (!sameHash(attempt.code_hash, hashToken(`${user.id}:${code}`))) {
    await countCodeTry({ attemptId: attempt.id });
    return undefined;
  }
  if (!(await useSignInAttempt({ attemptId: attempt.id, usedAt: now() }))) return undefined;
  return { sessionId: await startSession(user.id), redirectTo: attempt.redirect_to ?? undefined };
}
