import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n";
import { getWorkspaceCampaigns, isStaff } from "~/services/workspace.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { campaigns: await getWorkspaceCampaigns({ user }), all: isStaff(user) };
}

export const meta: MetaFunction = () => {
  const t = getT();
  return [{ title: `${t("workspace.title")} – ${t("site.name")}` }];
};

export default function Workspace() {
  const { campaigns, all } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{all ? t("workspace.allTitle") : t("workspace.title")}</h1>
      <p>
        <Link to="/workspace/new" className="button">
          {t("campaignAdmin.newCampaign")}
        </Link>
      </p>
      {all ? (
        <ul>
          <li>
            <Link to="/workspace/settings">{t("workspace.settings")}</Link>
          </li>
          <li>
            <Link to="/workspace/audit">{t("workspace.audit")}</Link>
          </li>
        </ul>
      ) : null}
      {campaigns.length === 0 ? (
        <p>{t("workspace.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("workspace.campaign")}</th>
              <th scope="col">{t("workspace.status")}</th>
              <th scope="col" className="numeric">
                {t("workspace.count")}
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.slug}>
                <td>
                  <Link to={`/workspace/c/${c.slug}`}>{c.title}</Link>
                </td>
                <td>{t(`workspace.statuses.${c.status}`)}</td>
                <td className="numeric">{c.count.toLocaleString("en-GB")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
