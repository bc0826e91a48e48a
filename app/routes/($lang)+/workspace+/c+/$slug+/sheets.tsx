import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Select, TextField } from "~/components/form-fields";
import { Form, useLocalePath } from "~/components/link";
import { When } from "~/components/when";
import { useFormat } from "~/i18n/format";
import { sheetLabel } from "~/schemas/paper";
import { CampaignParamsSchema } from "~/schemas/params";
import { IssueSheetsSchema, SheetRangeSchema } from "~/schemas/sheets";
import { requireCampaignAccess } from "~/services/access.server";
import { getSheetsPage, issueSheets } from "~/services/sheets.server";
import { DomainError, replyWithError } from "~/utils/domain-error";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { metaT, pageTitle } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { redirectInLanguage } from "~/utils/redirect.server";
import { readForm } from "~/utils/request.server";
import { parseSubmission } from "~/utils/submission.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getSheetsPage({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  // After printing, `?first=1&last=10` names the batch just recorded; a range that is no batch shows nothing.
  const issued = SheetRangeSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const justIssued = issued.success ? page.batches.find((b) => b.first === issued.data.first && b.last === issued.data.last) : undefined;
  return {
    campaign: { slug: page.campaign.slug, title: page.campaign.title, status: page.campaign.status },
    canIssue: page.canIssue,
    events: page.events.map((e) => ({ id: e.id, name: e.name, startsOn: e.starts_on, endsOn: e.ends_on })),
    batches: page.batches,
    justIssued: justIssued ? { first: justIssued.first, last: justIssued.last } : undefined,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await requireCampaignAccess({ actor: user, slug, need: "paper" }); // 404 or 403 before reading the form
  const submission = parseSubmission(await readForm(request), { schema: IssueSheetsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const { first, last } = await issueSheets({ user, slug, ...submission.value });
    return redirectInLanguage(request, `/workspace/c/${slug}/sheets?first=${first}&last=${last}`);
  } catch (error) {
    const field = error instanceof DomainError && error.key === "sheets.errors.eventUnknown" ? "eventId" : undefined;
    const { result, status } = replyWithError(submission, error, { field, statuses: [400, 409] });
    return data({ result }, { status });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("sheets.title"), data?.campaign.title);

export default function Sheets() {
  const { campaign, canIssue, events, batches, justIssued } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formKey = useFreshFormKey();
  const { t } = useTranslation();
  const format = useFormat();
  const localePath = useLocalePath();
  const [form, fields] = useForm({
    id: "sheets",
    lastResult: actionData?.result,
    defaultValue: { count: "10" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IssueSheetsSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, [fields.count, fields.eventId]);
  const range = (b: { first: number; last: number }) => ({ first: sheetLabel(b.first), last: sheetLabel(b.last) });
  const pdfPath = (b: { first: number; last: number }) => localePath(`/workspace/c/${campaign.slug}/sheets.pdf?first=${b.first}&last=${b.last}`);
  const dates = (e: { startsOn: string; endsOn: string }) =>
    e.startsOn === e.endsOn ? format.date(`${e.startsOn}T12:00:00Z`) : `${format.date(`${e.startsOn}T12:00:00Z`)} – ${format.date(`${e.endsOn}T12:00:00Z`)}`;
  return (
    <>
      {/* The form carries its own summary; a campaign that closed meanwhile has no form to hold it. */}
      <CampaignPageHeader heading={t("sheets.title")}>{canIssue ? null : <ErrorSummary errors={errors} />}</CampaignPageHeader>
      {justIssued && !actionData ? (
        <p className="notice" role="status">
          {t("sheets.done", range(justIssued))}{" "}
          <a href={pdfPath(justIssued)} download>
            {t("sheets.download", range(justIssued))}
          </a>
        </p>
      ) : null}
      <p>{t("sheets.intro")}</p>

      <h2>{t("sheets.printTitle")}</h2>
      {canIssue ? (
        <Form key={formKey} method="post" {...getFormProps(form)} noValidate>
          <ErrorSummary errors={errors} />
          <TextField meta={fields.count} label={t("sheets.count")} hint={t("sheets.countHint")} autoComplete="off" />
          {events.length ? (
            <Select
              meta={fields.eventId}
              label={t("sheets.event")}
              options={[{ value: "", label: t("sheets.noEvent") }, ...events.map((e) => ({ value: String(e.id), label: `${e.name} (${dates(e)})` }))]}
            />
          ) : null}
          <button type="submit" className="button">
            {t("sheets.submit")}
          </button>
        </Form>
      ) : (
        <p>{t("sheets.notOpen")}</p>
      )}

      <h2>{t("sheets.batches")}</h2>
      {batches.length === 0 ? (
        <p>{t("sheets.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("sheets.sheets")}</th>
              <th scope="col">{t("sheets.event")}</th>
              <th scope="col">{t("sheets.printedBy")}</th>
              <th scope="col">{t("sheets.when")}</th>
              <th scope="col">{t("sheets.file")}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.first}>
                <td>{t("sheets.range", range(b))}</td>
                <td>{b.event ?? t("sheets.noEventShort")}</td>
                <td>{b.issuedBy ?? ""}</td>
                <td>
                  <When at={b.issuedAt} style="dateTime" />
                </td>
                <td>
                  <a href={pdfPath(b)} download>
                    {t("sheets.download", range(b))}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
