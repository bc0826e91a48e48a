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
  updateUserLanguage,
  useSignInAttempt,
} from "~/models/users.server";
import { defaultLanguage, type UiLanguage } from "~/i18n";
import { NewUserSchema } from "~/schemas/account";
import { db, type Executor, now } from "~/utils/db.server";
import { conflict } from "~/utils/domain-error";
import { mailUrl } from "~/utils/email.server";
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

/**
 * Creates an account. `language` is the one its mail is written in until its owner asks to sign
 * in on a page in another: the language of the page it was made on (the command line's is English).
 */
export async function createUser(input: unknown, trx: Executor = db, { language = defaultLanguage }: { language?: UiLanguage } = {}) {
  const { email, role, name } = NewUserSchema.parse(input);
  const id = await insertUser({ email, role, name: name || null, language, createdAt: now() }, trx);
  if (id === undefined) throw conflict("people.errors.exists", { email });
  return { id, email, role };
}

/**
 * Mails a single-use sign-in link and a code that can be typed instead. An address with no
 * account gets nothing, and the caller shows the same page either way. The mail is in `language`,
 * the sign-in page's, and its link leads to the sign-in page in it; without one (the command
 * line), in the account's own. Asking does not change the account's language: anyone may ask for
 * any address, so only signing in (below) does.
 */
export async function requestSignIn({ email, redirectTo, language }: { email: string; redirectTo?: string; language?: UiLanguage }) {
  const user = await getUserByEmail({ email });
  if (!user) return undefined;
  const mailLanguage = language ?? user.language;
  const token = newToken();
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, "0");
  const link = mailUrl(mailLanguage, `/sign-in/${token}`);
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
    await queueMail(trx, { template: "sign-in", to: user.email, language: mailLanguage, data: { link, code, minutes: SIGN_IN_LINK_MINUTES } });
  });
  outboxWorker.wake();
  return { link, code };
}

/**
 * Starts a session. `language` is the page signed in on (the link in a mail leads to the sign-in
 * page in the language it was asked for in): the account keeps it, and later mail to it is in it.
 */
async function startSession(userId: number, language: UiLanguage) {
  const sessionId = newToken();
  const createdAt = now();
  await updateUserLanguage({ userId, language });
  await insertSession({
    idHash: hashToken(sessionId),
    userId,
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + SESSION_DAYS * 86_400_000).toISOString(),
  });
  return sessionId;
}

/** Signs in with the emailed link: once only, and within 15 minutes. `language` is the page's. */
export async function signInWithLink({ token, language }: { token: string; language: UiLanguage }) {
  const attempt = await getSignInAttemptByTokenHash({ tokenHash: hashToken(token) });
  if (!attempt || attempt.used_at || attempt.expires_at <= now()) return undefined;
  if (!(await useSignInAttempt({ attemptId: attempt.id, usedAt: now() }))) return undefined;
  return { sessionId: await startSession(attempt.user_id, language), redirectTo: attempt.redirect_to ?? undefined };
}

export type CodeSignIn =
  | { status: "signedIn"; sessionId: string; redirectTo?: string }
  | { status: "wrong" }
  /** Too many wrong codes for this address in the last hour: only the emailed link works. */
  | { status: "tooManyWrongCodes" };

/**
 * Signs in with the typed code; five wrong tries use the attempt up, and ten wrong codes in an
 * hour stop codes for the address. An address with no account is counted and answered the same
 * way, so the answers do not tell which addresses have one. `language` is the page's.
 */
export async function signInWithCode({ email, code, language }: { email: string; code: string; language: UiLanguage }): Promise<CodeSignIn> {
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
  const signedIn = await tryCode({ email, code, language });
  if (signedIn) {
    await deleteSignInCodeFailure({ failureId });
    return { status: "signedIn", ...signedIn };
  }
  return failures >= MAX_WRONG_CODES ? { status: "tooManyWrongCodes" } : { status: "wrong" };
}

async function tryCode({ email, code, language }: { email: string; code: string; language: UiLanguage }) {
  const user = await getUserByEmail({ email });
  if (!user) return undefined;
  const attempt = await getOpenSignInAttempt({ userId: user.id, now: now() });
  if (!attempt || attempt.code_tries >= MAX_CODE_TRIES) return undefined;
  if (!sameHash(attempt.code_hash, hashToken(`${user.id}:${code}`))) {
    await countCodeTry({ attemptId: attempt.id });
    return undefined;
  }
  if (!(await useSignInAttempt({ attemptId: attempt.id, usedAt: now() }))) return undefined;
  return { sessionId: await startSession(user.id, language), redirectTo: attempt.redirect_to ?? undefined };
}
