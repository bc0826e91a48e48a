import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { SignatureSchema } from "~/schemas/signature";
import { HONEYPOT_FIELD } from "~/utils/honeypot";
import { AssistedSigning } from "./assisted-signing";
import { ErrorSummary, useErrorSummary } from "./error-summary";
import { Checkbox, Radios, TextField } from "./form-fields";
import { PrivacyNote } from "./privacy-note";

export function SignForm({
  slug,
  letterTextId,
  lastResult,
}: {
  slug: string;
  letterTextId: number;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "sign",
    lastResult,
    defaultValue: { signerType: "individual", helped: "no" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignatureSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });

  const order = ["name", "email", "signerType", "organisation", "role", "location", "comment", "helped", "helperName", "helperRelation"] as const;
  const summary = useErrorSummary(form, order.map((name) => fields[name]));

  return (
    <Form method="post" action={`/c/${slug}/sign`} {...getFormProps(form)} noValidate>
      <ErrorSummary errors={summary} />
      <input type="hidden" name="letterTextId" value={letterTextId} />
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="sign-website">{t("sign.honeypot")}</label>
        <input id="sign-website" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <TextField meta={fields.name} label={t("sign.name")} autoComplete="name" />
      <TextField meta={fields.email} label={t("sign.email")} hint={t("sign.emailHint")} type="email" autoComplete="email" />
      <Radios
        meta={fields.signerType}
        legend={t("sign.signerType")}
        options={[
          { value: "individual", label: t("sign.signerTypeIndividual") },
          { value: "professional", label: t("sign.signerTypeProfessional") },
          { value: "organisation", label: t("sign.signerTypeOrganisation") },
        ]}
      />
      <TextField meta={fields.organisation} label={t("sign.organisation")} hint={t("sign.organisationHint")} autoComplete="organization" />
      <TextField meta={fields.role} label={t("sign.role")} autoComplete="organization-title" />
      <TextField meta={fields.location} label={t("sign.location")} hint={t("sign.locationHint")} autoComplete="address-level2" />
      <TextField meta={fields.comment} label={t("sign.comment")} hint={t("sign.commentHint")} multiline />
      <Checkbox meta={fields.showName} label={t("sign.showName")} />
      <Checkbox meta={fields.updates} label={t("sign.updates")} />
      <AssistedSigning helped={fields.helped} helperName={fields.helperName} helperRelation={fields.helperRelation} />
      <PrivacyNote />
      <button type="submit" className="button">
        {t("sign.submit")}
      </button>
    </Form>
  );
}
