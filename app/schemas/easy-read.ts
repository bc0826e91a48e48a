import { z } from "zod";

// An Easy Read letter: an ordered list of rows, one idea each, a picture on the left and short text
// on the right. Stored as a letter text of variant `easy_read` whose body is the rows as canonical
// JSON (easyReadBody), so its SHA-256 covers every word, picture and alt text, in order.

/**
 * A picture: `openmoji:1F91D` from the bundled OpenMoji set (hex code points joined by "-"), or
 * `upload:{sha256}` for one the campaign uploaded, named by its bytes' SHA-256.
 */
export const pictureRef = /^(?:openmoji:[0-9A-F]{2,6}(?:-[0-9A-F]{2,6})*|upload:[0-9a-f]{64})$/;

const text = z
  .string({ error: "easyReadErrors.textRequired" })
  .transform((v) => v.replace(/\s+/g, " "))
  .pipe(z.string().trim().min(1, "easyReadErrors.textRequired").max(400, "easyReadErrors.textTooLong"));

/** A row as saved in a draft: the text is needed; a picture and its alt text may come later, but before the campaign opens. */
export const EasyReadRowSchema = z
  .object({
    text,
    picture: z
      .string({ error: "easyReadErrors.picture" })
      .trim()
      .regex(pictureRef, "easyReadErrors.picture")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    alt: z
      .string({ error: "easyReadErrors.altTooLong" })
      .transform((v) => v.replace(/\s+/g, " ").trim())
      .pipe(z.string().max(300, "easyReadErrors.altTooLong"))
      .optional()
      .transform((v) => v || undefined),
  })
  .strict();

export type EasyReadRow = z.infer<typeof EasyReadRowSchema>;

export const EasyReadRowsSchema = z.array(EasyReadRowSchema, { error: "easyReadErrors.rows" }).max(60, "easyReadErrors.tooManyRows");

/** Each language's Easy Read letter: { "en": [rows], "cy": [rows] }. */
export const EasyReadSchema = z
  .object({ en: EasyReadRowsSchema.optional(), cy: EasyReadRowsSchema.optional() }, { error: "easyReadErrors.rows" })
  .strict();
export type EasyReadLetters = z.infer<typeof EasyReadSchema>;

/** The body stored for an Easy Read letter text: its rows as JSON with keys in one order, so one letter has one SHA-256. */
export function easyReadBody(rows: EasyReadRow[]): string {
  return JSON.stringify(rows.map((row) => ({ text: row.text, picture: row.picture ?? "", alt: row.alt ?? "" })));
}

/** The rows of a stored Easy Read letter text. */
export function parseEasyReadBody(body: string): { text: string; picture: string; alt: string }[] {
  return JSON.parse(body) as { text: string; picture: string; alt: string }[];
}

/** A stored Easy Read letter's rows as the schema has them: an empty picture or alt text is none. */
export function easyReadRows(body: string): EasyReadRow[] {
  return parseEasyReadBody(body).map((row) => ({ text: row.text, picture: row.picture || undefined, alt: row.alt || undefined }));
}

/**
 * What an Easy Read letter still lacks before its campaign may open: each as its field's path
 * (`easyRead.cy[2].alt`). A row needs a picture and alt text, and a campaign with an Easy Read
 * letter in one of its languages needs one in each.
 */
export function missingEasyRead({ languages, easyRead }: { languages: readonly ("en" | "cy")[]; easyRead?: EasyReadLetters }): string[] {
  const missing: string[] = [];
  const wanted = languages.some((language) => easyRead?.[language]?.length);
  if (!wanted) return missing;
  for (const language of languages) {
    const rows = easyRead?.[language] ?? [];
    if (!rows.length) missing.push(`easyRead.${language}`);
    rows.forEach((row, i) => {
      if (!row.picture) missing.push(`easyRead.${language}[${i}].picture`);
      if (!row.alt) missing.push(`easyRead.${language}[${i}].alt`);
    });
  }
  return missing;
}

// Assisted signing: both sign forms ask whether someone helped, and if so who and how they know the signer.
export const helperRelations = ["support_worker", "family", "friend", "advocate", "other"] as const;
export type HelperRelation = (typeof helperRelations)[number];
