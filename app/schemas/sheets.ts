import { z } from "zod";

// Printing a batch of signature sheets, and asking for a batch's PDF again. Messages are translation keys.

/** The most sheets one batch (and one PDF) holds: 200 sheets are 2,000 rows, a large event's worth. */
export const MAX_SHEETS_PER_BATCH = 200;

/** The form on /workspace/c/{slug}/sheets: how many sheets, and the event they are for, if any. */
export const IssueSheetsSchema = z.object({
  count: z
    .string({ error: "sheets.errors.countRequired" })
    .trim()
    .min(1, "sheets.errors.countRequired")
    .regex(/^\d{1,6}$/, "sheets.errors.countRange")
    .transform(Number)
    .pipe(z.number().min(1, "sheets.errors.countRange").max(MAX_SHEETS_PER_BATCH, "sheets.errors.countRange")),
  eventId: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, "sheets.errors.eventUnknown")
    .transform(Number)
    .optional(),
});

/** `sheets.pdf?first=1&last=10`: a run of sheets already issued, at most a batch's worth. */
export const SheetRangeSchema = z
  .object({
    first: z.string().regex(/^[1-9]\d{0,8}$/).transform(Number),
    last: z.string().regex(/^[1-9]\d{0,8}$/).transform(Number),
  })
  .refine(({ first, last }) => last >= first && last - first < MAX_SHEETS_PER_BATCH);
