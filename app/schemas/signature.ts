import { z } from "zod";
import { helperRelations } from "./easy-read";
import { typedLine, typedText } from "./typed-text";

// Messages are translation keys (app/i18n); the form shows them in the reader's language.

export const signerTypes = ["individual", "professional", "organisation"] as const;
export type SignerType = (typeof signerTypes)[number];

/**
 * "Did someone help you sign?": asked on both sign forms. The signature is still the signer's own;
 * the helper is recorded beside it (name, and how they know the signer).
 */
const assisted = {
  helped: z.enum(["no", "yes"], { error: "errors.helpedRequired" }).default("no"),
  helperName: typedLine().max(120, "errors.helperNameTooLong").optional(),
  helperRelation: z.enum(helperRelations, { error: "errors.helperRelationRequired" }).optional(),
};

type Assisted = { helped: "no" | "yes"; helperName?: string; helperRelation?: string };
/** Who helped is asked only of someone who said they were helped. */
const helperChecks = <T extends z.ZodType<Assisted>>(schema: T) =>
  schema
    .refine((v) => v.helped === "no" || Boolean(v.helperName), {
      path: ["helperName"],
      message: "errors.helperNameRequired",
      when: onlyValid(["helped", "helperName"]),
    })
    .refine((v) => v.helped === "no" || Boolean(v.helperRelation), {
      path: ["helperRelation"],
      message: "errors.helperRelationRequired",
      when: onlyValid(["helped", "helperRelation"]),
    });

const name = typedLine("errors.nameRequired").min(1, "errors.nameRequired").max(120, "errors.nameTooLong");
const email = z
  .string({ error: "errors.emailRequired" })
  .trim()
  .toLowerCase()
  .max(254, "errors.emailInvalid")
  .pipe(z.email({ error: "errors.emailInvalid" }));
/**
 * At an event's kiosk the email is optional (conform reads an empty field as left out): with one,
 * the signature is confirmed by mail as online; without, it is counted as witnessed at the event.
 */
const optionalEmail = email.optional();
const location = typedLine("errors.locationRequired").min(1, "errors.locationRequired").max(100, "errors.locationTooLong");
const organisation = typedLine().max(200, "errors.organisationTooLong").optional();

/** The standard sign form's questions, with the email required (online) or optional (a kiosk). */
const standardSchema = <E extends typeof email | typeof optionalEmail>(email: E) => helperChecks(z
  .object({
    name,
    email,
    signerType: z.enum(signerTypes, { error: "errors.signerTypeRequired" }),
    organisation,
    role: typedLine().max(120, "errors.roleTooLong").optional(),
    location,
    comment: typedText().max(500, "errors.commentTooLong").optional(),
    showName: z.boolean().default(false),
    updates: z.boolean().default(false),
    letterTextId: z.coerce.number().int().positive().optional(),
    ...assisted,
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
  }));
export const SignatureSchema = standardSchema(email);
export const KioskSignatureSchema = standardSchema(optionalEmail);

/**
 * The Easy Read sign form asks only what it must: name, email, town, whether they sign for
 * themselves or for an organisation (and which), and whether someone helped. It is bound to the
 * Easy Read letter's text; the name is not shown publicly unless they choose it.
 */
const easyReadSchema = <E extends typeof email | typeof optionalEmail>(email: E) => helperChecks(
  z
    .object({
      name,
      email,
      location,
      signerType: z.enum(["individual", "organisation"], { error: "errors.signerTypeRequired" }),
      organisation,
      showName: z.boolean().default(false),
      letterTextId: z.coerce.number().int().positive(),
      ...assisted,
    })
    .refine((v) => v.signerType === "individual" || Boolean(v.organisation), {
      path: ["organisation"],
      message: "errors.organisationRequired",
      when: onlyValid(["signerType", "organisation"]),
    }),
);
export const EasyReadSignatureSchema = easyReadSchema(email);
export const EasyReadKioskSignatureSchema = easyReadSchema(optionalEmail);
export type EasyReadSignatureInput = z.infer<typeof EasyReadSignatureSchema>;

function onlyValid(fields: string[]) {
  return (payload: { issues: { path?: PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0])));
}

export type SignatureInput = z.infer<typeof SignatureSchema>;
/** What a signer gives at an event's kiosk, on either form: the email may be left out. */
export type KioskSignatureInput = z.infer<typeof KioskSignatureSchema> | z.infer<typeof EasyReadKioskSignatureSchema>;
