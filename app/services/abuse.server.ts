import { createRequire } from "node:module";
import { countSignaturesByNameAndTownSince, countSignaturesFromAddressSince, getAbuseRules } from "~/models/abuse-rules.server";
import type { Executor, FlagReason } from "~/utils/db.server";
import { ipRangeMatcher, rangeLines } from "~/utils/ip-ranges.server";
import { singleton } from "~/utils/singleton.server";

// Quiet abuse flags, decided as an online signature is stored. A flagged signature is kept and
// confirmed like any other, and the signer sees the same pages and mails, but it is not counted,
// listed or packed until a moderator clears it (services/moderation.server.ts): nothing tells an
// attacker which of their tries were caught, so there is nothing to tune against.

/** The same name and town this many times within the window is ordinary (two people of one name in
 * one town, or someone who mistyped their address and signed again); the next one is flagged. Ten
 * minutes is how long a script or one person filling the form over and over takes to do it. */
export const BURST_ALLOWED = 2;
export const BURST_WINDOW_MINUTES = 10;
/** The team's hourly limit counts the signatures from one address in the hour before this one. */
const RATE_WINDOW_MINUTES = 60;

/**
 * Throwaway mail domains, from the `disposable-email-domains` package (the ivolo list, ~120,000
 * domains) and its wildcard list (every subdomain of those), read once into a Set.
 */
const disposableDomains = () =>
  singleton("disposable-domains", () => {
    const require = createRequire(import.meta.url);
    const listed = require("disposable-email-domains") as string[];
    const wildcard = require("disposable-email-domains/wildcard.json") as string[];
    return new Set([...listed, ...wildcard].map((domain) => domain.toLowerCase()));
  });

// Reading the list takes a noticeable fraction of a second: do it soon after start-up, not inside
// the first signature's transaction (which holds the database's write lock meanwhile).
setImmediate(() => disposableDomains()).unref();

/** Whether the address's domain, or a domain it is under (`x.mailinator.com`), is a throwaway one. */
export function isDisposableEmail(email: string) {
  const domains = disposableDomains();
  const parts = email.slice(email.lastIndexOf("@") + 1).toLowerCase().split(".");
  // Stop before the last label: a top-level domain alone is never on the list.
  for (let i = 0; i < parts.length - 1; i++) if (domains.has(parts.slice(i).join("."))) return true;
  return false;
}

/**
 * The spellings of a name or town worth asking the index for: as typed, with runs of spaces made
 * one, and each of those in lower case, upper case and title case. Exact matches keep the query on
 * the index; an attacker mixing cases inside words ("jOhN") slips past, the rate flag may not.
 */
function spellings(text: string) {
  const collapsed = text.trim().replace(/\s+/g, " ");
  const title = (s: string) => s.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
  return [...new Set([text, collapsed].flatMap((s) => [s, s.toLowerCase(), s.toUpperCase(), title(s)]))];
}

const minutesBefore = (at: string, minutes: number) => new Date(Date.parse(at) - minutes * 60_000).toISOString();

/**
 * Why a new online signature should wait for review, or null. Called in the signing transaction
 * before the row is written, so it counts only the signatures before this one. The first reason
 * found wins: the team's ranges, a throwaway domain, the team's hourly limit, then a burst.
 */
export async function flagFor(
  { campaignId, email, name, location, ipAddress, at }: { campaignId: number; email: string; name: string; location: string; ipAddress: string; at: string },
  trx: Executor,
): Promise<FlagReason | null> {
  const rules = await getAbuseRules({ campaignId }, trx);
  const ranges = rangeLines(rules?.ranges);
  if (ranges.length && ipRangeMatcher(ranges)(ipAddress)) return "range";
  if (isDisposableEmail(email)) return "disposable";
  if (rules?.hourly_limit != null) {
    const recent = await countSignaturesFromAddressSince({ campaignId, ipAddress, since: minutesBefore(at, RATE_WINDOW_MINUTES) }, trx);
    if (recent >= rules.hourly_limit) return "rate";
  }
  const same = await countSignaturesByNameAndTownSince(
    { campaignId, names: spellings(name), towns: spellings(location), since: minutesBefore(at, BURST_WINDOW_MINUTES) },
    trx,
  );
  return same >= BURST_ALLOWED ? "burst" : null;
}
