import { z } from "zod";
import { EasyReadSchema } from "./easy-read";

// A correction to the letter of an open or closed campaign: the new text and why it changed.
// Messages are translation keys (app/i18n, `versions.errors`).

/**
 * Browsers send a textarea's line breaks as CRLF; the text is stored with LF only, so the same
 * words always give the same SHA-256 and an unchanged letter is recognised as unchanged.
 */
export const normaliseLetterBody = (body: string) => body.replace(/\r\n?/g, "\n").trim();

const letterBody = z
  .string({ error: "versions.errors.bodyRequired" })
  .transform(normaliseLetterBody)
  // conform turns an empty result back into undefined, hence the message on the inner string too.
  .pipe(z.string({ error: "versions.errors.bodyRequired" }).min(1, "versions.errors.bodyRequired").max(50_000, "versions.errors.bodyTooLong"));

/**
 * The corrected letter in each of the campaign's languages (`body.cy`, `body.en`): a correction
 * makes a new version of every one. With `easyReadForm` (the page's form has Easy Read rows),
 * `easyRead` is each language's Easy Read letter as corrected, none left meaning none; without
 * it the Easy Read letters are carried over as they are.
 */
export const AmendLetterSchema = z.object({
  body: z.object({ en: letterBody.optional(), cy: letterBody.optional() }, { error: "versions.errors.bodyRequired" }),
  easyRead: EasyReadSchema.optional(),
  easyReadForm: z.literal("1").optional(),
  reason: z
    .string({ error: "versions.errors.reasonRequired" })
    .trim()
    .min(1, { message: "versions.errors.reasonRequired", abort: true })
    .min(5, "versions.errors.reasonTooShort")
    .max(500, "versions.errors.reasonTooLong"),
});

export type AmendLetterInput = z.infer<typeof AmendLetterSchema>;
