import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Radios, TextField } from "~/components/form-fields";
import { AbuseRulesForm, FlaggedSignatures } from "~/components/moderation";
import { AbuseRulesSchema, BulkInvalidationSchema, bulkKinds, FlaggedSignaturesSchema } from "~/schemas/moderation";
import { requireCampaignAccess } from "~/services/access.server";
import { clearFlags, getFlaggedForReview, invalidateFlagged, invalidateInBulk, previewBulkInvalidation, updateAbuseRules } from "~/services/moderation.server";
import { replyWithError } from "~/utils/domain-error";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { readDone, readDoneCount, redirectDone } from "~/utils/done.server";
import { metaT, pageTitle } from "~/utils/meta";

const fieldNames = ["kind", "domain", "ipRange", "from", "to", "reason"] as const;
const outcomes = ["cleared", "flagsInvalidated", "rules"] as const;
/** The first message of each field a plain form's submission got wrong. */
const firstErrors = (error: Record<string, string[] | null> | null | undefined) =>
  Object.fromEntries(Object.entries(error ?? {}).flatMap(([name, messages]) => (messages?.length ? [[name, messages[0]]] : [])));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "moderate" });
  const { flagged, total, rules } = await getFlaggedForReview({ user, slug: campaign.slug });
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    done: readDoneCount(request),
    outcome: readDone(request, outcomes),
    flagged,
    total,
    rules,
  };
}

/** "Preview" counts what matches; "Invalidate N signatures" re-counts and refuses if N changed. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "moderate" });
  const slug = campaign.slug;
  const formData = await readForm(request);
  const page = `/workspace/c/${campaign.slug}/moderation`;
  const intent = formData.get("intent");

  // The flagged signatures ticked: clear them (count them), or invalidate them with a reason.
  if (intent === "clearFlags" || intent === "invalidateFlags") {
    const submission = parseSubmission(formData, { schema: FlaggedSignaturesSchema });
    if (submission.status !== "success") {
      const chosen = formData.getAll("signatureIds").map(Number).filter(Number.isSafeInteger);
      const flags = { errors: firstErrors(submission.error), chosen, reason: String(formData.get("reason") ?? "") };
      return data({ flags }, { status: 400 });
    }
    const { value } = submission;
    if (value.intent === "clearFlags") {
      const { count } = await clearFlags({ user, slug, signatureIds: value.signatureIds });
      return redirectDone(request, page, "cleared", count);
    }
    const { count } = await invalidateFlagged({ user, slug, signatureIds: value.signatureIds, reason: value.reason });
    return redirectDone(request, page, "flagsInvalidated", count);
  }

  // The campaign's rules: address ranges, and an hourly limit for one address.
  if (intent === "rules") {
    const submission = parseSubmission(formData, { schema: AbuseRulesSchema });
    if (submission.status !== "success") {
      const values = { ranges: String(formData.get("ranges") ?? ""), hourlyLimit: String(formData.get("hourlyLimit") ?? "") };
      return data({ rules: { values, errors: firstErrors(submission.error) } }, { status: 400 });
    }
    await updateAbuseRules({ user, slug, ...submission.value });
    return redirectDone(request, page, "rules");
  }

  const submission = parseSubmission(formData, { schema: BulkInvalidationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), preview: undefined, changed: undefined }, { status: 400 });
  const { criteria, reason, expected } = submission.value;
  // The confirm form sends back exactly what was typed, so it is checked by the same schema.
  const payload = Object.fromEntries(fieldNames.map((name) => [name, String(formData.get(name) ?? "")]));

  if (formData.get("intent") === "confirm" && expected !== undefined) {
    try {
      const { count } = await invalidateInBulk({ user, slug, criteria, reason, expected });
      return redirectDone(request, page, count);
    } catch (error) {
      const refused = replyWithError(submission, error, { statuses: [409] });
      const { count } = await previewBulkInvalidation({ user, slug, criteria });
      return data({ result: refused.result, preview: { count, criteria, reason, payload }, changed: refused.values }, { status: refused.status });
    }
  }
  const { count } = await previewBulkInvalidation({ user, slug, criteria });
  return data({ result: submission.reply(), preview: { count, criteria, reason, payload }, changed: undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("moderation.title"), data?.campaign.title);

export default function Moderation() {
  const { campaign, done, outcome, flagged, total, rules } = useLoaderData<typeof loader>();
  const formKey = useFreshFormKey();
  const answer = useActionData<typeof action>();
  // Each form's answer: the bulk invalidation's, the flagged signatures', or the rules'.
  const actionData = answer && "preview" in answer ? answer : undefined;
  const flagsState = answer && "flags" in answer ? answer.flags : undefined;
  const rulesState = answer && "rules" in answer ? answer.rules : undefined;
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "bulk-invalidation",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BulkInvalidationSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, fieldNames.map((name) => fields[name]), actionData?.changed);
  const preview = actionData?.preview;
  return (
    <>
      <CampaignPageHeader heading={t("moderation.title")} />
      {done !== undefined && !answer ? (
        <p className="notice" role="status">
          {t("moderation.done", { count: done })}
        </p>
      ) : null}
      {outcome.done && !answer ? (
        <p className="notice" role="status">
          {outcome.done === "rules"
            ? t("moderation.abuseRules.saved")
            : t(outcome.done === "cleared" ? "moderation.flagged.cleared" : "moderation.flagged.invalidated", { count: outcome.n ?? 0 })}
        </p>
      ) : null}
      <FlaggedSignatures key={`flagged-${formKey}`} rows={flagged} total={total} state={flagsState} />
      <h2>{t("moderation.bulkTitle")}</h2>
      <p>{t("moderation.intro")}</p>
      <p>
        <Link to={`/workspace/c/${campaign.slug}/signatures`}>{t("moderation.oneByOne")}</Link>
      </p>
      <Form key={formKey} method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        <Radios meta={fields.kind} legend={t("moderation.kind")} options={bulkKinds.map((kind) => ({ value: kind, label: t(`moderation.kinds.${kind}`) }))} />
        <TextField meta={fields.domain} label={t("moderation.domain")} hint={t("moderation.domainHint")} />
        <TextField meta={fields.ipRange} label={t("moderation.ipRange")} hint={t("moderation.ipRangeHint")} />
        <fieldset className="field">
          <legend>{t("moderation.kinds.timeWindow")}</legend>
          <p className="hint">{t("moderation.timeHint")}</p>
          <TextField meta={fields.from} label={t("moderation.from")} type="datetime-local" />
          <TextField meta={fields.to} label={t("moderation.to")} type="datetime-local" />
        </fieldset>
        <TextField meta={fields.reason} label={t("moderation.reason")} hint={t("moderation.reasonHint")} multiline rows={3} />
        <button type="submit" name="intent" value="preview" className="button button--secondary">
          {t("moderation.preview")}
        </button>
      </Form>
      {preview ? (
        <section aria-labelledby="preview-title">
          <h3 id="preview-title">{t("moderation.previewTitle")}</h3>
          <p>
            {preview.criteria.kind === "timeWindow"
              ? t("moderation.criteria.timeWindow", { from: preview.criteria.from.slice(0, 16).replace("T", " "), to: preview.criteria.to.slice(0, 16).replace("T", " ") })
              : t(`moderation.criteria.${preview.criteria.kind}`, { value: preview.criteria.kind === "domain" ? preview.criteria.domain : preview.criteria.ipRange })}
          </p>
          <p className="count" role="status">
            {preview.count ? t("moderation.matches", { count: preview.count }) : t("moderation.noMatches")}
          </p>
          {preview.count ? (
            <Form method="post">
              {Object.entries(preview.payload).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <input type="hidden" name="expected" value={preview.count} />
              <p>{t("moderation.reasonShown", { reason: preview.reason })}</p>
              <p className="hint">{t("moderation.confirmHint")}</p>
              <button type="submit" name="intent" value="confirm" className="button button--warning">
                {t("moderation.confirm", { count: preview.count })}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <AbuseRulesForm
        key={`rules-${formKey}`}
        state={rulesState ?? { values: { ranges: rules.ranges, hourlyLimit: rules.hourlyLimit === null ? "" : String(rules.hourlyLimit) } }}
      />
    </>
  );
}
