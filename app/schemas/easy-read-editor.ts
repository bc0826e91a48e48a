import { z } from "zod";
import { EasyReadSchema } from "./easy-read";

// The forms that write Easy Read letters (the editor of a draft's Easy Read letter, and the
// amendment of an open one) and the settings form for the writing aid's lists of hard words.
// Messages are translation keys (app/i18n, `easyReadErrors`).

/** The Easy Read editor's fields: `easyRead.en[0].text`, `easyRead.en[0].picture`, `easyRead.en[0].alt`… */
export const EasyReadEditorSchema = z.object({ easyRead: EasyReadSchema.optional() });
export type EasyReadEditorInput = z.infer<typeof EasyReadEditorSchema>;

/** Where a chosen or uploaded picture goes: a row of a language as the row picker names it ("cy.2"), or a new row at its end ("cy.new"). */
export const PictureTargetSchema = z
  .string()
  .regex(/^(en|cy)\.(\d{1,2}|new)$/)
  .transform((value) => {
    const [language, index] = value.split(".");
    return { language: language as "en" | "cy", index: index === "new" ? ("new" as const) : Number(index) };
  });

/** A search of the picture library: a few words. */
export const PictureQuerySchema = z.string().trim().max(100).catch("");

/** A language's list of hard words, as staff type it: a word or phrase a line. */
export const HardWordsSchema = z.object({
  language: z.enum(["en", "cy"], { error: "easyReadErrors.hardWordsLanguage" }),
  words: z
    .string({ error: "easyReadErrors.hardWordsRequired" })
    .max(20_000, "easyReadErrors.hardWordsTooLong"),
});
