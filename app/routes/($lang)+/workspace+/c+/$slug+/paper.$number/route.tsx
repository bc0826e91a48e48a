import type { SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary } from "~/components/error-summary";
import { Link } from "~/components/link";
import { useFormat } from "~/i18n/format";
import type { MessageKey } from "~/i18n";
import { CampaignParamsSchema } from "~/schemas/params";
import { SheetNumberSchema, sheetLabel } from "~/schemas/paper";
import { PaperKeyingSchema, PaperSettleSchema } from "~/schemas/paper-keying";
import { requireCampaignAccess } from "~/services/access.server";
import { attachSheetScan, getSheetPage, keySheet, settleSheetRow } from "~/services/paper.server";
import { refusal, replyWithError } from "~/utils/domain-error";
import { readDone, redirectDone } from "~/utils/done.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { metaT, pageTitle } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { discardScan, readFormWithScan, type ScanUpload } from "~/utils/scans.server";
import { requireUser } from "~/utils/session.server";
import { parseSubmission } from "~/utils/submission.server";
import { Comparison, KeyingForm, ScanPanel } from "./ui";

// One paper sheet: typing it in (first or second entry), the two entries compared and disputed
// rows settled, and its scan beside them.

const SheetParamsSchema = CampaignParamsSchema.extend({ number: SheetNumberSchema });

/** The campaign and sheet in the address, for its team and staff (404 for anyone else, before anything is read). */
async function requireSheetAddress({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { slug, number } = parseParams(params, SheetParamsSchema);
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "paper" });
  return { user, campaign, number, path: `/workspace/c/${campaign.slug}/paper/${sheetLabel(number)}` };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, campaign, number } = await requireSheetAddress(args);
  const page = await getSheetPage({ user, campaign, number });
  return { campaign: { slug: campaign.slug, title: campaign.title }, ...page, done: readDone(args.request, ["keyed", "compared", "settled", "scan"]).done };
}

const scanProblems: Record<Exclude<ScanUpload["status"], "ok">, MessageKey> = {
  none: "paperErrors.scanNone",
  empty: "paperErrors.scanEmpty",
  tooLarge: "paperErrors.scanTooLarge",
  notScan: "paperErrors.scanNotScan",
};

type Values = Record<string, string | number>;
type ActionResult =
  | { intent: "scan"; scanError: MessageKey }
  | { intent: "settle"; row: number; result: SubmissionResult<string[]>; values?: Values }
  | { intent: "key"; result: SubmissionResult<string[]>; values?: Values };

/** Three forms: an entry of the sheet's rows, settling a disputed row, and attaching a scan. */
export async function action(args: ActionFunctionArgs) {
  const { user, campaign, number, path } = await requireSheetAddress(args);
  const { request } = args;
  const { formData, scan } = await readFormWithScan(request, "scan");
  const intent = formData.get("intent");

  if (intent === "scan") {
    if (scan.status !== "ok") return data<ActionResult>({ intent, scanError: scanProblems[scan.status] }, { status: scan.status === "tooLarge" ? 413 : 400 });
    await attachSheetScan({ user, campaign, number, scan });
    return redirectDone(request, path, "scan");
  }
  await discardScan(scan); // a file sent with another form is not kept

  if (intent === "settle") {
    const submission = parseSubmission(formData, { schema: PaperSettleSchema });
    const row = Number(formData.get("row"));
    if (submission.status !== "success") return data<ActionResult>({ intent, row, result: submission.reply() }, { status: 400 });
    try {
      await settleSheetRow({ user, campaign, number, input: submission.value });
    } catch (error) {
      // A field the service refused is marked on the form: its choice, or what was typed for it.
      const refused = refusal(error, [400, 409]);
      const field = refused.values.field ? `${refused.values.from}.${refused.values.field}` : undefined;
      const result = field ? submission.reply({ fieldErrors: { [field]: [refused.key] } }) : submission.reply({ formErrors: [refused.key] });
      return data<ActionResult>({ intent, row, result, values: refused.values }, { status: refused.status });
    }
    return redirectDone(request, path, "settled");
  }

  const submission = parseSubmission(formData, { schema: PaperKeyingSchema });
  if (submission.status !== "success") return data<ActionResult>({ intent: "key", result: submission.reply() }, { status: 400 });
  try {
    const { keying } = await keySheet({ user, campaign, number, rows: submission.value.rows });
    return redirectDone(request, path, keying === 2 ? "compared" : "keyed");
  } catch (error) {
    const { result, status, values } = replyWithError(submission, error, { statuses: [409] });
    return data<ActionResult>({ intent: "key", result, values }, { status });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) =>
  pageTitle(location, data ? metaT(location)("paperEntry.sheetTitle", { sheet: data.sheet.label }) : undefined, data?.campaign.title);

export default function PaperSheet() {
  const { campaign, sheet, keyings, mayKey, collecting, rows, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formKey = useFreshFormKey();
  const { t } = useTranslation();
  const format = useFormat();
  const base = `/workspace/c/${campaign.slug}/paper`;
  const mine = keyings.some((k) => k.mine);
  const keyResult = actionData?.intent === "key" ? actionData : undefined;
  const keyValues = keyResult?.values;
  // An entry refused where there is no form to show it on (the same person again, or the sheet
  // typed in twice meanwhile): its message goes at the top of the page.
  const refused = keyResult && (rows || mine || !mayKey) ? (keyResult.result?.error?.[""] ?? []) : [];
  return (
    <>
      <CampaignPageHeader heading={t("paperEntry.sheetTitle", { sheet: sheet.label })}>
        {refused.length ? <ErrorSummary errors={refused.map((key: string) => ({ message: t(key as MessageKey, { ...keyValues }) }))} /> : null}
      </CampaignPageHeader>
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`paperEntry.done.${done}`)}
        </p>
      ) : null}
      <p>
        <Link to={base}>{t("paperEntry.back")}</Link>
      </p>
      <p>{sheet.event ? t("paperEntry.printedFor", { date: format.date(sheet.issuedAt), event: sheet.event }) : t("paperEntry.printed", { date: format.date(sheet.issuedAt) })}</p>

      <h2>{t("paperEntry.keyingsTitle")}</h2>
      {keyings.length ? (
        <ul>
          {keyings.map((k) => (
            <li key={k.keying}>
              {t(k.via === "csv" ? "paperEntry.keyingCsv" : "paperEntry.keyingForm", { keying: k.keying, by: k.by ?? t("paperEntry.someone"), date: format.dateTime(k.at) })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("paperEntry.notKeyed")}</p>
      )}
      {!collecting && !rows ? <p className="notice">{t("paperErrors.notCollecting")}</p> : null}

      <div className={`paper-desk${sheet.scan ? " paper-desk--with-scan" : ""}`}>
        <div className="paper-desk__work">
          {rows ? (
            <Comparison
              rows={rows}
              keyings={keyings}
              settling={actionData?.intent === "settle" ? { row: actionData.row, result: actionData.result, values: actionData.values } : undefined}
            />
          ) : mine ? (
            <p className="notice">{t("paperEntry.keyedByYou")}</p>
          ) : mayKey ? (
            <KeyingForm key={formKey} second={keyings.length === 1} lastResult={keyResult?.result} values={keyValues} />
          ) : null}
        </div>
        <ScanPanel slug={campaign.slug} sheet={sheet} error={actionData?.intent === "scan" ? actionData.scanError : undefined} />
      </div>
    </>
  );
}
