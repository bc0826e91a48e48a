import { z } from "zod";

/** Staff's pack retention setting (/workspace/settings): how many of each campaign's newest packs keep their ZIP. */
export const PackRetentionSchema = z.object({
  intent: z.literal("packRetention"),
  keepNewest: z
    .string({ error: "packRetention.errors.required" })
    .trim()
    .min(1, "packRetention.errors.required")
    .regex(/^\d+$/, "packRetention.errors.whole")
    .transform(Number)
    .pipe(z.number().int().min(1, "packRetention.errors.range").max(100, "packRetention.errors.range")),
});
