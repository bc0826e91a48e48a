import { z } from "zod";

/** An email address someone types for another person; the messages name whose address it is. */
export function emailAddressSchema({ required, invalid }: { required: string; invalid: string }) {
  return z
    .string({ error: required })
    .trim()
    .toLowerCase()
    .min(1, required)
    .max(254, invalid)
    .pipe(z.email({ error: invalid }));
}

export const InviteSchema = z.object({
  intent: z.literal("invite"),
  email: emailAddressSchema({ required: "team.errors.emailRequired", invalid: "team.errors.emailInvalid" }),
});

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The team page's other buttons: remove a co-campaigner, cancel an invitation. */
export const TeamChangeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("remove"), userId: id }),
  z.object({ intent: z.literal("cancel"), invitationId: id }),
]);

/** The token in an invitation link: 256 bits, base64url. */
