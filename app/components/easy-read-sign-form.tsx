import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form } from "~/components/link";
import { EasyReadSignatureSchema } from "~/schemas/signature";
import { HONEYPOT_FIELD } from "~/utils/honeypot";
import { AssistedSigning } from "./assisted-signing";
import { ErrorSummary, useErrorSummary } from "./error-summary";
import { Checkbox, Radios, TextField } from "./form-fields";
import { PrivacyNote } from "./privacy-note";

/** The Easy Read sign form: only what it must ask, each question with room around it. */
export function EasyReadSignForm({ slug, letterTextId, lastResult }: { slug: string; letterTextId: number; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "sign",
    lastResult,
    defaultValue: { signerType: "individual", helped: "no" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EasyReadSignatureSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const order = ["name", "email", "location", "signerType", "organisation", "helped", "helperName", "helperRelation"] as const;
  const summary = useErrorSummary(form, order.map((name) => fields[name]));

  return (
    <Form method="post" action={`/c/${slug}/easy-read/sign`} {...getFormProps(form)} noValidate>
      <ErrorSummary errors={summary} />
      <input type="hidden" name="letterTextId" value={letterTextId} />
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="sign-website">{t("sign.honeypot")}</label>
        <input id="sign-website" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <TextField meta={fields.name} label={t("sign.name")} autoComplete="name" />
      <TextField meta={fields.email} label={t("sign.email")} hint={t("sign.emailHint")} type="email" autoComplete="email" />
      <TextField meta={fields.location} label={t("sign.location")} hint={t("sign.locationHint")} autoComplete="address-level2" />
      <Radios
        meta={fields.signerType}
        legend={t("easyRead.signerType")}
        options={[
          { value: "individual", label: t("easyRead.forMyself") },
          { value: "organisation", label: t("easyRead.forOrganisation") },
        ]}
      />
      <TextField meta={fields.organisation} label={t("easyRead.organisation")} autoComplete="organization" />
      <Checkbox meta={fields.showName} label={t("easyRead.showName")} />
      <AssistedSigning helped={fields.helped} helperName={fields.helperName} helperRelation={fields.helperRelation} />
      <PrivacyNote />
      <button type="submit" className="button">
        {t("sign.submit")}
      </button>
    </Form>
  );
}
