import type { SubmissionResult } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary } from "~/components/error-summary";
import { type MessageKey } from "~/i18n";
import { SupportInvitationChangeSchema, SupportInviteSchema, SupportLetterListQuerySchema, SupportModeSchema } from "~/schemas/support-admin";
import { requireCampaignAccess } from "~/services/access.server";
import {
  cancelSupportInvitation,
  getSupportInvitations,
  getSupportLetterMode,
  inviteToWriteSupport,
  MAX_SUPPORT_REMINDERS,
  remindAllSupportInvitations,
  remindSupportInvitation,
  SUPPORT_REMINDER_INTERVAL_DAYS,
  setSupportLetterMode,
} from "~/services/support-invitations.server";
import { getSupportLetterList } from "~/services/support-moderation.server";
import { env } from "~/utils/env.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { InvitationList, InviteForm, LetterList, ModeForm } from "./ui";
import { refusal, replyWithError } from "~/utils/domain-error";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { languageOf } from "~/i18n/paths";
import { useFormat } from "~/i18n/format";
import { readDone, redirectDone } from "~/utils/done.server";
import { metaT, pageTitle } from "~/utils/meta";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "view" });
  const searchParams = Object.fromEntries(new URL(request.url).searchParams);
  const { state, page } = SupportLetterListQuerySchema.parse(searchParams);
  const [mode, list, invitations] = await Promise.all([
    getSupportLetterMode({ slug: campaign.slug }),
    getSupportLetterList({ campaign, state, page }),
    getSupportInvitations({ campaignId: campaign.id }),
  ]);
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    mode,
    publicFormUrl: `${env.PUBLIC_URL}/c/${campaign.slug}/support/new`,
    state,
    page,
    ...list,
    invitations,
    reminders: { max: MAX_SUPPORT_REMINDERS, days: SUPPORT_REMINDER_INTERVAL_DAYS },
    ...readDone(request, ["mode", "invited", "cancelled", "reminded", "remindedAll"]),
  };
}

type ActionResult = {
  /** Which form the field errors belong to. */
  form?: "mode" | "invite";
  result?: SubmissionResult<string[]>;
  /** A button's refusal, shown at the top of the page. */
  error?: { key: MessageKey; values: Record<string, string | number> };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { campaign } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "edit" }); // 404 before reading anything for someone else's campaign
  const back = `/workspace/c/${campaign.slug}/support`;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "mode") {
    const submission = parseSubmission(formData, { schema: SupportModeSchema });
    if (submission.status !== "success") return data<ActionResult>({ form: "mode", result: submission.reply() }, { status: 400 });
    await setSupportLetterMode({ user, campaign, mode: submission.value.mode });
    return redirectDone(request, back, "mode");
  }
  if (intent === "invite") {
    const submission = parseSubmission(formData, { schema: SupportInviteSchema });
    if (submission.status !== "success") return data<ActionResult>({ form: "invite", result: submission.reply() }, { status: 400 });
    try {
      await inviteToWriteSupport({ user, campaign, invitee: submission.value, language: languageOf(request) });
    } catch (error) {
      const { result, status } = replyWithError(submission, error, { statuses: [409] });
      return data<ActionResult>({ form: "invite", result }, { status });
    }
    return redirectDone(request, back, "invited");
  }
  const change = SupportInvitationChangeSchema.safeParse(Object.fromEntries(formData));
  if (!change.success) return data<ActionResult>({ error: { key: "supportAdmin.errors.notPossible", values: {} } }, { status: 400 });
  try {
    if (change.data.intent === "cancel") {
      await cancelSupportInvitation({ user, campaign, invitationId: change.data.invitationId });
      return redirectDone(request, back, "cancelled");
    }
    if (change.data.intent === "remind") {
      await remindSupportInvitation({ user, campaign, invitationId: change.data.invitationId });
      return redirectDone(request, back, "reminded");
    }
    const sent = await remindAllSupportInvitations({ user, campaign });
    return redirectDone(request, back, "remindedAll", sent);
  } catch (error) {
    const { key, values } = refusal(error);
    return data<ActionResult>({ error: { key, values } }, { status: 409 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("supportAdmin.title"), data?.campaign.title);

export default function SupportLetters() {
  const { campaign, mode, publicFormUrl, state, page, counts, letters, more, invitations, reminders, done, n } = useLoaderData<typeof loader>();
  const formKey = useFreshFormKey();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useFormat();
  const error = actionData?.error;
  const canSend = campaign.status === "open";
  return (
    <>
      <CampaignPageHeader heading={t("supportAdmin.title")} />
      {error ? (
        <ErrorSummary errors={[{ message: t(error.key, { ...error.values, ...(error.values.date ? { date: format.date(String(error.values.date)) } : {}) }) }]} />
      ) : null}
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`supportAdmin.done.${done}`, { count: n ?? 0 })}
        </p>
      ) : null}
      <p>{t("supportAdmin.intro")}</p>
      <ModeForm mode={mode} publicFormUrl={publicFormUrl} lastResult={actionData?.form === "mode" ? actionData.result : undefined} />
      <LetterList slug={campaign.slug} state={state} page={page} counts={counts} letters={letters} more={more} />
      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t("supportAdmin.invitationsTitle")}</h2>
        <p>{t("supportAdmin.invitationsIntro")}</p>
        {canSend ? (
          <>
            <p>{t("supportAdmin.remindRules", reminders)}</p>
            <InviteForm key={formKey} lastResult={actionData?.form === "invite" ? actionData.result : undefined} />
          </>
        ) : (
          <p className="notice">{t("supportAdmin.errors.campaignNotOpen")}</p>
        )}
        <InvitationList slug={campaign.slug} invitations={invitations} canSend={canSend} />
      </section>
    </>
  );
}
