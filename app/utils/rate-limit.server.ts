import { singleton } from "./singleton.server";

/**
 * Token buckets per key, in memory: enough for one server process. Generous on purpose, since a
 * conference hall signs from one address; fraud is handled by verification, not by this.
 */
export function createRateLimiter({ capacity, refillPerMinute }: { capacity: number; refillPerMinute: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = refillPerMinute / 60_000;
  let prunedAt = 0;

  function take(key: string, at = Date.now()) {
    const bucket = buckets.get(key) ?? { tokens: capacity, at };
    bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.at) * perMs);
    bucket.at = at;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    buckets.set(key, bucket);
    // Forget full buckets now and then, not on every request: a busy proxy can carry many addresses.
    if (buckets.size > 100_000 && at - prunedAt > 60_000) prune(at);
    return allowed;
  }

  function prune(at: number) {
    prunedAt = at;
    const full = capacity / perMs;
    for (const [key, bucket] of buckets) if (at - bucket.at > full) buckets.delete(key);
  }

  return { take };
}

export const signingRateLimit = singleton("signing-rate-limit", () =>
  createRateLimiter({ capacity: 20, refillPerMinute: 10 }),
);

/**
 * Signatures at one event's kiosk, keyed by the kiosk: a burst of 20, then 60 a minute. A queue at
 * a stand signs one after another on one tablet (each takes longer than a second), so this stops
 * only a script holding the link; the per-address limit would stop a busy stand, so it is not used.
 */
export const kioskRateLimit = singleton("kiosk-rate-limit", () => createRateLimiter({ capacity: 20, refillPerMinute: 60 }));

/** Sign-in mails and code tries: per client address and per account address. */
export const signInRateLimit = singleton("sign-in-rate-limit", () => createRateLimiter({ capacity: 10, refillPerMinute: 5 }));

/** Links to see one's own data (/my-data): per client address and per address asked about, as sign-in. */
export const myDataRateLimit = singleton("my-data-rate-limit", () => createRateLimiter({ capacity: 10, refillPerMinute: 5 }));
