import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { z } from "zod";
import { SignatureTable } from "~/components/dashboard";
import { ErrorSummary } from "~/components/error-summary";
import { ModerationTable, reasonFieldId } from "~/components/moderation";
import { type MessageKey } from "~/i18n";
import { SignatureModerationSchema } from "~/schemas/moderation";
import { requireCampaignAccess } from "~/services/access.server";
import { searchCampaignSignatures } from "~/services/dashboard.server";
import { invalidateSignature, setSignatureVisibility } from "~/services/moderation.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { metaT, pageTitle } from "~/utils/meta";

const QuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "view" });
  const { q, page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const results = await searchCampaignSignatures({ campaign, withEmails: may.seeSignerEmails, q: q || undefined, page });
  return { campaign: { slug: campaign.slug, title: campaign.title }, q: q ?? "", page, staff: may.moderate, ...results };
}

/** Staff moderation of one signature: hide or show its name or comment, or invalidate it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "moderate" });
  const submission = parseSubmission(await readForm(request), { schema: SignatureModerationSchema });
  if (submission.status !== "success") {
    const reasonError = submission.error?.reason?.[0];
    const signatureId = Number(submission.payload.signatureId);
    return data(
      { rowError: reasonError && signatureId ? { signatureId, message: reasonError } : undefined, formError: reasonError ? undefined : ("moderation.errors.notPossible" as const) },
      { status: 400 },
    );
  }
  const input = submission.value;
  if (input.intent === "hide") {
    await setSignatureVisibility({ user, slug: parseParams(params, CampaignParamsSchema).slug, signatureId: input.signatureId, part: input.part, hidden: input.hidden });
  } else {
    await invalidateSignature({ user, slug: parseParams(params, CampaignParamsSchema).slug, signatureId: input.signatureId, reason: input.reason });
  }
  // Back to the same search and page, where the row now shows its new state.
  const url = new URL(request.url);
  return redirect(url.pathname + url.search);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("dashboard.search"), data?.campaign.title);

export default function SearchSignatures() {
  const { q, page, staff, rows, hasMore } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const rowError = actionData?.rowError ? { ...actionData.rowError, message: t(actionData.rowError.message as MessageKey) } : undefined;
  const errors = [
    ...(actionData?.formError ? [{ message: t(actionData.formError) }] : []),
    ...(rowError ? [{ fieldId: reasonFieldId(rowError.signatureId), message: rowError.message }] : []),
  ];
  return (
    <>
      <CampaignPageHeader heading={t("dashboard.search")}>{staff ? <ErrorSummary errors={errors} /> : null}</CampaignPageHeader>
      <Form method="get" role="search" className="field">
        <label htmlFor="q">{staff ? t("dashboard.searchLabelStaff") : t("dashboard.searchLabel")}</label>
        <div className="button-row">
          <input id="q" name="q" type="search" defaultValue={q} />
          <button type="submit" className="button">
            {t("dashboard.searchSubmit")}
          </button>
        </div>
      </Form>
      {staff ? <ModerationTable rows={rows} error={rowError} /> : <SignatureTable rows={rows} />}
      {hasMore ? (
        <p>
          <Link to={`?${new URLSearchParams({ q, page: String(page + 1) })}`}>{t("dashboard.more")}</Link>
        </p>
      ) : null}
    </>
  );
}
