import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";

/**
 * On the campaign page: "25 letters of support from 9 countries", linking to them, and the way to
 * write one while anyone may. Nothing at all when there is neither.
 */
export function SupportLetterSummary({ slug, letters, countries, canWrite }: { slug: string; letters: number; countries: number; canWrite: boolean }) {
  const { t } = useTranslation();
  if (letters === 0 && !canWrite) return null;
  return (
    <section aria-labelledby="support-letters-title">
      <h2 id="support-letters-title">{t("support.campaignHeading")}</h2>
      {letters > 0 ? (
        <p>
          <Link to={`/c/${slug}/support`}>
            {t("support.summary", { letters: t("support.letters", { count: letters }), countries: t("support.countries", { count: countries }) })}
          </Link>
        </p>
      ) : null}
      {canWrite ? (
        <p>
          <Link to={`/c/${slug}/support/new`}>{t("support.write")}</Link>
        </p>
      ) : null}
    </section>
  );
}
