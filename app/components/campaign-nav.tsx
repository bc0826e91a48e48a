import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The pages of one campaign in the workspace. `staff` shows the pages only staff may use. */
export function CampaignNav({ slug, status, staff }: { slug: string; status: string; staff: boolean }) {
  const { t } = useTranslation();
  const links = [
    { to: `/workspace/c/${slug}/edit`, label: t("campaignAdmin.edit") },
    status === "draft"
      ? { to: `/workspace/c/${slug}/preview`, label: t("campaignAdmin.preview") }
      : { to: `/c/${slug}`, label: t("campaignAdmin.publicPage") },
    // A published letter is corrected by a new version; only open and closed campaigns may amend.
    ...(status === "open" || status === "closed" ? [{ to: `/workspace/c/${slug}/amend`, label: t("versions.amend.nav") }] : []),
    { to: `/workspace/c/${slug}/signatures`, label: t("dashboard.search") },
    { to: `/workspace/c/${slug}/support`, label: t("supportAdmin.navLink") },
    { to: `/workspace/c/${slug}/team`, label: t("team.navLink") },
    ...(staff
      ? [
          { to: `/workspace/c/${slug}/moderation`, label: t("moderation.nav") },
          { to: `/workspace/c/${slug}/pack`, label: t("pack.nav") },
          { to: `/workspace/c/${slug}/delivery`, label: t("delivery.nav") },
          { to: `/workspace/c/${slug}/responses`, label: t("delivery.responses.nav") },
        ]
      : []),
  ];
  return (
    <nav aria-label={t("campaignAdmin.nav")}>
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <Link to={link.to}>{link.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
