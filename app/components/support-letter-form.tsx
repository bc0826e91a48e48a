import { type FieldMetadata, getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { PDF_FIELD, supportLetterRevisionSchema, supportLetterSchema } from "~/schemas/support-letter";
import { HONEYPOT_FIELD } from "~/utils/honeypot";
import { ErrorSummary, useErrorSummary } from "./error-summary";
import { Checkbox, FieldError, Select, TextField } from "./form-fields";
import { PrivacyNote } from "./privacy-note";

/** Every field of both forms, as conform sees them. */
interface SupportLetterFields {
  authorName: string;
  email?: string;
  role?: string;
  organisation?: string;
  country: string;
  body?: string;
  pdf?: File;
  removePdf?: boolean;
  consent: boolean;
}

export interface SupportLetterFormValues {
  authorName?: string | null;
  email?: string | null;
  role?: string | null;
  organisation?: string | null;
  country?: string | null;
  body?: string | null;
}

/**
 * The letter of support form: a new letter (`revising` absent), or the revision of one sent back,
 * which keeps its confirmed address and may keep, replace or remove its PDF. Multipart, so it
 * works without JavaScript; with it, the same schema checks the form before it is sent.
 */
export function SupportLetterForm({
  action,
  countries,
  defaultValue,
  lastResult,
  revising,
}: {
  action: string;
  countries: { value: string; label: string }[];
  defaultValue?: SupportLetterFormValues;
  lastResult?: SubmissionResult<string[]>;
  /** When revising: the size of the PDF already attached, as a sentence, or null if there is none. */
  revising?: { currentPdf: string | null };
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<SupportLetterFields>({
    id: "support-letter",
    lastResult,
    defaultValue: Object.fromEntries(Object.entries(defaultValue ?? {}).filter(([, value]) => value)),
    onValidate: ({ formData }) => {
      const file = formData.get(PDF_FIELD);
      const keptPdf = Boolean(revising?.currentPdf) && formData.get("removePdf") !== "on";
      const hasPdf = (file instanceof File && file.size > 0) || keptPdf;
      const schema = revising ? supportLetterRevisionSchema({ hasPdf }) : supportLetterSchema({ hasPdf });
      return parseWithZod(formData, { schema });
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });

  const order = ["authorName", "email", "role", "organisation", "country", "body", "pdf", "consent"] as const;
  const summary = useErrorSummary(form, order.map((name) => fields[name]));

  return (
    <Form method="post" encType="multipart/form-data" action={action} {...getFormProps(form)} noValidate>
      <ErrorSummary errors={summary} />
      {revising ? null : (
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="support-letter-website">{t("support.form.honeypot")}</label>
          <input id="support-letter-website" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
        </div>
      )}
      <TextField meta={fields.authorName} label={t("support.form.authorName")} autoComplete="name" />
      {revising ? null : (
        <TextField meta={fields.email} label={t("support.form.email")} hint={t("support.form.emailHint")} type="email" autoComplete="email" />
      )}
      <TextField meta={fields.role} label={t("support.form.role")} hint={t("support.form.roleHint")} autoComplete="organization-title" />
      <TextField meta={fields.organisation} label={t("support.form.organisation")} autoComplete="organization" />
      <Select meta={fields.country} label={t("support.form.country")} options={[{ value: "", label: t("support.form.chooseCountry") }, ...countries]} />
      <TextField meta={fields.body} label={t("support.form.body")} hint={t("support.form.bodyHint")} multiline rows={14} />
      {revising?.currentPdf ? <p>{revising.currentPdf}</p> : null}
      <FileField meta={fields.pdf} label={revising ? t("support.revise.replacePdf") : t("support.form.pdf")} hint={t("support.form.pdfHint")} />
      {revising?.currentPdf ? <Checkbox meta={fields.removePdf} label={t("support.revise.removePdf")} /> : null}
      <RequiredCheckbox meta={fields.consent} label={t("support.form.consent")} />
      <PrivacyNote />
      <button type="submit" className="button">
        {revising ? t("support.revise.submit") : t("support.form.submit")}
      </button>
    </Form>
  );
}

function FileField({ meta, label, hint }: { meta: FieldMetadata<File | undefined>; label: string; hint: string }) {
  const invalid = Boolean(meta.errors?.length);
  return (
    <div className={`field${invalid ? " field--error" : ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      <p className="hint" id={meta.descriptionId}>
        {hint}
      </p>
      <FieldError meta={meta} />
      <input
        type="file"
        id={meta.id}
        name={meta.name}
        form={meta.formId}
        accept="application/pdf,.pdf"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${meta.descriptionId} ${meta.errorId}` : meta.descriptionId}
      />
    </div>
  );
}

/** A box that must be ticked, such as consent: its message sits beside it, as on every field. */
function RequiredCheckbox({ meta, label }: { meta: FieldMetadata<boolean | undefined>; label: string }) {
  const invalid = Boolean(meta.errors?.length);
  return (
    <div className={`field${invalid ? " field--error" : ""}`}>
      <FieldError meta={meta} />
      <div className="choice">
        <input
          {...getInputProps(meta, { type: "checkbox", ariaAttributes: false })}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? meta.errorId : undefined}
        />
        <label htmlFor={meta.id}>{label}</label>
      </div>
    </div>
  );
}
