import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { CopyButton } from "~/components/copy-button";
import { Link } from "~/components/link";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { getSharing } from "~/services/sharing.server";
import { metaT, pageTitle } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { requireUser } from "~/utils/session.server";

// A campaign's "Share and embed" page (issue 18): everything that takes the campaign elsewhere,
// for anyone who may view it in the workspace. The embed's code to copy by hand (selected on
// focus is no help to a keyboard user, so it is a plain read-only box), a preview of the embed,
// its QR codes, share image and feed per language of the campaign, and the open-data links. The
// preview and the picture load from this site's own paths (the page's policy allows only 'self').
// All of them answer only once the campaign is public; a draft's page says so.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { slug } = parseParams(params, CampaignParamsSchema);
  return getSharing({ actor: user, slug, pageLanguage: languageOf(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("sharePage.title"), data?.campaign.title);

export default function ShareAndEmbed() {
  const { published, shown, languages, data } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const several = languages.length > 1;
  const first = languages.find((l) => l.language === shown) ?? languages[0];
  return (
    <>
      <CampaignPageHeader heading={t("sharePage.title")} />
      {published ? null : (
        <p className="notice" role="status">
          {t("sharePage.draft")}
        </p>
      )}

      <h2>{t("sharePage.embedHeading")}</h2>
      <p>{t("sharePage.embedIntro")}</p>
      {languages.map((l) => (
        <div className="field" key={l.language}>
          <label htmlFor={`embed-code-${l.language}`}>{t("sharePage.snippetLabel", { language: l.name })}</label>
          <textarea id={`embed-code-${l.language}`} readOnly rows={4} value={l.snippet} spellCheck={false} dir="ltr" />
          <CopyButton text={l.snippet} label={t("sharePage.copy", { language: l.name })} copied={t("sharePage.copied")} failed={t("sharePage.copyFailed")} />
        </div>
      ))}
      <p>{t("sharePage.oembedNote")}</p>
      {published ? (
        <>
          <h3>{t("sharePage.preview")}</h3>
          <iframe src={first.embedPath} title={t("sharePage.previewTitle")} width={400} height={220} />
        </>
      ) : null}

      {languages.map((l) => (
        <section key={l.language} aria-labelledby={`share-${l.language}`}>
          <h2 id={`share-${l.language}`} lang={several ? l.language : undefined}>
            {several ? l.name : t("sharePage.qrHeading")}
          </h2>
          <p>
            {t("sharePage.address")}: <a href={l.page}>{l.page}</a>
          </p>
          {several ? <h3>{t("sharePage.qrHeading")}</h3> : null}
          <p>{t("sharePage.qrIntro")}</p>
          {published ? <img src={l.qrSvgPath} alt={t("sharePage.qrAlt", { url: l.page })} width={160} height={160} /> : null}
          <ul>
            <li>
              <a href={l.qrSvg}>{t("sharePage.qrSvg", { language: l.name })}</a>
            </li>
            <li>
              <a href={l.qrPng}>{t("sharePage.qrPng", { language: l.name })}</a>
            </li>
            <li>
              <a href={l.shareImage}>{t("sharePage.shareImage", { language: l.name })}</a>
            </li>
            <li>
              <a href={l.feed}>{t("sharePage.feed", { language: l.name })}</a>
            </li>
          </ul>
        </section>
      ))}

      <h2>{t("sharePage.dataHeading")}</h2>
      <p>{t("sharePage.dataIntro")}</p>
      <ul>
        <li>
          <a href={data.json}>{t("sharePage.json")}</a>
        </li>
        <li>
          <a href={data.signaturesJson}>{t("sharePage.signaturesJson")}</a>
        </li>
        <li>
          <a href={data.signaturesCsv}>{t("sharePage.signaturesCsv")}</a>
        </li>
        <li>
          <Link to="/api">{t("sharePage.api")}</Link>
        </li>
      </ul>
    </>
  );
}
