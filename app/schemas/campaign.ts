import { z } from "zod";

// A campaign as written in a file (`npm run cli -- campaign:create --file campaign.json`) or in
// the workspace editor. Messages are translation keys (app/i18n, `campaignErrors`).

export const SlugSchema = z
  .string({ error: "campaignErrors.slugRequired" })
  .trim()
  .min(3, "campaignErrors.slugLength")
  .max(80, "campaignErrors.slugLength")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "campaignErrors.slugFormat");

export const RecipientSchema = z.object({
  name: z.string({ error: "campaignErrors.recipientName" }).trim().min(1, "campaignErrors.recipientName").max(200, "campaignErrors.tooLong200"),
  title: z.string({ error: "campaignErrors.recipientTitle" }).trim().min(1, "campaignErrors.recipientTitle").max(200, "campaignErrors.tooLong200"),
  email: z.email({ error: "campaignErrors.recipientEmail" }).optional(),
  role: z.enum(["to", "cc"], { error: "campaignErrors.recipientRole" }),
});

const fields = {
  slug: SlugSchema,
  // A title goes into mail subjects: one line only.
  title: z
    .string({ error: "campaignErrors.titleRequired" })
    .trim()
    .min(1, "campaignErrors.titleRequired")
    .max(200, "campaignErrors.tooLong200")
    .regex(/^[^\r\n]*$/, "campaignErrors.oneLine"),
  summary: z.string({ error: "campaignErrors.summaryRequired" }).trim().min(1, "campaignErrors.summaryRequired").max(500, "campaignErrors.tooLong500"),
  // Browsers send line breaks as CRLF; the letter (and its SHA-256) keeps plain LF.
  body: z
    .string({ error: "campaignErrors.bodyRequired" })
    .transform((v) => v.replace(/\r\n?/g, "\n"))
    .pipe(z.string().trim().min(1, "campaignErrors.bodyRequired").max(50_000, "campaignErrors.bodyTooLong")),
  language: z.enum(["en", "cy"], { error: "campaignErrors.language" }),
  recipients: z
    .array(RecipientSchema, { error: "campaignErrors.recipientsRequired" })
    .min(1, "campaignErrors.recipientsRequired")
    .refine((list) => list.some((r) => r.role === "to"), "campaignErrors.recipientsTo"),
  goal: z.number({ error: "campaignErrors.goal" }).int("campaignErrors.goal").positive("campaignErrors.goal").max(100_000_000, "campaignErrors.goal").optional(),
  closesAt: z
    .string({ error: "campaignErrors.closesAt" })
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, { message: "campaignErrors.closesAt", abort: true })
    .refine((v) => !Number.isNaN(Date.parse(v)), "campaignErrors.closesAt")
    .optional(),
  thankYou: z.string().trim().max(2_000, "campaignErrors.thankYouTooLong").optional(),
};

export const CampaignFileSchema = z
  .object({ ...fields, status: z.enum(["draft", "open", "closed"], { error: "campaignErrors.status" }).default("draft") })
  .strict();

/** The editor's form: the same rules; new campaigns start as drafts. */
export const CampaignEditorSchema = z.object({ ...fields, language: fields.language.default("en") });

export type CampaignFile = z.infer<typeof CampaignFileSchema>;
export type CampaignEditorInput = z.infer<typeof CampaignEditorSchema>;

/** One line per bad field, named by its path: `recipients[1].role: …`; messages through `translate`. */
export function describeIssues(error: z.ZodError, translate: (key: string) => string) {
  return error.issues.map((issue) => {
    const where = issue.path.reduce<string>(
      (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      "",
    );
    return `${where || "(file)"}: ${translate(issue.message)}`;
  });
}
