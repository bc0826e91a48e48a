import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Radios } from "~/components/form-fields";
import { Form, Link } from "~/components/link";
import { LinkNotWorking } from "~/components/secret-link";
import { endMyData, eraseMyData, previewErase } from "~/services/my-data.server";
import { metaT } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";
import { readForm } from "~/utils/request.server";
import { parseSubmission } from "~/utils/submission.server";
import { endMyDataCookie, readMyDataSession } from "./__session.server";

const EraseSchema = z.object({ withdrawApproved: z.enum(["yes", "no"], { error: "myData.erase.chooseError" }) });

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await readMyDataSession(request);
  if (!session) return data({ preview: null }, { status: 403 });
  return data({ preview: await previewErase({ email: session.email }) });
}

/** Erases everything in one transaction, ends the session, and says what was erased. */
export async function action({ request }: ActionFunctionArgs) {
  const session = await readMyDataSession(request);
  const submission = parseSubmission(await readForm(request), { schema: EraseSchema });
  if (!session) return data({ ended: true, result: undefined }, { status: 403 });
  if (submission.status !== "success") return data({ ended: false, result: submission.reply() }, { status: 400 });
  const erased = await eraseMyData({ email: session.email, withdrawApproved: submission.value.withdrawApproved === "yes" });
  await endMyData({ sessionId: session.sessionId });
  const summary = new URLSearchParams({
    signatures: String(erased.signatures),
    letters: String(erased.supportLetters),
    kept: String(erased.supportLettersKept),
    invitations: String(erased.invitations),
    account: erased.account,
  });
  return redirectInLanguage(request, `/my-data/erased?${summary}`, { headers: { "Set-Cookie": await endMyDataCookie() } });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${data?.preview ? t("myData.erase.title") : t("myData.ended.title")} – ${t("site.name")}` }];
};

export default function EraseMyData() {
  const { preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "erase",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EraseSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, [fields.withdrawApproved]);
  if (!preview || actionData?.ended) {
    return <LinkNotWorking title={t("myData.ended.title")} body={t("myData.ended.body")} back={{ to: "/my-data", label: t("myData.link.newLink") }} />;
  }
  return (
    <>
      <h1>{t("myData.erase.title")}</h1>
      <p className="lead">{t("myData.erase.lead")}</p>
      <ul>
        {preview.signatures ? <li>{t("myData.erase.signatures", { count: preview.signatures })}</li> : null}
        {preview.supportLetters ? <li>{t("myData.erase.letters", { count: preview.supportLetters })}</li> : null}
        {preview.account === "erased" ? <li>{t("myData.erase.account")}</li> : null}
        <li>{t("myData.erase.rest")}</li>
      </ul>
      {preview.account === "keptLastAdmin" ? <p>{t("myData.erase.lastAdmin")}</p> : null}
      <p>{t("myData.erase.cannotUndo")}</p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        {preview.approvedSupportLetters ? (
          <Radios
            meta={fields.withdrawApproved}
            legend={t("myData.erase.approvedQuestion")}
            options={[
              { value: "yes", label: t("myData.erase.approvedYes") },
              { value: "no", label: t("myData.erase.approvedNo") },
            ]}
          />
        ) : (
          <input type="hidden" name={fields.withdrawApproved.name} value="no" />
        )}
        <button type="submit" className="button button--warning">
          {t("myData.erase.submit")}
        </button>
      </Form>
      <p>
        <Link to="/my-data/yours">{t("myData.erase.cancel")}</Link>
      </p>
    </>
  );
}
