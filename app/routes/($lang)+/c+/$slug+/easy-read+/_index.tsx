import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EasyReadRows } from "~/components/easy-read-rows";
import { Link } from "~/components/link";
import { languageOf, languageOfPath, localePath } from "~/i18n/paths";
import type { loader as rootLoader } from "~/root";
import { CampaignParamsSchema } from "~/schemas/params";
import { getEasyReadPage } from "~/services/easy-read.server";
import { pictureUrl } from "~/services/pictures.server";
import { metaT } from "~/utils/meta";
import { parseParams } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await getEasyReadPage({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
  // What signing means, with the same pictures whatever the letter: a pen, an email, a helping hand.
  const pictures = { letter: pictureUrl("openmoji:2709"), to: pictureUrl("openmoji:1F3DB"), sign: pictureUrl("openmoji:270D"), email: pictureUrl("openmoji:1F4E7"), help: pictureUrl("openmoji:1F91D"), count: pictureUrl("openmoji:1F465") };
  return { ...page, pictures };
}

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, location, matches }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  const title = t("easyRead.title", { title: data.campaign.title });
  // Link previews as on the campaign's page (its meta says more), with the campaign's share picture.
  const language = languageOfPath(location.pathname);
  const publicUrl = matches.find((match) => match.id === "root")?.data?.publicUrl ?? "";
  const at = (path: string) => `${publicUrl}${localePath(language, `/c/${data.campaign.slug}${path}`)}`;
  const imageAlt = t("share.imageAlt", { title: data.campaign.title });
  return [
    { title: `${title} – ${t("site.name")}` },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: t("site.name") },
    { property: "og:url", content: at("/easy-read") },
    { property: "og:title", content: title },
    { property: "og:image", content: at("/share.png") },
    { property: "og:image:width", content: "1200" },
    { property: "og:image:height", content: "630" },
    { property: "og:image:alt", content: imageAlt },
    { property: "og:locale", content: language === "cy" ? "cy_GB" : "en_GB" },
    { name: "twitter:card", content: "summary_large_image" },
    { name: "twitter:title", content: title },
    { name: "twitter:image", content: at("/share.png") },
    { name: "twitter:image:alt", content: imageAlt },
  ];
};

export default function EasyReadPage() {
  const { campaign, rows, recipients, count, pictures } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  // The letter is in the page's language unless the campaign lacks it (an English-only campaign on /cy).
  const lang = i18n.language.startsWith(campaign.language) ? undefined : campaign.language;
  const names = recipients.map((r) => `${r.name}, ${r.title}`).join("; ");
  return (
    <>
      <p className="lead">{t("easyRead.versionName")}</p>
      <h1 lang={lang}>{campaign.title}</h1>
      <p>
        <Link to={`/c/${campaign.slug}`}>{t("easyRead.standard")}</Link>
      </p>

      <h2 id="about">{t("easyRead.aboutHeading")}</h2>
      <EasyReadRows
        labelledBy="about"
        rows={[
          { text: t("easyRead.openLetter"), src: pictures.letter, alt: "" },
          { text: t("easyRead.to", { names }), src: pictures.to, alt: "" },
        ]}
      />

      <h2 id="letter">{t("easyRead.letterHeading")}</h2>
      <EasyReadRows labelledBy="letter" lang={lang} rows={rows} />

      <h2 id="signing">{t("easyRead.signingHeading")}</h2>
      <EasyReadRows
        labelledBy="signing"
        rows={[
          { text: t("easyRead.signingMeans"), src: pictures.sign, alt: "" },
          { text: t("easyRead.emailStep"), src: pictures.email, alt: "" },
          { text: t("easyRead.help"), src: pictures.help, alt: "" },
          { text: t("easyRead.signed", { count }), src: pictures.count, alt: "" },
        ]}
      />
      {campaign.openForSigning ? (
        <p>
          <Link className="button" to={`/c/${campaign.slug}/easy-read/sign`}>
            {t("easyRead.sign")}
          </Link>
        </p>
      ) : (
        <p className="notice">{t("campaign.closed")}</p>
      )}
      <p className="attribution">
        <a href="https://openmoji.org/">{t("easyRead.attribution")}</a>
      </p>
    </>
  );
}
