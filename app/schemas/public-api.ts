import { z } from "zod";

// The shapes of the public open-data API (issue 18): /c/{slug}.json, /campaigns.json and a
// campaign's signatories as JSON (and CSV, whose columns are SignatorySchema's). Every answer is
// parsed through its schema before it goes out, so a field not named here can never leave (zod
// objects drop unknown keys), and /api/openapi.json is generated from these same schemas.

/** The schemas /api/openapi.json publishes under components/schemas, by name. */
export const publicApiSchemas = z.registry<{ id: string; description?: string }>();

const LanguageSchema = z.enum(["en", "cy"]).meta({ description: "A language code: en (English) or cy (Welsh)." });

/** A text in each of the campaign's languages, keyed by language code (only the campaign's languages). */
const PerLanguageSchema = z.partialRecord(LanguageSchema, z.string()).meta({ description: "A text per language, keyed by language code." });

const UrlSchema = z.url();
const TimestampSchema = z.iso.datetime().meta({ description: "ISO 8601 date and time, UTC." });
const SignerTypeSchema = z.enum(["individual", "professional", "organisation"]);
const SourceSchema = z.enum(["online", "paper", "event"]);
/** Statuses the public may see; drafts and campaigns waiting for review are not public (404). */
const PublicStatusSchema = z.enum(["open", "closed", "delivered", "archived"]);

export const RecipientSchema = z
  .object({
    name: z.string(),
    title: PerLanguageSchema,
    role: z.enum(["to", "cc"]).meta({ description: "to: an addressee; cc: a copy." }),
  })
  .register(publicApiSchemas, { id: "Recipient" });

export const ResponseSchema = z
  .object({
    from: z.string().meta({ description: "Who responded: name, and title when given." }),
    receivedOn: z.iso.date().meta({ description: "The date it was received (YYYY-MM-DD)." }),
    text: z.string().meta({ description: "The response as published, in Markdown (empty when only a PDF was given)." }),
    pdfUrl: UrlSchema.nullable().meta({ description: "The response as the PDF the recipient sent, if any." }),
  })
  .register(publicApiSchemas, { id: "Response" });

const CountsSchema = z.object({
  bySignerType: z.record(SignerTypeSchema, z.number().int().nonnegative()),
  bySource: z.record(SourceSchema, z.number().int().nonnegative()).meta({ description: "online; paper (typed in from paper sheets); event (a kiosk at an event)." }),
  byLanguage: z.partialRecord(LanguageSchema, z.number().int().nonnegative()),
});

export const CampaignSchema = z
  .object({
    slug: z.string(),
    title: PerLanguageSchema,
    summary: PerLanguageSchema,
    languages: z.array(LanguageSchema).meta({ description: "The campaign's languages, primary first." }),
    primaryLanguage: LanguageSchema,
    status: PublicStatusSchema,
    count: z.number().int().nonnegative().meta({ description: "Verified signatures: the count the campaign page and count.json show." }),
    goal: z.number().int().positive().nullable(),
    counts: CountsSchema.meta({
      description: "Verified signatures by signer type, by where they were made and by the language signed in: exact at the time of the answer, so they may run a second or two ahead of `count`.",
    }),
    recipients: z.array(RecipientSchema),
    dates: z.object({
      opened: TimestampSchema.nullable(),
      closes: TimestampSchema.nullable(),
      delivered: TimestampSchema.nullable().meta({ description: "When the letter was first delivered to a recipient." }),
    }),
    responses: z.array(ResponseSchema).meta({ description: "Recipients' responses, newest first; empty when none." }),
    updatedAt: TimestampSchema.meta({ description: "The latest change to anything in this answer." }),
    links: z.object({
      self: UrlSchema,
      page: PerLanguageSchema.meta({ description: "The campaign page in each of its languages." }),
      count: UrlSchema,
      signaturesJson: UrlSchema,
      signaturesCsv: UrlSchema,
    }),
  })
  .register(publicApiSchemas, { id: "Campaign" });

export const CampaignSummarySchema = z
  .object({
    slug: z.string(),
    title: PerLanguageSchema,
    summary: PerLanguageSchema,
    languages: z.array(LanguageSchema),
    primaryLanguage: LanguageSchema,
    status: PublicStatusSchema,
    count: z.number().int().nonnegative(),
    goal: z.number().int().positive().nullable(),
    closes: TimestampSchema.nullable(),
    links: z.object({ self: UrlSchema, page: PerLanguageSchema }),
  })
  .register(publicApiSchemas, { id: "CampaignSummary" });

export const CampaignListSchema = z
  .object({
    campaigns: z.array(CampaignSummarySchema),
    next: UrlSchema.nullable().meta({ description: "The next page, or null on the last." }),
  })
  .register(publicApiSchemas, { id: "CampaignList" });

/** A signatory as the public campaign page lists them: a name only when the signer chose to show it. */
export const SignatorySchema = z
  .object({
    name: z.string(),
    signerType: SignerTypeSchema,
    organisation: z.string().nullable(),
    role: z.string().nullable(),
  })
  .register(publicApiSchemas, { id: "Signatory" });

export const SignatoryListSchema = z
  .object({
    campaign: z.string().meta({ description: "The campaign's slug." }),
    signatories: z.array(SignatorySchema).meta({ description: "Newest first." }),
    nextCursor: z.string().nullable().meta({ description: "Pass as ?after= for the next page; null on the last." }),
    next: UrlSchema.nullable(),
  })
  .register(publicApiSchemas, { id: "SignatoryList" });

export const ApiErrorSchema = z.object({ error: z.string() }).register(publicApiSchemas, { id: "Error" });

/** Paging through signatories: `?after=<cursor>&limit=` (default 100, at most 1,000). */
export const SignatoriesQuerySchema = z.object({
  after: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, "after must be a cursor from a previous page's nextCursor")
    .transform(Number)
    .optional(),
  limit: z.coerce
    .number({ error: "limit must be a whole number from 1 to 1000" })
    .int("limit must be a whole number from 1 to 1000")
    .min(1, "limit must be a whole number from 1 to 1000")
    .max(1000, "limit must be a whole number from 1 to 1000")
    .default(100),
});

/** Paging through campaigns: `?after=<cursor>` from the previous page's `next`. */
export const CampaignsQuerySchema = z.object({
  after: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, "after must be a cursor from a previous page's next link")
    .transform(Number)
    .optional(),
});

export type Campaign = z.infer<typeof CampaignSchema>;
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;
export type Signatory = z.infer<typeof SignatorySchema>;
