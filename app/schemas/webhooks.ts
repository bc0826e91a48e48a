import { z } from "zod";
import { WEBHOOK_EVENTS } from "~/utils/webhook-events";

// A campaign's webhooks. Messages are translation keys (app/i18n, workspace `webhooks.*`).

/**
 * A new webhook: its URL and the events it wants (at least one). `includeEmails` is whatever the
 * form sent: the service honours it only for someone who may see signers' emails.
 */
export const WebhookSchema = z.object({
  url: z
    .string({ error: "webhooks.errors.urlRequired" })
    .trim()
    .min(1, "webhooks.errors.urlRequired")
    .max(2000, "webhooks.errors.urlTooLong")
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "webhooks.errors.urlInvalid"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: "webhooks.errors.eventsRequired" }), { error: "webhooks.errors.eventsRequired" })
    .min(1, "webhooks.errors.eventsRequired"),
  includeEmails: z.boolean().optional(),
});
export type WebhookInput = z.infer<typeof WebhookSchema>;

/** Deleting a webhook, or giving it a new secret: the buttons on each row. */
export const WebhookChangeSchema = z.object({ intent: z.enum(["delete", "rotate"]), webhookId: z.coerce.number().int().positive() });
