import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form } from "~/components/link";
import { EasyReadKioskSignatureSchema, KioskSignatureSchema } from "~/schemas/signature";
import { HONEYPOT_FIELD } from "~/utils/honeypot";
import { AssistedSigning } from "./assisted-signing";
import { ErrorSummary, useErrorSummary } from "./error-summary";
import { Checkbox, Radios, TextField } from "./form-fields";
import { PrivacyNote } from "./privacy-note";

/**
 * The sign form of an event's kiosk, where strangers sign one after another on one tablet: the
 * standard form's questions (or the Easy Read form's), the email optional, in large type. Nothing a
 * signer types may reach the next one: autocomplete is off on the form and every field, so the
 * browser neither offers what was typed before nor puts it back when someone presses Back, and the
 * form's id (so every field's) is new on every page load (`formId`, from the loader), which also
 * gives a fresh, empty form after each signature with JavaScript as without.
 */
export function KioskSignForm({
  action,
  formId,
  variant,
  letterTextId,
  lastResult,
}: {
  action: string;
  formId: string;
  variant: "standard" | "easy_read";
  letterTextId: number;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  // The Easy Read form asks a subset of the standard questions: one type of fields serves both.
  const schema = (variant === "easy_read" ? EasyReadKioskSignatureSchema : KioskSignatureSchema) as typeof KioskSignatureSchema;
  const [form, fields] = useForm({
    id: formId,
    lastResult,
    defaultValue: { signerType: "individual", helped: "no" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const order =
    variant === "easy_read"
      ? (["name", "email", "location", "signerType", "organisation", "helped", "helperName", "helperRelation"] as const)
      : (["name", "email", "signerType", "organisation", "role", "location", "comment", "helped", "helperName", "helperRelation"] as const);
  const summary = useErrorSummary(form, order.map((name) => fields[name]));

  return (
    <Form method="post" action={action} {...getFormProps(form)} noValidate autoComplete="off" className="kiosk-form">
      <ErrorSummary errors={summary} />
      <input type="hidden" name="letterTextId" value={letterTextId} />
      <div className="honeypot" aria-hidden="true">
        <label htmlFor={`${formId}-website`}>{t("sign.honeypot")}</label>
        <input id={`${formId}-website`} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <TextField meta={fields.name} label={t("sign.name")} autoComplete="off" />
      <TextField meta={fields.email} label={t("kiosk.email")} hint={t("kiosk.emailHint")} type="email" autoComplete="off" />
      {variant === "easy_read" ? (
        <>
          <TextField meta={fields.location} label={t("sign.location")} hint={t("sign.locationHint")} autoComplete="off" />
          <Radios
            meta={fields.signerType}
            legend={t("easyRead.signerType")}
            options={[
              { value: "individual", label: t("easyRead.forMyself") },
              { value: "organisation", label: t("easyRead.forOrganisation") },
            ]}
          />
          <TextField meta={fields.organisation} label={t("easyRead.organisation")} autoComplete="off" />
          <Checkbox meta={fields.showName} label={t("easyRead.showName")} />
        </>
      ) : (
        <>
          <Radios
            meta={fields.signerType}
            legend={t("sign.signerType")}
            options={[
              { value: "individual", label: t("sign.signerTypeIndividual") },
              { value: "professional", label: t("sign.signerTypeProfessional") },
              { value: "organisation", label: t("sign.signerTypeOrganisation") },
            ]}
          />
          <TextField meta={fields.organisation} label={t("sign.organisation")} hint={t("sign.organisationHint")} autoComplete="off" />
          <TextField meta={fields.role} label={t("sign.role")} autoComplete="off" />
          <TextField meta={fields.location} label={t("sign.location")} hint={t("sign.locationHint")} autoComplete="off" />
          <TextField meta={fields.comment} label={t("sign.comment")} hint={t("sign.commentHint")} multiline autoComplete="off" />
          <Checkbox meta={fields.showName} label={t("sign.showName")} />
          <Checkbox meta={fields.updates} label={t("sign.updates")} />
        </>
      )}
      <AssistedSigning helped={fields.helped} helperName={fields.helperName} helperRelation={fields.helperRelation} />
      <PrivacyNote />
      <button type="submit" className="button">
        {t("sign.submit")}
      </button>
    </Form>
  );
}
