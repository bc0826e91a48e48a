import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import type { SignerType } from "~/schemas/signature";

interface Signatory {
  id: number;
  name: string;
  signerType: SignerType;
  organisation: string | null;
  role: string | null;
}

export function SignatoryList({
  slug,
  signatories,
  pagination,
}: {
  slug: string;
  signatories: Signatory[];
  pagination: { page: number; pages: number };
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="signatories-title">
      <h2 id="signatories-title">{t("campaign.signatories")}</h2>
      <p className="muted">{t("campaign.signatoriesIntro")}</p>
      {signatories.length === 0 ? (
        <p>{t("campaign.noSignatories")}</p>
      ) : (
        <ul className="signatories">
          {signatories.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong>
              {[s.role, s.organisation].filter(Boolean).length ? `, ${[s.role, s.organisation].filter(Boolean).join(", ")}` : null}
              {s.signerType !== "individual" ? <span className="muted"> ({t(`campaign.signerTypes.${s.signerType}`)})</span> : null}
            </li>
          ))}
        </ul>
      )}
      {pagination.pages > 1 ? (
        <nav className="pagination" aria-label={t("campaign.signatories")}>
          {pagination.page > 1 ? (
            <Link to={`/c/${slug}?page=${pagination.page - 1}#signatories-title`}>{t("campaign.newer")}</Link>
          ) : null}
          <span>{t("campaign.pageOf", { page: pagination.page, pages: pagination.pages })}</span>
          {pagination.page < pagination.pages ? (
            <Link to={`/c/${slug}?page=${pagination.page + 1}#signatories-title`}>{t("campaign.older")}</Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
