import { z } from "zod";
import { typedLine, typedText } from "./typed-text";

// Messages are translation keys (app/i18n); the form shows them in the reader's language.

export const signerTypes = ["individual", "professional", "organisation"] as const;
export type SignerType = (typeof signerTypes)[number];

export const SignatureSchema = z
  .object({
    name: typedLine("errors.nameRequired").min(1, "errors.nameRequired").max(120, "errors.nameTooLong"),
    email: z
      .string({ error: "errors.emailRequired" })
      .trim()
      .toLowerCase()
      .max(254, "errors.emailInvalid")
      .pipe(z.email({ error: "errors.emailInvalid" })),
    signerType: z.enum(signerTypes, { error: "errors.signerTypeRequired" }),
    organisation: typedLine().max(200, "errors.organisationTooLong").optional(),
    role: typedLine().max(120, "errors.roleTooLong").optional(),
    location: typedLine("errors.locationRequired").min(1, "errors.locationRequired").max(100, "errors.locationTooLong"),
    comment: typedText().max(500, "errors.commentTooLong").optional(),
    showName: z.boolean().default(false),
    updates: z.boolean().default(false),
    letterTextId: z.coerce.number().int().positive().optional(),
  })
  // `when` lets these run even while other fields are wrong, so every problem is listed at once.
  .refine((v) => v.signerType === "individual" || Boolean(v.organisation), {
    path: ["organisation"],
    message: "errors.organisationRequired",
    when: onlyValid(["signerType", "organisation"]),
  })
  .refine((v) => v.signerType !== "professional" || Boolean(v.role), {
    path: ["role"],
    message: "errors.roleRequired",
    when: onlyValid(["signerType", "role"]),
  });

function onlyValid(fields: string[]) {
  return (payload: { issues: { path?: PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0])));
}

export type SignatureInput = z.infer<typeof SignatureSchema>;
