import { z } from "zod";

export const userRoles = ["campaigner", "staff", "admin"] as const;

export const EmailSchema = z
  .string({ error: "errors.emailRequired" })
  .trim()
  .toLowerCase()
  .min(1, "errors.emailRequired")
  .max(254, "errors.emailInvalid")
  .pipe(z.email({ error: "errors.emailInvalid" }));

export const SignInSchema = z.object({ email: EmailSchema, redirectTo: z.string().optional() });

export const SignInCodeSchema = z.object({
  code: z
    .string({ error: "errors.codeRequired" })
    .trim()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "errors.codeInvalid")),
});

export const NewUserSchema = z.object({
  email: EmailSchema,
  role: z.enum(userRoles, { error: 'the role must be "campaigner", "staff" or "admin"' }),
  name: z.string().trim().max(120).optional(),
});
