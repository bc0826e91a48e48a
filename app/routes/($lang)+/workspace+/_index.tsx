import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { mayOnSite } from "~/services/access.server";
import { getWorkspaceCampaigns } from "~/services/workspace.server";
import { requireUser } from "~/utils/session.server";
import { useFormat } from "~/i18n/format";
import { titled } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { campaigns: await getWorkspaceCampaigns({ user }), all: mayOnSite(user, "seeAllCampaigns") };
}

export const meta = titled("workspace.title");

export default function Workspace() {
  const { campaigns, all } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
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
                <td className="numeric">{format.number(c.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
