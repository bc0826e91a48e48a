import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { Form } from "~/components/link";
import { PrivacyNote } from "~/components/privacy-note";
import { languageOf } from "~/i18n/paths";
import { EmailSchema } from "~/schemas/account";
import { requestMyDataLink } from "~/services/my-data.server";
import { titled } from "~/utils/meta";
import { myDataRateLimit } from "~/utils/rate-limit.server";
import { redirectInLanguage } from "~/utils/redirect.server";
import { getClientIp, readForm } from "~/utils/request.server";
import { parseSubmission } from "~/utils/submission.server";

const MyDataRequestSchema = z.object({ email: EmailSchema });

export async function action({ request, context }: ActionFunctionArgs) {
  // The rate limit is decided before the body is read.
  const withinRate = myDataRateLimit.take(`ip:${getClientIp(request, context.clientAddress)}`);
  const submission = parseSubmission(await readForm(request), { schema: MyDataRequestSchema });
  if (!withinRate) return data({ result: submission.reply({ formErrors: ["myData.rateLimited"] }) }, { status: 429 });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { email } = submission.value;
  // Per address too, but silently: the answer must not tell whether anything is held for it.
  if (myDataRateLimit.take(`email:${email}`)) await requestMyDataLink({ email, language: languageOf(request) });
  return redirectInLanguage(request, "/my-data/sent");
}

export const meta = titled("myData.title");

export default function MyDataRequest() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "my-data",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MyDataRequestSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, [fields.email]);
  return (
    <>
      <h1>{t("myData.title")}</h1>
      <p>{t("myData.intro")}</p>
      <p>{t("myData.how")}</p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        <TextField meta={fields.email} label={t("myData.email")} type="email" autoComplete="email" />
        <button type="submit" className="button">
          {t("myData.submit")}
        </button>
        <PrivacyNote purpose="myData" />
      </Form>
    </>
  );
}
