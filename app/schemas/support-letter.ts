import isoCountries from "i18n-iso-countries";
import { z } from "zod";
import { SignatureSchema } from "./signature";
import { typedLine, typedText } from "./typed-text";

// Messages are translation keys (app/i18n); the form shows them in the reader's language.

/** ISO 3166-1 alpha-2 codes: what a letter of support stores as its author's country. */
export const countryCodes: ReadonlySet<string> = new Set(Object.keys(isoCountries.getAlpha2Codes()));

export const MAX_LETTER_LENGTH = 20_000;

const optionalText = (max: number, message: string) => typedLine().max(max, message).optional();

/** A letter of support as its author writes it. */
const letterFields = {
  authorName: typedLine("support.errors.nameRequired")
    .min(1, "support.errors.nameRequired")
    .max(120, "support.errors.nameTooLong"),
  role: optionalText(200, "support.errors.roleTooLong"),
  organisation: optionalText(200, "support.errors.organisationTooLong"),
  country: z
    .string({ error: "support.errors.countryRequired" })
    .refine((code) => countryCodes.has(code), "support.errors.countryRequired"),
  // Line breaks are stored as LF, so a browser's CRLF never changes the text's fingerprint.
  body: typedText().max(MAX_LETTER_LENGTH, "support.errors.bodyTooLong").optional(),
  consent: z.boolean({ error: "support.errors.consentRequired" }).refine((v) => v, "support.errors.consentRequired"),
};

/**
 * The letter is its text, its PDF or both. `hasPdf`: whether a PDF comes with it (a new file, or
 * when revising, the one already sent). Checked even while other fields are wrong (`when`), so
 * every problem is listed at once; an absent field is not parsed at all, so this cannot sit on it.
 */
function letterOrPdf<T extends { body?: string }>(schema: z.ZodType<T>, hasPdf: boolean) {
  return schema.refine((letter) => hasPdf || Boolean(letter.body), {
    path: ["body"],
    message: "support.errors.letterRequired",
    when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === "body"),
  });
}

export function supportLetterSchema({ hasPdf }: { hasPdf: boolean }) {
  // The address is checked, trimmed and lower-cased as a signer's is.
  return letterOrPdf(z.object({ ...letterFields, email: SignatureSchema.shape.email }), hasPdf);
}

/** A revision keeps the confirmed address; it may keep, replace or remove the PDF. */
export function supportLetterRevisionSchema({ hasPdf }: { hasPdf: boolean }) {
  return letterOrPdf(z.object({ ...letterFields, removePdf: z.boolean().default(false) }), hasPdf);
}

export type SupportLetterInput = z.infer<ReturnType<typeof supportLetterSchema>>;
export type SupportLetterRevisionInput = z.infer<ReturnType<typeof supportLetterRevisionSchema>>;

/** The form field that carries the PDF. */
export const PDF_FIELD = "pdf";

/** A letter's id in an address: a positive whole number, nothing else. */
export const SupportLetterIdSchema = z.string().regex(/^[1-9]\d{0,15}$/).transform(Number);
