import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction} from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { CampaignDashboard } from "~/components/dashboard";
import { StatusActions } from "~/components/status-actions";
import { requireCampaignAccess } from "~/services/access.server";
import { getCampaignDashboard } from "~/services/dashboard.server";
import { countSupportLettersAwaitingReview } from "~/services/support-moderation.server";
import {
  availableActions,
  changeCampaignStatus,
  getStatusHistory,
  isReviewRequired,
} from "~/services/campaign-editing.server";
import type { CampaignStatus } from "~/utils/db.server";
import { refusal } from "~/utils/domain-error";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { When } from "~/components/when";
import { redirectInLanguage } from "~/utils/redirect.server";
import type { MessageKey } from "~/i18n";

const StatusChangeSchema = z.object({
  action: z.enum(["publish", "submit", "approve", "sendBack", "close", "reopen", "markDelivered", "archive"]),
  reason: z.string().trim().max(500).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, may } = await requireCampaignAccess({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug, need: "view" });
  const [history, dashboard, reviewRequired, supportLettersAwaitingReview] = await Promise.all([
    getStatusHistory({ campaignId: campaign.id }),
    getCampaignDashboard({ campaign, withEmails: may.seeSignerEmails }),
    isReviewRequired(),
    countSupportLettersAwaitingReview({ campaign }),
  ]);
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    actions: availableActions({ status: campaign.status, may, reviewRequired }).map((a) => a.action),
    history,
    dashboard,
    supportLettersAwaitingReview,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await requireCampaignAccess({ actor: user, slug, need: "view" });
  const parsed = StatusChangeSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: { key: "campaignAdmin.notPossible" as MessageKey, values: {} } }, { status: 400 });
  try {
    await changeCampaignStatus({ user, slug, action: parsed.data.action, reason: parsed.data.reason || undefined });
  } catch (error) {
    const { key, values } = refusal(error);
    return data({ error: { key, values } }, { status: 409 });
  }
  return redirectInLanguage(request, `/workspace/c/${slug}`);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${data?.campaign.title ?? ""} – ${t("site.name")}` }];
};

export default function WorkspaceCampaign() {
  const { campaign, actions, history, dashboard, supportLettersAwaitingReview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const status = (s: CampaignStatus) => t(`workspace.statuses.${s}`);
  return (
    <>
      <CampaignPageHeader heading={campaign.title} lead={t("campaignAdmin.status", { status: status(campaign.status) })} />
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
            <When at={entry.at} style="dateTime" />:{" "}
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
