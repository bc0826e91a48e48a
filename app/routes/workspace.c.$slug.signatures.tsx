import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SignatureTable } from "~/components/dashboard";
import { getT } from "~/i18n";
import { requireCampaignForUser } from "~/services/campaign-editing.server";
import { searchCampaignSignatures } from "~/services/dashboard.server";
import { isStaff } from "~/services/workspace.server";
import { requireUser } from "~/utils/session.server";

const QuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const campaign = await requireCampaignForUser({ user, slug: params.slug ?? "" });
  const { q, page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const results = await searchCampaignSignatures({ user, campaign, q: q || undefined, page });
  return { campaign: { slug: campaign.slug, title: campaign.title }, q: q ?? "", page, staff: isStaff(user), ...results };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  return [{ title: `${t("dashboard.search")}: ${data?.campaign.title ?? ""} – ${t("site.name")}` }];
};

export default function SearchSignatures() {
  const { campaign, q, page, staff, rows, hasMore } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to={`/workspace/c/${campaign.slug}`}>{t("campaignAdmin.backToCampaign")}</Link>
      </p>
      <h1>{t("dashboard.search")}</h1>
      <p className="lead">{campaign.title}</p>
      <Form method="get" role="search" className="field">
        <label htmlFor="q">{staff ? t("dashboard.searchLabelStaff") : t("dashboard.searchLabel")}</label>
        <div className="button-row">
          <input id="q" name="q" type="search" defaultValue={q} />
          <button type="submit" className="button">
            {t("dashboard.searchSubmit")}
          </button>
        </div>
      </Form>
      <SignatureTable rows={rows} />
      {hasMore ? (
        <p>
          <Link to={`?${new URLSearchParams({ q, page: String(page + 1) })}`}>{t("dashboard.more")}</Link>
        </p>
      ) : null}
    </>
  );
}
