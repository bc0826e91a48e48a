import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CampaignNav } from "~/components/campaign-nav";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { getT } from "~/i18n";
import { SupportDecisionSchema, SupportLetterIdSchema } from "~/schemas/support-admin";
import { requireCampaignForUser } from "~/services/campaign-editing.server";
import { decideOnSupportLetter, getSupportLetterForModeration, SupportModerationError } from "~/services/support-moderation.server";
import { isStaff } from "~/services/workspace.server";
import type { SupportLetterStatus } from "~/utils/db.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { formatDate } from "./workspace.c.$slug.support._index/ui";

const DoneSchema = z.enum(["approved", "sentBack", "rejected"]).optional().catch(undefined);
const doneOf = { approve: "approved", sendBack: "sentBack", reject: "rejected" } as const;

/** The campaign and letter in the address, for someone who may work on the campaign; 404 otherwise. */
async function requireLetterAddress({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const campaign = await requireCampaignForUser({ user, slug: params.slug ?? "" });
  const id = SupportLetterIdSchema.safeParse(params.id);
  if (!id.success) throw new Response("Letter of support not found", { status: 404 });
  return { user, campaign, id: id.data };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, campaign, id } = await requireLetterAddress(args);
  const { letter, decisions, history } = await getSupportLetterForModeration({ campaign, id });
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    staff: isStaff(user),
    letter,
    decisions,
    history,
    done: DoneSchema.parse(new URL(args.request.url).searchParams.get("done") ?? undefined),
  };
}

type ActionResult = { intent?: "sendBack" | "reject"; result?: SubmissionResult<string[]>; error?: { key: string; state: SupportLetterStatus } };

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
    if (!(error instanceof SupportModerationError)) throw error;
    return data<ActionResult>({ error: { key: error.key, state: error.state } }, { status: 409 });
  }
  return redirect(`/workspace/c/${campaign.slug}/support/${id}?done=${doneOf[submission.value.intent]}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
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
  const errors = (note.errors ?? []).slice(0, 1).map((message) => ({ fieldId: note.id, message: t(message) }));
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
  const { campaign, staff, letter, decisions, history, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const error = actionData?.error;
  const details: [string, string | null][] = [
    [t("supportAdmin.letter.name"), letter.author],
    [t("supportAdmin.letter.role"), letter.role],
    [t("supportAdmin.letter.organisation"), letter.organisation],
    [t("supportAdmin.letter.country"), letter.country],
    [t("supportAdmin.letter.received"), formatDate(letter.receivedAt)],
  ];
  return (
    <>
      <p>
        <Link to={`/workspace/c/${campaign.slug}/support`}>{t("supportAdmin.letter.backToList")}</Link>
      </p>
      <h1>{t("supportAdmin.letter.title", { name: letter.author })}</h1>
      <p className="lead">{campaign.title}</p>
      <CampaignNav slug={campaign.slug} status={campaign.status} staff={staff} />
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
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</time>:{" "}
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
