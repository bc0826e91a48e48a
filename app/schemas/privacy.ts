import { z } from "zod";

// Staff's privacy settings (/workspace/settings), holds on the retention run, and the CLI's
// privacy:run flags. Messages are keys in app/i18n (workspace's "privacySettings.errors", cli's).

/** Free text that may be left empty: trimmed, and empty becomes null. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? "")
    .pipe(z.string().max(max, tooLong))
    .transform((value) => value || null);

export const PrivacySettingsSchema = z.object({
  intent: z.literal("privacy"),
  retentionMonths: z
    .string({ error: "privacySettings.errors.monthsRequired" })
    .trim()
    .min(1, "privacySettings.errors.monthsRequired")
    .regex(/^\d+$/, "privacySettings.errors.monthsWhole")
    .transform(Number)
    .pipe(z.number().int().min(1, "privacySettings.errors.monthsRange").max(120, "privacySettings.errors.monthsRange")),
  controllerName: optionalText(200, "privacySettings.errors.nameTooLong"),
  controllerContact: optionalText(500, "privacySettings.errors.contactTooLong"),
});
export type PrivacySettingsInput = z.output<typeof PrivacySettingsSchema>;

export const HoldSchema = z.object({
  intent: z.literal("hold"),
  campaignId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  reason: z
    .string({ error: "privacySettings.errors.reasonRequired" })
    .trim()
    .min(1, "privacySettings.errors.reasonRequired")
    .max(500, "privacySettings.errors.reasonTooLong"),
});

export const ReleaseSchema = z.object({
  intent: z.literal("release"),
  campaignId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/** `privacy:run [--as-of YYYY-MM-DD] [--max-batches N]`. */
export const PrivacyRunArgsSchema = z.object({
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "cli.errors.asOfDate")
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "cli.errors.asOfDate")
    .optional(),
  maxBatches: z
    .string()
    .regex(/^\d+$/, "cli.errors.maxBatches")
    .transform(Number)
    .pipe(z.number().int().min(1, "cli.errors.maxBatches"))
    .optional(),
});
