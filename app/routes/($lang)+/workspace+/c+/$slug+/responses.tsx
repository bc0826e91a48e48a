import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Select, TextField } from "~/components/form-fields";
import { type MessageKey } from "~/i18n";
import { ResponseSchema } from "~/schemas/delivery";
import { requireDeliverableCampaign } from "~/services/delivery.server";
import { replyWithError } from "~/utils/domain-error";
import { getResponsesPage, recordResponse } from "~/services/responses.server";
import { requireUser } from "~/utils/session.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { discardPdf, type PdfUpload, readFormWithPdf } from "~/utils/uploads.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { readDone, redirectDone } from "~/utils/done.server";
import { metaT, pageTitle } from "~/utils/meta";

const pdfProblems: Partial<Record<PdfUpload["status"], string>> = {
  empty: "delivery.errors.pdfEmpty",
  tooLarge: "delivery.errors.pdfTooLarge",
  notPdf: "delivery.errors.pdfNotPdf",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getResponsesPage({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    ...page,
    campaign: { slug: page.campaign.slug, title: page.campaign.title, status: page.campaign.status },
    done: readDone(request, ["recorded"]).done,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await requireDeliverableCampaign({ user, slug }); // 404 or 403 before reading anything
  // The PDF streams to a temporary file, checked by its content; every way out below keeps or removes it.
  const { formData, pdf } = await readFormWithPdf(request, "pdf");
  const submission = parseSubmission(formData, { schema: ResponseSchema });
  const pdfProblem = pdfProblems[pdf.status];
  if (submission.status !== "success" || pdfProblem) {
    await discardPdf(pdf);
    return data({ result: submission.reply(pdfProblem ? { fieldErrors: { pdf: [pdfProblem] } } : undefined) }, { status: 400 });
  }
  try {
    await recordResponse({ user, slug, input: submission.value, pdf });
  } catch (error) {
    const { result, status } = replyWithError(submission, error, { statuses: [409] });
    return data({ result }, { status });
  }
  return redirectDone(request, `/workspace/c/${slug}/responses`, "recorded");
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("delivery.responses.title"), data?.campaign.title);

export default function Responses() {
  const { canRespond, recipients, responses, done } = useLoaderData<typeof loader>();
  const formKey = useFreshFormKey();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "response",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResponseSchema }),
    shouldValidate: "onSubmit",
  });
  const pdfErrors = fields.pdf.errors ?? [];
  const errors = useErrorSummary(form, (["recipientId", "receivedOn", "body", "pdf"] as const).map((name) => fields[name]));
  return (
    <>
      <CampaignPageHeader heading={t("delivery.responses.title")} />
      {done && !actionData ? (
        <p className="notice" role="status">
          {t("delivery.responses.done")}
        </p>
      ) : null}
      <p>{t("delivery.responses.intro")}</p>

      <h2>{t("delivery.responses.list")}</h2>
      {responses.length === 0 ? (
        <p>{t("delivery.responses.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("delivery.responses.from")}</th>
              <th scope="col">{t("delivery.responses.received")}</th>
              <th scope="col">{t("delivery.responses.mail")}</th>
            </tr>
          </thead>
          <tbody>
            {responses.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.from}
                  {r.hasPdf ? <span className="muted"> ({t("delivery.responses.withPdf")})</span> : null}
                </td>
                <td>{t("delivery.date", { date: new Date(`${r.receivedOn}T00:00:00.000Z`) })}</td>
                <td>{r.mailing === "done" ? t("delivery.responses.mailed", { count: r.mailed }) : t("delivery.responses.mailing", { count: r.mailed })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {canRespond ? (
        <Form key={formKey} method="post" encType="multipart/form-data" {...getFormProps(form)} noValidate>
          <ErrorSummary errors={errors} />
          <Select
            meta={fields.recipientId}
            label={t("delivery.responses.from")}
            options={[{ value: "", label: t("delivery.responses.choose") }, ...recipients.map((r) => ({ value: String(r.id), label: r.label }))]}
          />
          <TextField meta={fields.receivedOn} label={t("delivery.responses.receivedOn")} type="date" />
          <TextField meta={fields.body} label={t("delivery.responses.body")} hint={t("delivery.responses.bodyHint")} multiline rows={12} />
          <div className={`field${pdfErrors.length ? " field--error" : ""}`}>
            <label htmlFor={fields.pdf.id}>{t("delivery.responses.pdf")}</label>
            <p className="hint" id={`${fields.pdf.id}-hint`}>
              {t("delivery.responses.pdfHint")}
            </p>
            {pdfErrors.length ? (
              <p className="error-message" id={fields.pdf.errorId}>
                <span className="visually-hidden">{t("errors.prefix")} </span>
                {t(pdfErrors[0] as MessageKey)}
              </p>
            ) : null}
            <input
              type="file"
              id={fields.pdf.id}
              name="pdf"
              accept="application/pdf,.pdf"
              aria-invalid={pdfErrors.length ? true : undefined}
              aria-describedby={`${fields.pdf.id}-hint${pdfErrors.length ? ` ${fields.pdf.errorId}` : ""}`}
            />
          </div>
          <button type="submit" className="button">
            {t("delivery.responses.submit")}
          </button>
        </Form>
      ) : (
        <p className="notice">{t("delivery.responses.notPublic")}</p>
      )}
    </>
  );
}
