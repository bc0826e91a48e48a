import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getT } from "~/i18n";
import { CampaignNav } from "~/components/campaign-nav";
import { CampaignDashboard } from "~/components/dashboard";
import { StatusActions } from "~/components/status-actions";
import { isStaff } from "~/services/workspace.server";
import { getCampaignDashboard } from "~/services/dashboard.server";
import { countSupportLettersAwaitingReview } from "~/services/support-moderation.server";
import {
  availableActions,
  CampaignStateError,
  changeCampaignStatus,
  getStatusHistory,
  isReviewRequired,
  requireCampaignForUser,
} from "~/services/campaign-editing.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";

const StatusChangeSchema = z.object({
  action: z.enum(["publish", "submit", "approve", "sendBack", "close", "reopen", "markDelivered", "archive"]),
  reason: z.string().trim().max(500).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const campaign = await requireCampaignForUser({ user, slug: params.slug ?? "" });
  const [history, dashboard, reviewRequired, supportLettersAwaitingReview] = await Promise.all([
    getStatusHistory({ campaignId: campaign.id }),
    getCampaignDashboard({ user, campaign }),
    isReviewRequired(),
    countSupportLettersAwaitingReview({ campaign }),
  ]);
  const staff = isStaff(user);
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    actions: availableActions({ status: campaign.status, staff, reviewRequired }).map((a) => a.action),
    history,
    dashboard,
    staff,
    supportLettersAwaitingReview,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = params.slug ?? "";
  await requireCampaignForUser({ user, slug });
  const parsed = StatusChangeSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "campaignAdmin.notPossible" }, { status: 400 });
  try {
    await changeCampaignStatus({ user, slug, action: parsed.data.action, reason: parsed.data.reason || undefined });
  } catch (error) {
    if (error instanceof CampaignStateError) return data({ error: error.key }, { status: 409 });
    throw error;
  }
  return redirect(`/workspace/c/${slug}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  return [{ title: `${data?.campaign.title ?? ""} – ${t("site.name")}` }];
};

export default function WorkspaceCampaign() {
  const { campaign, actions, history, dashboard, staff, supportLettersAwaitingReview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const status = (s: string) => t(`workspace.statuses.${s}`);
  return (
    <>
      <h1>{campaign.title}</h1>
      <p className="lead">{t("campaignAdmin.status", { status: status(campaign.status) })}</p>
      <CampaignNav slug={campaign.slug} status={campaign.status} staff={staff} />
      <StatusActions actions={actions} error={actionData?.error} />
      {supportLettersAwaitingReview ? (
        <p>
          <Link to={`/workspace/c/${campaign.slug}/support?state=pending`}>{t("supportAdmin.overviewSummary", { count: supportLettersAwaitingReview })}</Link>
        </p>
      ) : null}
      <CampaignDashboard dashboard={dashboard} />
      <h2>{t("campaignAdmin.history")}</h2>
      <ol className="history">
        {history.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</time>:{" "}
            {entry.from
              ? t("campaignAdmin.historyChanged", { from: status(entry.from), to: status(entry.to), by: entry.by ?? t("campaignAdmin.system") })
              : t("campaignAdmin.historyCreated", { by: entry.by ?? t("campaignAdmin.system") })}
            {entry.reason ? ` ${t("campaignAdmin.reason", { reason: entry.reason })}` : null}
          </li>
        ))}
      </ol>
    </>
  );
}
