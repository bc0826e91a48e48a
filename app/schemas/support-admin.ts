import { z } from "zod";
import { emailAddressSchema } from "./team";

// The workspace side of letters of support: who may write, invitations, moderation.
// Messages are translation keys (app/i18n).

export const supportLetterStates = ["unconfirmed", "pending", "sent_back", "approved", "rejected"] as const;
export const supportLetterModes = ["open", "invitation"] as const;

/**
 * Free text from a textarea, with line breaks stored as LF whatever the browser sent. Checked with
 * refinements, not a piped schema: conform would read a blank piped string as a missing one.
 */
const text = (max: number, tooLong: string, required?: string) =>
  z
    .string(required ? { error: required } : undefined)
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .refine((value) => value.length <= max, tooLong);

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const SupportModeSchema = z.object({
  intent: z.literal("mode"),
  mode: z.enum(supportLetterModes, { error: "supportAdmin.errors.modeRequired" }),
});

export const SupportInviteSchema = z.object({
  intent: z.literal("invite"),
  name: z.string().trim().max(120, "supportAdmin.errors.nameTooLong").optional(),
  email: emailAddressSchema({ required: "supportAdmin.errors.emailRequired", invalid: "supportAdmin.errors.emailInvalid" }),
  message: text(1000, "supportAdmin.errors.messageTooLong").optional(),
});

/** The invitation list's buttons. */
export const SupportInvitationChangeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel"), invitationId: id }),
  z.object({ intent: z.literal("remind"), invitationId: id }),
  z.object({ intent: z.literal("remindAll") }),
]);

/** The list's filter and page, from the address: anything odd falls back to all letters, page 1. */
export const SupportLetterListQuerySchema = z.object({
  state: z.enum(supportLetterStates).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const SupportLetterIdSchema = id;

/** A moderation decision. Sending back needs a note for the author; rejecting may have one. */
export const SupportDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({
    intent: z.literal("sendBack"),
    note: text(2000, "supportAdmin.errors.noteTooLong", "supportAdmin.errors.noteRequired").refine((note) => note.length > 0, "supportAdmin.errors.noteRequired"),
  }),
  z.object({ intent: z.literal("reject"), note: text(2000, "supportAdmin.errors.noteTooLong").optional() }),
]);

export type SupportDecision = z.infer<typeof SupportDecisionSchema>;
