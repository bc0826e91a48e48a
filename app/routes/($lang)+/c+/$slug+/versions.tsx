import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { LetterDiff } from "~/components/letter-diff";
import { getLetterVersionsPage } from "~/services/letter-versions.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { languageOf } from "~/i18n/paths";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return getLetterVersionsPage({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  return [{ title: `${t("versions.title", { title: data.campaign.title })} – ${t("site.name")}` }];
};

export default function LetterVersions() {
  const { campaign, versions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const newest = versions[0]?.number;
  return (
    <>
      <h1>{t("versions.title", { title: campaign.title })}</h1>
      <p className="lead">{t("versions.intro")}</p>
      {versions.length > 1 ? <p>{t("versions.newestFirst")}</p> : null}
      {versions.map((version) => (
        <section key={version.number} className="version" aria-labelledby={`version-${version.number}`}>
          <h2 id={`version-${version.number}`}>
            {t("versions.version", { number: version.number })}
            {version.number === newest ? ` ${t("versions.current")}` : null}
          </h2>
          <dl className="versions">
            <dt>{t("versions.date")}</dt>
            <dd>
              <time dateTime={version.createdAt}>{t("versions.dateValue", { date: new Date(version.createdAt) })}</time>
            </dd>
            <dt>{t("versions.reason")}</dt>
            <dd>{version.reason ?? t("versions.firstVersion")}</dd>
            <dt>{t("versions.fingerprint")}</dt>
            <dd>
              <code>{version.sha256}</code>
            </dd>
            {version.easyReadSha256 ? (
              <>
                <dt>{t("versions.easyReadFingerprint")}</dt>
                <dd>
                  <code>{version.easyReadSha256}</code>
                </dd>
              </>
            ) : null}
            <dt>{t("versions.signatures")}</dt>
            <dd>{t("versions.count", { count: version.signatures })}</dd>
          </dl>
          {version.diff ? (
            <>
              <h3>{t("versions.changes", { number: version.number - 1 })}</h3>
              <LetterDiff parts={version.diff} lang={campaign.language} />
            </>
          ) : null}
          <details>
            <summary>{t("versions.fullText", { number: version.number })}</summary>
            <article className="letter" lang={campaign.language} dangerouslySetInnerHTML={{ __html: version.html }} />
          </details>
        </section>
      ))}
      <p>
        <Link to={`/c/${campaign.slug}`}>{t("versions.back")}</Link>
      </p>
    </>
  );
}
