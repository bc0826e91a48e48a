import { z } from "zod";
import { type EasyReadLetters, EasyReadSchema, missingEasyRead } from "./easy-read";

// A campaign as written in a file (`npm run cli -- campaign:create --file campaign.json`) or in
// the workspace editor. Messages are translation keys (app/i18n, `campaignErrors`).

export const SlugSchema = z
  .string({ error: "campaignErrors.slugRequired" })
  .trim()
  .min(3, "campaignErrors.slugLength")
  .max(80, "campaignErrors.slugLength")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "campaignErrors.slugFormat");

export const LanguageSchema = z.enum(["en", "cy"], { error: "campaignErrors.language" });
export type CampaignLanguage = z.infer<typeof LanguageSchema>;

/** A text in each of a campaign's languages: { "cy": "Gofal teg nawr", "en": "Fair care now" }. */
const perLanguage = <T extends z.ZodType<string | undefined>>(text: T, error: string) =>
  z.object({ en: text.optional(), cy: text.optional() }, { error }).strict();
export type Translations = Partial<Record<CampaignLanguage, string>>;

const recipientTitle = z.string({ error: "campaignErrors.recipientTitle" }).trim().min(1, "campaignErrors.recipientTitle").max(200, "campaignErrors.tooLong200");

export const RecipientSchema = z.object({
  name: z.string({ error: "campaignErrors.recipientName" }).trim().min(1, "campaignErrors.recipientName").max(200, "campaignErrors.tooLong200"),
  title: perLanguage(recipientTitle, "campaignErrors.recipientTitle"),
  email: z.email({ error: "campaignErrors.recipientEmail" }).optional(),
  role: z.enum(["to", "cc"], { error: "campaignErrors.recipientRole" }),
});

// A title goes into mail subjects: one line only.
const title = z
  .string({ error: "campaignErrors.titleRequired" })
  .trim()
  .min(1, "campaignErrors.titleRequired")
  .max(200, "campaignErrors.tooLong200")
  .regex(/^[^\r\n]*$/, "campaignErrors.oneLine");
const summary = z.string({ error: "campaignErrors.summaryRequired" }).trim().min(1, "campaignErrors.summaryRequired").max(500, "campaignErrors.tooLong500");
// Browsers send line breaks as CRLF; the letter (and its SHA-256) keeps plain LF.
const body = z
  .string({ error: "campaignErrors.bodyRequired" })
  .transform((v) => v.replace(/\r\n?/g, "\n"))
  .pipe(z.string().trim().min(1, "campaignErrors.bodyRequired").max(50_000, "campaignErrors.bodyTooLong"));
const thankYou = z.string().trim().max(2_000, "campaignErrors.thankYouTooLong");

const fields = {
  slug: SlugSchema,
  /** The primary language: the pack's and the lists' language, and the page shown to readers of another. */
  language: LanguageSchema,
  languages: z
    .array(LanguageSchema, { error: "campaignErrors.languages" })
    .min(1, "campaignErrors.languages")
    .refine((list) => new Set(list).size === list.length, "campaignErrors.languages"),
  title: perLanguage(title, "campaignErrors.titleRequired"),
  summary: perLanguage(summary, "campaignErrors.summaryRequired"),
  body: perLanguage(body, "campaignErrors.bodyRequired"),
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
  thankYou: perLanguage(thankYou, "campaignErrors.thankYouTooLong").optional(),
  /** Each language's Easy Read letter (rows of text, picture and alt text), if the campaign has one. */
  easyRead: EasyReadSchema.optional(),
};

type CampaignTexts = {
  language: CampaignLanguage;
  languages: CampaignLanguage[];
  title: Translations;
  summary: Translations;
  body: Translations;
  thankYou?: Translations;
  recipients: { title: Translations }[];
  easyRead?: EasyReadLetters;
};

/**
 * The texts a campaign still lacks before it may open: each as its field's path and language
 * (`body.cy`, `recipients[0].title.en`). Every language needs a title, a summary, the letter and
 * each recipient's title; a thank-you message, if written in one language, in every one.
 */
export function missingTranslations(campaign: CampaignTexts): string[] {
  const missing: string[] = [];
  const wantsThankYou = Object.values(campaign.thankYou ?? {}).some(Boolean);
  for (const language of campaign.languages) {
    if (!campaign.title[language]) missing.push(`title.${language}`);
    if (!campaign.summary[language]) missing.push(`summary.${language}`);
    if (!campaign.body[language]) missing.push(`body.${language}`);
    campaign.recipients.forEach((r, i) => {
      if (!r.title[language]) missing.push(`recipients[${i}].title.${language}`);
    });
    if (wantsThankYou && !campaign.thankYou?.[language]) missing.push(`thankYou.${language}`);
  }
  return missing;
}

/** A text-by-path into the issue path zod reports: "recipients[0].title.cy" → ["recipients", 0, "title", "cy"]. */
const issuePath = (at: string) => at.split(/\.|\[(\d+)\]/).filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * The campaign's own texts must be in its primary language, and languages must include it. A
 * campaign past draft must also have every text in every language.
 */
function checkLanguages(campaign: CampaignTexts & { status?: string }, ctx: z.RefinementCtx) {
  if (!campaign.languages.includes(campaign.language)) ctx.addIssue({ code: "custom", path: ["language"], message: "campaignErrors.languageNotListed" });
  for (const field of ["title", "summary", "body", "thankYou"] as const) {
    for (const language of Object.keys(campaign[field] ?? {}) as CampaignLanguage[]) {
      if (campaign[field]?.[language] && !campaign.languages.includes(language)) ctx.addIssue({ code: "custom", path: [field, language], message: "campaignErrors.notALanguageOfTheCampaign" });
    }
  }
  const primary = campaign.language;
  const required = campaign.status && campaign.status !== "draft" ? missingTranslations(campaign) : missingTranslations({ ...campaign, languages: [primary], thankYou: undefined });
  // Missing in the primary language, a text is simply missing ("enter a title"); in another, untranslated.
  const ownMessage: Record<string, string> = { title: "campaignErrors.titleRequired", summary: "campaignErrors.summaryRequired", body: "campaignErrors.bodyRequired", recipients: "campaignErrors.recipientTitle" };
  for (const at of required) ctx.addIssue({ code: "custom", path: issuePath(at), message: (at.endsWith(`.${primary}`) && ownMessage[at.split(/[.[]/)[0]]) || "campaignErrors.missingTranslation" });
  for (const language of Object.keys(campaign.easyRead ?? {}) as CampaignLanguage[]) {
    if (campaign.easyRead?.[language]?.length && !campaign.languages.includes(language)) ctx.addIssue({ code: "custom", path: ["easyRead", language], message: "easyReadErrors.notALanguage" });
  }
  // An Easy Read row may wait for its picture in a draft, never in an open campaign.
  if (campaign.status && campaign.status !== "draft") {
    for (const at of missingEasyRead(campaign)) {
      const message = at.endsWith(".picture") ? "easyReadErrors.picture" : at.endsWith(".alt") ? "easyReadErrors.altRequired" : "campaignErrors.missingTranslation";
      ctx.addIssue({ code: "custom", path: issuePath(at), message });
    }
  }
}

/**
 * A campaign file may give each text as one string (a one-language campaign, as older files do)
 * or per language; `languages` defaults to the one language, and the primary `language` to the
 * first of `languages`. Everything reaches the schema per language.
 */
function perLanguageFile(input: unknown) {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const file = input as Record<string, unknown>;
  const listed = Array.isArray(file.languages) ? file.languages : undefined;
  const primary = typeof file.language === "string" ? file.language : typeof listed?.[0] === "string" ? listed[0] : "en";
  const wrap = (value: unknown) => (typeof value === "string" ? { [primary]: value } : value);
  return {
    ...file,
    language: primary,
    languages: listed ?? [primary],
    title: wrap(file.title),
    summary: wrap(file.summary),
    body: wrap(file.body),
    ...(file.thankYou !== undefined ? { thankYou: wrap(file.thankYou) } : {}),
    recipients: Array.isArray(file.recipients)
      ? file.recipients.map((r) => (r && typeof r === "object" && !Array.isArray(r) ? { ...r, title: wrap((r as Record<string, unknown>).title) } : r))
      : file.recipients,
  };
}

export const CampaignFileSchema = z.preprocess(
  perLanguageFile,
  z
    .object({ ...fields, status: z.enum(["draft", "open", "closed"], { error: "campaignErrors.status" }).default("draft") })
    .strict()
    .superRefine(checkLanguages),
);

/**
 * The editor's form: the same rules, each text in a field per language (`title.cy`, `title.en`);
 * new campaigns start as drafts, so only the primary language's texts are needed to save one.
 */
export const CampaignEditorSchema = z
  .object({ ...fields, language: fields.language.default("en"), languages: fields.languages.default(["en"]), thankYou: fields.thankYou })
  .superRefine(checkLanguages);

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
