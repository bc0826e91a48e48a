import { z } from "zod";

// The shape of a campaign file (`npm run cli -- campaign:create --file campaign.json`) and of the
// demo campaign. Messages are for the person who wrote the file.

export const SlugSchema = z
  .string({ error: "enter a slug" })
  .min(3, "must be at least 3 characters")
  .max(80, "must be 80 characters or fewer")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case letters, digits and single hyphens, like fair-care-now");

export const RecipientSchema = z.object({
  name: z.string({ error: "enter the recipient's name" }).trim().min(1, "enter the recipient's name").max(200, "must be 200 characters or fewer"),
  title: z.string({ error: "enter the recipient's title or office" }).trim().min(1, "enter the recipient's title or office").max(200, "must be 200 characters or fewer"),
  email: z.email({ error: "enter an email address like minister@example.gov.uk" }).optional(),
  role: z.enum(["to", "cc"], { error: 'must be "to" or "cc"' }),
});

export const CampaignFileSchema = z
  .object({
    slug: SlugSchema,
    // A title goes into mail subjects: one line only.
    title: z
      .string({ error: "enter a title" })
      .trim()
      .min(1, "enter a title")
      .max(200, "must be 200 characters or fewer")
      .regex(/^[^\r\n]*$/, "must be on one line"),
    summary: z.string({ error: "enter a summary" }).trim().min(1, "enter a summary").max(500, "must be 500 characters or fewer"),
    body: z.string({ error: "enter the letter's text" }).trim().min(1, "enter the letter's text").max(50_000, "must be 50,000 characters or fewer"),
    language: z.enum(["en", "cy"], { error: 'must be "en" or "cy"' }),
    recipients: z
      .array(RecipientSchema, { error: "must be a list of recipients" })
      .min(1, "add at least one recipient")
      .refine((list) => list.some((r) => r.role === "to"), 'at least one recipient must have role "to"'),
    goal: z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be more than 0").optional(),
    closesAt: z
      .string({ error: "must be a date like 2027-03-31" })
      .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, { message: "must be a date like 2027-03-31", abort: true })
      .refine((v) => !Number.isNaN(Date.parse(v)), "must be a real date, like 2027-03-31")
      .optional(),
    status: z.enum(["draft", "open", "closed"], { error: 'must be "draft", "open" or "closed"' }).default("draft"),
  })
  .strict();

export type CampaignFile = z.infer<typeof CampaignFileSchema>;

/** One line per bad field, named by its path in the file: `recipients[1].role: must be "to" or "cc"`. */
export function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => {
    const where = issue.path.reduce<string>(
      (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      "",
    );
    return `${where || "(file)"}: ${issue.message}`;
  });
}
