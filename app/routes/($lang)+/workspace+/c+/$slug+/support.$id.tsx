import { parseWithZod } from "@conform-to/zod/v4";
import { metaT } from "~/utils/meta";
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { type MessageKey } from "~/i18n";
import { SupportDecisionSchema, SupportLetterIdSchema } from "~/schemas/support-admin";
import { requireCampaignAccess } from "~/services/access.server";
import { decideOnSupportLetter, getSupportLetterForModeration } from "~/services/support-moderation.server";
import { refusal } from "~/utils/domain-error";
import type { SupportLetterStatus } from "~/utils/db.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { When } from "~/components/when";
import { useFormat } from "~/i18n/format";
import { readDone, redirectDone } from "~/utils/done.server";

const doneOf = { approve: "approved", sendBack: "sentBack", reject: "rejected" } as const;

/** The campaign and letter in the address, for someone who may work on the campaign; 404 otherwise. */
async function requireLetterAddress({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "view" });
  const id = SupportLetterIdSchema.safeParse(params.id);
  if (!id.success) throw new Response("Letter of support not found", { status: 404 });
  return { user, campaign, may, id: id.data };
}

export async function loader(args: LoaderFunctionArgs) {
  const { campaign, id } = await requireLetterAddress(args);
  const { letter, decisions, history } = await getSupportLetterForModeration({ campaign, id });
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    letter,
    decisions,
    history,
    done: readDone(args.request, ["approved", "sentBack", "rejected"]).done,
  };
}

type ActionResult = { intent?: "sendBack" | "reject"; result?: SubmissionResult<string[]>; error?: { key: MessageKey; state: SupportLetterStatus } };

export async function action(args: ActionFunctionArgs) {
  const { user, campaign, id } = await requireLetterAddress(args);
  const submission = parseSubmission(await readForm(args.request), { schema: SupportDecisionSchema });
  if (submission.status !== "success") {
    const intent = submission.payload.intent;
    if (intent === "sendBack" || intent === "reject") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
    return data<ActionResult>({ error: { key: "supportAdmin.errors.notPossible", state: "pending" } }, { status: 400 });
  }
  try {
    await decideOnSupportLetter({ user, campaign, id, decision: submission.value });
  } catch (error) {
    const { key, values } = refusal(error);
    return data<ActionResult>({ error: { key, state: values.state as SupportLetterStatus } }, { status: 409 });
  }
  return redirectDone(args.request, `/workspace/c/${campaign.slug}/support/${id}`, doneOf[submission.value.intent]);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${t("supportAdmin.letter.title", { name: data?.letter.author ?? "" })}: ${data?.campaign.title ?? ""} – ${t("site.name")}` }];
};

function NoteForm({ intent, required, lastResult }: { intent: "sendBack" | "reject"; required: boolean; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: intent === "sendBack" ? "send-back" : "reject",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SupportDecisionSchema }),
    shouldValidate: "onSubmit",
  });
  const note = fields.note;
  const errors = useErrorSummary({}, [note]);
  return (
    <Form method="post" {...getFormProps(form)} noValidate>
      <ErrorSummary errors={errors} />
      <input type="hidden" name="intent" value={intent} />
      <TextField
        meta={note}
        label={t(`supportAdmin.letter.${required ? "sendBackNote" : "rejectNote"}`)}
        hint={t(`supportAdmin.letter.${required ? "sendBackHint" : "rejectHint"}`)}
        multiline
        rows={5}
      />
      <button type="submit" className={`button ${intent === "reject" ? "button--warning" : "button--secondary"}`}>
        {t(`supportAdmin.letter.${intent}`)}
      </button>
    </Form>
  );
}

export default function SupportLetterReview() {
  const { campaign, letter, decisions, history, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useFormat();
  const error = actionData?.error;
  const details: [string, string | null][] = [
    [t("supportAdmin.letter.name"), letter.author],
    [t("supportAdmin.letter.role"), letter.role],
    [t("supportAdmin.letter.organisation"), letter.organisation],
    [t("supportAdmin.letter.country"), letter.country],
    [t("supportAdmin.letter.received"), format.date(letter.receivedAt)],
  ];
  return (
    <>
      <p>
        <Link to={`/workspace/c/${campaign.slug}/support`}>{t("supportAdmin.letter.backToList")}</Link>
      </p>
      <CampaignPageHeader heading={t("supportAdmin.letter.title", { name: letter.author })} />
      {error ? <ErrorSummary errors={[{ message: t(error.key, { state: t(`supportAdmin.states.${error.state}`) }) }]} /> : null}
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`supportAdmin.done.${done}`)}
        </p>
      ) : null}
      <p>
        <strong>{t("supportAdmin.letter.state")}:</strong> {t(`supportAdmin.states.${letter.state}`)}
      </p>
      {letter.note ? <p>{t("supportAdmin.letter.note", { note: letter.note })}</p> : null}
      {letter.state === "approved" ? (
        <p>
          <Link to={`/c/${campaign.slug}/support/${letter.id}`}>{t("supportAdmin.letter.publicPage")}</Link>
        </p>
      ) : null}

      <h2>{t("supportAdmin.letter.details")}</h2>
      <dl className="recipients">
        {details.map(([term, value]) =>
          value ? (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ) : null,
        )}
        <div>
          <dt>{t("supportAdmin.letter.email")}</dt>
          <dd>
            <a href={`mailto:${letter.email}`}>{letter.email}</a>
            <br />
            <span className="hint">{t("supportAdmin.letter.emailHint")}</span>
          </dd>
        </div>
      </dl>
      {letter.invited ? <p>{t("supportAdmin.letter.invitation")}</p> : null}

      <h2>{t("supportAdmin.letter.text")}</h2>
      {letter.html ? <article className="letter" dangerouslySetInnerHTML={{ __html: letter.html }} /> : <p>{t("supportAdmin.letter.noText")}</p>}
      {letter.pdfSize ? (
        <p>
          <a href={`/workspace/c/${campaign.slug}/support/${letter.id}/pdf`}>
            {t("supportAdmin.letter.pdf", { size: t(letter.pdfSize.key, { value: letter.pdfSize.value }) })}
          </a>
        </p>
      ) : null}

      <h2>{t("supportAdmin.letter.moderationTitle")}</h2>
      {letter.state === "unconfirmed" ? <p>{t("supportAdmin.letter.unconfirmed")}</p> : null}
      {letter.state !== "unconfirmed" && decisions.length === 0 ? <p>{t("supportAdmin.letter.nothingToDo")}</p> : null}
      {decisions.includes("approve") ? (
        <Form method="post">
          <input type="hidden" name="intent" value="approve" />
          <p className="hint">{t("supportAdmin.letter.approveHint")}</p>
          <button type="submit" className="button">
            {t("supportAdmin.letter.approve")}
          </button>
        </Form>
      ) : null}
      {decisions.includes("sendBack") ? (
        <NoteForm intent="sendBack" required lastResult={actionData?.intent === "sendBack" ? actionData.result : undefined} />
      ) : null}
      {decisions.includes("reject") ? (
        <NoteForm intent="reject" required={false} lastResult={actionData?.intent === "reject" ? actionData.result : undefined} />
      ) : null}

      <h2>{t("supportAdmin.letter.history")}</h2>
      <ol className="history">
        {history.map((entry) => (
          <li key={`${entry.kind}-${entry.at}`}>
            <When at={entry.at} style="dateTime" />:{" "}
            {entry.kind === "decision"
              ? t("supportAdmin.letter.historyDecision", { decision: t(`supportAdmin.letter.decisions.${entry.decision}`), by: entry.by ?? "" })
              : t(entry.kind === "received" ? "supportAdmin.letter.historyReceived" : "supportAdmin.letter.historyConfirmed")}
            {entry.kind === "decision" && entry.note ? ` ${t("supportAdmin.letter.note", { note: entry.note })}` : null}
          </li>
        ))}
      </ol>
    </>
  );
}
