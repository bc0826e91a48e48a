import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { Form, Link } from "~/components/link";
import { TableRegion } from "~/components/table-region";
import { useFormat } from "~/i18n/format";
import { CampaignParamsSchema } from "~/schemas/params";
import { FindSheetSchema } from "~/schemas/paper-keying";
import { requireCampaignAccess } from "~/services/access.server";
import { getPaperOverview, requireSheetNumber } from "~/services/paper.server";
import { replyWithError } from "~/utils/domain-error";
import { metaT, pageTitle } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { redirectInLanguage } from "~/utils/redirect.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { parseSubmission } from "~/utils/submission.server";

// The campaign's paper sheets, and the way to one of them by the number printed on it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "paper" });
  const overview = await getPaperOverview({ campaign });
  return { campaign: { slug: campaign.slug, title: campaign.title }, ...overview };
}

/** "Open the sheet": S-0007 or 7, if the campaign has that sheet. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "paper" });
  const submission = parseSubmission(await readForm(request), { schema: FindSheetSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const label = await requireSheetNumber({ campaign, number: submission.value.sheet });
    return redirectInLanguage(request, `/workspace/c/${campaign.slug}/paper/${label}`);
  } catch (error) {
    const { result, status } = replyWithError(submission, error, { field: "sheet", statuses: [400] });
    return data({ result }, { status });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("paperEntry.title"), data?.campaign.title);

export default function PaperSheets() {
  const { campaign, sheets, collecting } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useFormat();
  const [form, fields] = useForm({
    id: "find-sheet",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FindSheetSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, [fields.sheet]);
  return (
    <>
      <CampaignPageHeader heading={t("paperEntry.title")}>
        <ErrorSummary errors={errors} />
      </CampaignPageHeader>
      <p>{t("paperEntry.intro")}</p>
      {!collecting ? <p className="notice">{t("paperErrors.notCollecting")}</p> : null}
      <p>
        <Link to={`/workspace/c/${campaign.slug}/sheets`}>{t("paperEntry.printSheets")}</Link>
      </p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="find" />
        <TextField meta={fields.sheet} label={t("paperEntry.find")} hint={t("paperEntry.findHint")} />
        <button type="submit" className="button">
          {t("paperEntry.findSubmit")}
        </button>
      </Form>

      <h2>{t("paperEntry.sheetsTitle")}</h2>
      {sheets.length === 0 ? (
        <p>{t("paperEntry.noSheets")}</p>
      ) : (
        <TableRegion label={t("paperEntry.sheetsTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("paperEntry.columns.sheet")}</th>
                <th scope="col">{t("paperEntry.columns.event")}</th>
                <th scope="col">{t("paperEntry.columns.printed")}</th>
                <th scope="col">{t("paperEntry.columns.state")}</th>
                <th scope="col" className="numeric">
                  {t("paperEntry.columns.signatures")}
                </th>
                <th scope="col">{t("paperEntry.columns.scan")}</th>
              </tr>
            </thead>
            <tbody>
              {sheets.map((sheet) => (
                <tr key={sheet.number}>
                  <th scope="row">
                    <Link to={`/workspace/c/${campaign.slug}/paper/${sheet.label}`}>{sheet.label}</Link>
                  </th>
                  <td>{sheet.event ?? t("paperEntry.noEvent")}</td>
                  <td>{format.date(sheet.issuedAt)}</td>
                  <td>
                    {sheet.state === "keyedOnce"
                      ? t("paperEntry.states.keyedOnce", { by: sheet.firstKeyer ?? t("paperEntry.someone") })
                      : sheet.state === "disputed"
                        ? t("paperEntry.states.disputed", { count: sheet.disputed })
                        : t(`paperEntry.states.${sheet.state}`)}
                  </td>
                  <td className="numeric">{format.number(sheet.signatures)}</td>
                  <td>{sheet.hasScan ? t("paperEntry.scan.attached") : t("paperEntry.scan.notYet")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
