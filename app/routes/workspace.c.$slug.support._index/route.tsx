import type { SubmissionResult } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CampaignNav } from "~/components/campaign-nav";
import { ErrorSummary } from "~/components/error-summary";
import { getT } from "~/i18n";
import { SupportInvitationChangeSchema, SupportInviteSchema, SupportLetterListQuerySchema, SupportModeSchema } from "~/schemas/support-admin";
import { requireCampaignForUser } from "~/services/campaign-editing.server";
import {
  cancelSupportInvitation,
  getSupportInvitations,
  getSupportLetterMode,
  inviteToWriteSupport,
  MAX_SUPPORT_REMINDERS,
  remindAllSupportInvitations,
  remindSupportInvitation,
  SUPPORT_REMINDER_INTERVAL_DAYS,
  SupportInvitationError,
  setSupportLetterMode,
} from "~/services/support-invitations.server";
import { getSupportLetterList } from "~/services/support-moderation.server";
import { isStaff } from "~/services/workspace.server";
import { env } from "~/utils/env.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { formatDate, InvitationList, InviteForm, LetterList, ModeForm } from "./ui";

const DoneSchema = z.object({
  done: z.enum(["mode", "invited", "cancelled", "reminded", "remindedAll"]).optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(100_000).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const campaign = await requireCampaignForUser({ user, slug: params.slug ?? "" });
  const searchParams = Object.fromEntries(new URL(request.url).searchParams);
  const { state, page } = SupportLetterListQuerySchema.parse(searchParams);
  const [mode, list, invitations] = await Promise.all([
    getSupportLetterMode({ slug: campaign.slug }),
    getSupportLetterList({ campaign, state, page }),
    getSupportInvitations({ campaignId: campaign.id }),
  ]);
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    staff: isStaff(user),
    mode,
    publicFormUrl: `${env.PUBLIC_URL}/c/${campaign.slug}/support/new`,
    state,
    page,
    ...list,
    invitations,
    reminders: { max: MAX_SUPPORT_REMINDERS, days: SUPPORT_REMINDER_INTERVAL_DAYS },
    ...DoneSchema.parse(searchParams),
  };
}

type ActionResult = {
  /** Which form the field errors belong to. */
  form?: "mode" | "invite";
  result?: SubmissionResult<string[]>;
  /** A button's refusal, shown at the top of the page. */
  error?: { key: string; values: Record<string, string | number> };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const campaign = await requireCampaignForUser({ user, slug: params.slug ?? "" }); // 404 before reading anything for someone else's campaign
  const back = `/workspace/c/${campaign.slug}/support`;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "mode") {
    const submission = parseSubmission(formData, { schema: SupportModeSchema });
    if (submission.status !== "success") return data<ActionResult>({ form: "mode", result: submission.reply() }, { status: 400 });
    await setSupportLetterMode({ user, campaign, mode: submission.value.mode });
    return redirect(`${back}?done=mode`);
  }
  if (intent === "invite") {
    const submission = parseSubmission(formData, { schema: SupportInviteSchema });
    if (submission.status !== "success") return data<ActionResult>({ form: "invite", result: submission.reply() }, { status: 400 });
    try {
      await inviteToWriteSupport({ user, campaign, invitee: submission.value });
    } catch (error) {
      if (!(error instanceof SupportInvitationError)) throw error;
      return data<ActionResult>({ form: "invite", result: submission.reply({ formErrors: [error.key] }) }, { status: 409 });
    }
    return redirect(`${back}?done=invited`);
  }
  const change = SupportInvitationChangeSchema.safeParse(Object.fromEntries(formData));
  if (!change.success) return data<ActionResult>({ error: { key: "supportAdmin.errors.notPossible", values: {} } }, { status: 400 });
  try {
    if (change.data.intent === "cancel") {
      await cancelSupportInvitation({ user, campaign, invitationId: change.data.invitationId });
      return redirect(`${back}?done=cancelled`);
    }
    if (change.data.intent === "remind") {
      await remindSupportInvitation({ user, campaign, invitationId: change.data.invitationId });
      return redirect(`${back}?done=reminded`);
    }
    const sent = await remindAllSupportInvitations({ user, campaign });
    return redirect(`${back}?done=remindedAll&n=${sent}`);
  } catch (error) {
    if (!(error instanceof SupportInvitationError)) throw error;
    return data<ActionResult>({ error: { key: error.key, values: error.values } }, { status: 409 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  return [{ title: `${t("supportAdmin.title")}: ${data?.campaign.title ?? ""} – ${t("site.name")}` }];
};

export default function SupportLetters() {
  const { campaign, staff, mode, publicFormUrl, state, page, counts, letters, more, invitations, reminders, done, n } = useLoaderData<typeof loader>();
  const formKey = useFreshFormKey();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const error = actionData?.error;
  const canSend = campaign.status === "open";
  return (
    <>
      <p>
        <Link to={`/workspace/c/${campaign.slug}`}>{t("campaignAdmin.backToCampaign")}</Link>
      </p>
      <h1>{t("supportAdmin.title")}</h1>
      <p className="lead">{campaign.title}</p>
      <CampaignNav slug={campaign.slug} status={campaign.status} staff={staff} />
      {error ? (
        <ErrorSummary errors={[{ message: t(error.key, { ...error.values, ...(error.values.date ? { date: formatDate(String(error.values.date)) } : {}) }) }]} />
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
