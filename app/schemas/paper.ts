import { z } from "zod";

// Paper signature sheets are numbered per campaign and printed as S-0001, S-0002, …

/** "S-0007": how a sheet's number is printed, typed and named in messages. */
export const sheetLabel = (number: number) => `S-${String(number).padStart(4, "0")}`;

/** A sheet's number as a person types it: "S-0007", "s-7", "0007" or "7" are all sheet 7. */
export const SheetNumberSchema = z
  .string({ error: "paperErrors.sheetNumber" })
  .trim()
  .regex(/^(?:[sS]-?)?0*[1-9]\d{0,5}$/, "paperErrors.sheetNumber")
  .transform((v) => Number(v.replace(/^[sS]-?/, "")));
