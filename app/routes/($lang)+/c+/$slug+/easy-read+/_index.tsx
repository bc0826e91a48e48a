import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EasyReadRows } from "~/components/easy-read-rows";
import { Link } from "~/components/link";
import { languageOf } from "~/i18n/paths";
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

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  return [{ title: `${t("easyRead.title", { title: data.campaign.title })} – ${t("site.name")}` }];
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
