import { z } from "zod";

// Delivery of a campaign's pack, and the responses that come back. Messages are translation keys.

export const COVERING_MESSAGE_MAX = 10_000;
export const RESPONSE_TEXT_MAX = 20_000;

/** A record's id as a form sends it (text), given to the service as a number. */
const id = (error: string) =>
  z
    .string({ error })
    .regex(/^[1-9]\d{0,14}$/, error)
    .transform(Number);

/** A calendar date as `<input type="date">` sends it, that exists and is not in the future. */
const pastDate = ({ required, invalid, future }: { required: string; invalid: string; future: string }) =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .regex(/^\d{4}-\d{2}-\d{2}$/, invalid)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, invalid)
    .refine((value) => value <= new Date().toISOString().slice(0, 10), future);

/** Send the pack by email: the covering message and the recipients ticked. */
export const SendDeliverySchema = z.object({
  intent: z.literal("send"),
  message: z
    .string({ error: "delivery.errors.messageRequired" })
    .trim()
    .min(1, "delivery.errors.messageRequired")
    .max(COVERING_MESSAGE_MAX, "delivery.errors.messageTooLong"),
  recipients: z.array(id("delivery.errors.recipientsRequired"), { error: "delivery.errors.recipientsRequired" }).min(1, "delivery.errors.recipientsRequired"),
});

/** A delivery by hand or by post, recorded afterwards. */
export const ManualDeliverySchema = z.object({
  intent: z.literal("record"),
  recipientId: id("delivery.errors.recipientRequired"),
  method: z.enum(["hand", "post"], { error: "delivery.errors.methodRequired" }),
  deliveredOn: pastDate({ required: "delivery.errors.dateRequired", invalid: "delivery.errors.dateInvalid", future: "delivery.errors.dateFuture" }),
  deliveredBy: z
    .string({ error: "delivery.errors.deliveredByRequired" })
    .trim()
    .min(1, "delivery.errors.deliveredByRequired")
    .max(200, "delivery.errors.deliveredByTooLong"),
  note: z.string().trim().max(2_000, "delivery.errors.noteTooLong").optional(),
});

/** Send again a delivery whose mail failed. */
export const ResendDeliverySchema = z.object({ intent: z.literal("resend"), deliveryId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** A recipient's response; the PDF, if any, is checked apart from the fields. */
export const ResponseSchema = z.object({
  recipientId: id("delivery.errors.fromRequired"),
  receivedOn: pastDate({ required: "delivery.errors.receivedRequired", invalid: "delivery.errors.dateInvalid", future: "delivery.errors.dateFuture" }),
  body: z
    .string({ error: "delivery.errors.responseRequired" })
    .trim()
    .min(1, "delivery.errors.responseRequired")
    .max(RESPONSE_TEXT_MAX, "delivery.errors.responseTooLong"),
  /** The file input: read apart from the fields and checked by its content in the service. */
  pdf: z.unknown().optional(),
});

/** The token in a download or unsubscribe link. */
export const UnsubscribeTokenSchema = z.string().regex(/^\d{1,15}-[A-Za-z0-9_-]{43}$/);

export type SendDeliveryInput = z.infer<typeof SendDeliverySchema>;
export type ManualDeliveryInput = z.infer<typeof ManualDeliverySchema>;
export type ResponseInput = z.infer<typeof ResponseSchema>;
