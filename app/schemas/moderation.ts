import { z } from "zod";

// Staff moderation of signatures. Messages are translation keys (app/i18n).

const ReasonSchema = z
  .string({ error: "moderation.errors.reasonRequired" })
  .trim()
  .min(1, "moderation.errors.reasonRequired")
  .max(500, "moderation.errors.reasonTooLong");

const SignatureIdSchema = z.number({ error: "moderation.errors.notFound" }).int().positive();

/** One signature on the search page: hide or show its name or comment, or invalidate it. */
export const SignatureModerationSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("hide"),
      signatureId: SignatureIdSchema,
      part: z.enum(["name", "comment"]),
      hidden: z.enum(["1", "0"]).transform((v) => v === "1"),
    }),
    z.object({ intent: z.literal("invalidate"), signatureId: SignatureIdSchema, reason: ReasonSchema }),
  ],
  { error: "moderation.errors.notPossible" },
);

export const bulkKinds = ["domain", "ipRange", "timeWindow"] as const;
export type BulkKind = (typeof bulkKinds)[number];

export type BulkCriteria =
  | { kind: "domain"; domain: string }
  | { kind: "ipRange"; ipRange: string }
  | { kind: "timeWindow"; from: string; to: string };

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const IP_RANGE = z.union([z.cidrv4(), z.cidrv6(), z.ipv4(), z.ipv6()]);
/** What `<input type="datetime-local">` sends: a time with no zone, read as UTC. */
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const normaliseDomain = (value: string) => value.trim().toLowerCase().replace(/^@/, "");

/** The time as ISO-8601 UTC, or undefined if it is not one (or does not exist, like 2026-02-30). */
function utc(value: string | undefined) {
  const match = value?.match(LOCAL_TIME);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return same ? date.toISOString() : undefined;
}

/**
 * Bulk invalidation: which signatures (by email domain, IP range or time window), why, and on
 * confirming, how many the preview showed. Only the chosen kind's field is checked, since without
 * JavaScript every field is on the page and may hold something left over.
 */
export const BulkInvalidationSchema = z
  .object({
    kind: z.enum(bulkKinds, { error: "moderation.errors.kindRequired" }),
    domain: z.string().optional(),
    ipRange: z.string().trim().optional(),
    from: z.string().trim().optional(),
    to: z.string().trim().optional(),
    reason: ReasonSchema,
    expected: z.number().int().min(0).optional(),
  })
  .superRefine(
    (v, ctx) => {
      const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (v.kind === "domain") {
        if (!v.domain?.trim()) problem("domain", "moderation.errors.domainRequired");
        else if (!DOMAIN.test(normaliseDomain(v.domain))) problem("domain", "moderation.errors.domainInvalid");
      } else if (v.kind === "ipRange") {
        if (!v.ipRange) problem("ipRange", "moderation.errors.ipRangeRequired");
        else if (!IP_RANGE.safeParse(v.ipRange).success) problem("ipRange", "moderation.errors.ipRangeInvalid");
      } else {
        const [from, to] = [utc(v.from), utc(v.to)];
        if (!v.from) problem("from", "moderation.errors.fromRequired");
        else if (!from) problem("from", "moderation.errors.timeInvalid");
        if (!v.to) problem("to", "moderation.errors.toRequired");
        else if (!to) problem("to", "moderation.errors.timeInvalid");
        else if (from && to <= from) problem("to", "moderation.errors.toBeforeFrom");
      }
    },
    { when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === "kind") },
  )
  .transform(({ kind, domain, ipRange, from, to, reason, expected }) => {
    const criteria: BulkCriteria =
      kind === "domain"
        ? { kind, domain: normaliseDomain(domain!) }
        : kind === "ipRange"
          ? { kind, ipRange: ipRange! }
          : { kind, from: utc(from)!, to: utc(to)! };
    return { criteria, reason, expected };
  });

export type BulkInvalidationInput = z.infer<typeof BulkInvalidationSchema>;

/** The flagged signatures listed on the moderation page at most (newest first), with a count of all. */
export const FLAGGED_LIST_LIMIT = 200;

const ChosenSignaturesSchema = z
  .array(z.number({ error: "moderation.flagged.errors.noneChosen" }).int().positive(), { error: "moderation.flagged.errors.noneChosen" })
  .min(1, "moderation.flagged.errors.noneChosen")
  .max(FLAGGED_LIST_LIMIT, "moderation.flagged.errors.noneChosen");

/** The flagged signatures ticked on the moderation page: clear them (count them), or invalidate them with a reason. */
export const FlaggedSignaturesSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("clearFlags"), signatureIds: ChosenSignaturesSchema }),
    z.object({ intent: z.literal("invalidateFlags"), signatureIds: ChosenSignaturesSchema, reason: ReasonSchema }),
  ],
  { error: "moderation.errors.notPossible" },
);

/** A team's rules hold at most this many address ranges. */
export const MAX_RANGES = 100;

/** The address ranges a campaign's rules take, one a line; blank lines are ignored. */
export const rangeLinesOf = (text: string | undefined) => (text ?? "").split(/\r?\n/).map((line) => line.trim());

/** Each line that is not an address range (IPv4 or IPv6 CIDR, or one address), by its line number from 1. */
export function badRangeLines(text: string | undefined) {
  return rangeLinesOf(text)
    .map((value, i) => ({ line: i + 1, value }))
    .filter(({ value }) => value !== "" && !IP_RANGE.safeParse(value).success);
}

/**
 * A campaign's abuse rules: the address ranges whose signatures wait for review, and how many
 * signatures an hour one address may make before the rest wait too (empty: no limit).
 */
export const AbuseRulesSchema = z
  .object({
    intent: z.literal("rules"),
    // Checked on the field itself, so its lines are named even while the limit is wrong too.
    ranges: z
      .string()
      .max(10_000, "moderation.abuseRules.errors.rangesTooLong")
      .superRefine((ranges, ctx) => {
        if (badRangeLines(ranges).length) ctx.addIssue({ code: "custom", message: "moderation.abuseRules.errors.rangesInvalid" });
        else if (rangeLinesOf(ranges).filter(Boolean).length > MAX_RANGES) ctx.addIssue({ code: "custom", message: "moderation.abuseRules.errors.tooManyRanges" });
      })
      .optional(),
    hourlyLimit: z
      .number({ error: "moderation.abuseRules.errors.hourlyLimitInvalid" })
      .int("moderation.abuseRules.errors.hourlyLimitInvalid")
      .min(1, "moderation.abuseRules.errors.hourlyLimitInvalid")
      .max(100_000, "moderation.abuseRules.errors.hourlyLimitInvalid")
      .optional(),
  })
  .transform(({ ranges, hourlyLimit }) => {
    const lines = rangeLinesOf(ranges).filter(Boolean);
    return { ranges: lines.length ? lines.join("\n") : null, hourlyLimit: hourlyLimit ?? null };
  });
