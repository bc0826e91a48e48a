import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getT } from "~/i18n";
import { CampaignNav } from "~/components/campaign-nav";
import { SignaturesChart, SignatureTable } from "~/components/dashboard";
import { isStaff } from "~/services/workspace.server";
import { getCampaignDashboard } from "~/services/dashboard.server";
import { CampaignStateError, changeCampaignStatus, getStatusHistory, requireCampaignForUser } from "~/services/campaign-editing.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";

const StatusChangeSchema = z.object({ to: z.enum(["open", "closed"]) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const campaign = await requireCampaignForUser({ user, slug: params.slug ?? "" });
  const [history, dashboard] = await Promise.all([getStatusHistory({ campaignId: campaign.id }), getCampaignDashboard({ user, campaign })]);
  return { campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status }, history, dashboard, staff: isStaff(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = params.slug ?? "";
  await requireCampaignForUser({ user, slug });
  const parsed = StatusChangeSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "That change is not possible." }, { status: 400 });
  try {
    await changeCampaignStatus({ user, slug, to: parsed.data.to });
  } catch (error) {
    if (error instanceof CampaignStateError) return data({ error: error.message }, { status: 409 });
    throw error;
  }
  return redirect(`/workspace/c/${slug}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  return [{ title: `${data?.campaign.title ?? ""} – ${t("site.name")}` }];
};

export default function WorkspaceCampaign() {
  const { campaign, history, dashboard, staff } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const status = (s: string) => t(`workspace.statuses.${s}`);
  return (
    <>
      <h1>{campaign.title}</h1>
      <p className="lead">{t("campaignAdmin.status", { status: status(campaign.status) })}</p>
      <CampaignNav slug={campaign.slug} status={campaign.status} staff={staff} />
      <Form method="post" className="button-row">
        {campaign.status === "draft" ? (
          <button type="submit" name="to" value="open" className="button">
            {t("campaignAdmin.publish")}
          </button>
        ) : null}
        {campaign.status === "open" ? (
          <button type="submit" name="to" value="closed" className="button button--warning">
            {t("campaignAdmin.close")}
          </button>
        ) : null}
        {campaign.status === "closed" ? (
          <button type="submit" name="to" value="open" className="button button--secondary">
            {t("campaignAdmin.reopen")}
          </button>
        ) : null}
      </Form>
      <h2>{t("dashboard.title")}</h2>
      <dl className="stats">
        <div>
          <dt>{t("dashboard.verified")}</dt>
          <dd>{dashboard.counts.verified.toLocaleString("en-GB")}</dd>
        </div>
        <div>
          <dt>{t("dashboard.pending")}</dt>
          <dd>{dashboard.counts.pending.toLocaleString("en-GB")}</dd>
        </div>
      </dl>
      <SignaturesChart perDay={dashboard.perDay} />
      <h3>{t("dashboard.byType")}</h3>
      <ul>
        {dashboard.byType.map((row) => (
          <li key={row.signerType}>
            {t(`campaign.signerTypes.${row.signerType}`)}: {row.count.toLocaleString("en-GB")}
          </li>
        ))}
      </ul>
      <h3>{t("dashboard.byVersion")}</h3>
      <ul>
        {dashboard.byVersion.map((row) => (
          <li key={row.sha256}>
            {t("dashboard.version", { number: row.version })}: {row.count.toLocaleString("en-GB")}{" "}
            <span className="muted">
              ({t("dashboard.fingerprint")} <code>{row.sha256.slice(0, 12)}…</code>)
            </span>
          </li>
        ))}
      </ul>
      <h3>{t("dashboard.latest")}</h3>
      <SignatureTable rows={dashboard.latest} />
      <h2>{t("campaignAdmin.history")}</h2>
      <ol className="history">
        {history.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</time>:{" "}
            {entry.from
              ? t("campaignAdmin.historyChanged", { from: status(entry.from), to: status(entry.to), by: entry.by ?? t("campaignAdmin.system") })
              : t("campaignAdmin.historyCreated", { by: entry.by ?? t("campaignAdmin.system") })}
          </li>
        ))}
      </ol>
    </>
  );
}
