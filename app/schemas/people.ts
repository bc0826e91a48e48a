import { z } from "zod";
import { userRoles } from "./account";
import { emailAddressSchema } from "./team";

export const NewAccountSchema = z.object({
  intent: z.literal("create"),
  email: emailAddressSchema({ required: "people.errors.emailRequired", invalid: "people.errors.emailInvalid" }),
  role: z.enum(userRoles, { error: "people.errors.roleRequired" }),
});

export const RoleChangeSchema = z.object({
  intent: z.literal("role"),
  userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  role: z.enum(userRoles, { error: "people.errors.roleRequired" }),
});
