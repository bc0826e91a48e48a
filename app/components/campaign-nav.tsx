import { useLocation } from "@remix-run/react";
import { NavLink } from "~/components/link";
import { useTranslation } from "react-i18next";
import type { CampaignNeed } from "~/services/access.server";

/**
 * The pages of one campaign in the workspace, as tabs that say where you are: the current page's
 * link has aria-current="page" (NavLink sets it). Letters of support has pages of its own (each
 * letter); inside one, its tab is marked aria-current="true": the section, not the page.
 * `may` (the access policy's answer for this person) leaves out the pages they may not use.
 */
export function CampaignNav({ slug, status, may }: { slug: string; status: string; may: Record<CampaignNeed, boolean> }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const base = `/workspace/c/${slug}`;
  const links: { to: string; label: string; section?: boolean; shown?: boolean }[] = [
    { to: base, label: t("campaignAdmin.overview") },
    { to: `${base}/edit`, label: t("campaignAdmin.edit"), shown: may.edit },
    { to: `${base}/easy-read`, label: t("easyReadEditor.nav"), shown: may.edit },
    status === "draft" ? { to: `${base}/preview`, label: t("campaignAdmin.preview") } : { to: `/c/${slug}`, label: t("campaignAdmin.publicPage") },
    // A published letter is corrected by a new version; only open and closed campaigns may amend.
    { to: `${base}/amend`, label: t("versions.amend.nav"), shown: may.edit && (status === "open" || status === "closed") },
    { to: `${base}/signatures`, label: t("dashboard.search") },
    { to: `${base}/support`, label: t("supportAdmin.navLink"), section: true },
    { to: `${base}/team`, label: t("team.navLink") },
    { to: `${base}/sheets`, label: t("sheets.nav"), shown: may.paper },
    { to: `${base}/paper`, label: t("paperEntry.nav"), section: true, shown: may.paper },
    { to: `${base}/events`, label: t("events.nav") },
    { to: `${base}/share`, label: t("sharePage.nav") },
    { to: `${base}/moderation`, label: t("moderation.nav"), shown: may.moderate },
    { to: `${base}/pack`, label: t("pack.nav"), shown: may.export },
    { to: `${base}/delivery`, label: t("delivery.nav"), shown: may.deliver },
    { to: `${base}/responses`, label: t("delivery.responses.nav"), shown: may.deliver },
    { to: `${base}/webhooks`, label: t("webhooks.nav"), shown: may.manageWebhooks },
  ].filter((link) => link.shown !== false);
  return (
    <nav className="campaign-nav" aria-label={t("campaignAdmin.nav")}>
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink
              to={link.to}
              end={!link.section}
              aria-current={link.section && pathname.replace(/\/$/, "") !== link.to ? "true" : "page"}
            >
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
