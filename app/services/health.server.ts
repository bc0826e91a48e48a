import { getOldestWaitingMessage, getUnappliedMigrations, pingDatabase } from "~/models/health.server";

// `/healthz` and `/readyz` (answered in server.js, before Express: no session, no cookie, no page
// cache, no rate limit). Health is the process being up and needs nothing here; readiness is this.
// The reasons are for operators and monitors, so they are in English only.

/** Mail that has waited longer than this means the outbox is not keeping up (or cannot send). */
export const MAIL_BEHIND_MS = 5 * 60_000;
/** A database that has not answered in this long is as good as unreachable to a load balancer. */
const DATABASE_TIMEOUT_MS = 3_000;

/**
 * An answer is reused for this long, and probes arriving together share one check: however many
 * proxies and monitors ask, the database is asked at most once a second per process. (The mail
 * check reads every waiting message: nothing while mail flows, 1 ms for 1,000, 120 ms for 100,000
 * waiting after a long outage, measured on SQLite, where it runs on the server's event loop.)
 */
const REUSE_MS = 1_000;
let lastCheck: { at: number; readiness: Promise<Readiness> } | undefined;

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Ready to serve: the database answers, every migration this build knows is applied, and the oldest
 * mail waiting to go out was queued less than five minutes ago. The first check that fails is the reason.
 */
export function checkReadiness(): Promise<Readiness> {
  const now = Date.now();
  if (!lastCheck || now - lastCheck.at >= REUSE_MS) lastCheck = { at: now, readiness: checkReadinessNow({ now }) };
  return lastCheck.readiness;
}

async function checkReadinessNow({ now }: { now: number }): Promise<Readiness> {
  try {
    await withTimeout(pingDatabase(), DATABASE_TIMEOUT_MS);
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${messageOf(error)}` };
  }
  try {
    const unapplied = await getUnappliedMigrations();
    if (unapplied.length) return { ready: false, reason: `migrations not applied: ${unapplied.join(", ")}` };
    const oldest = await getOldestWaitingMessage();
    const waitedMs = oldest ? now - Date.parse(oldest.created_at) : 0;
    if (waitedMs > MAIL_BEHIND_MS) {
      const minutes = Math.floor(waitedMs / 60_000);
      return {
        ready: false,
        reason: `mail is behind: the oldest due message has waited ${minutes} minutes (queued ${oldest!.created_at}, ${oldest!.attempts} attempts so far)`,
      };
    }
  } catch (error) {
    return { ready: false, reason: `database error: ${messageOf(error)}` };
  }
  return { ready: true };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 500);

function withTimeout<T>(promise: Promise<T>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
