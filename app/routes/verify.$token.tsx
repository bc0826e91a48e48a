import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getT } from "~/i18n";
import { verifySignature } from "~/services/signing.server";
import { env } from "~/utils/env.server";

const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

// The link's page must not be cached or leak its token through a Referer header.
const headers = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export async function loader({ params }: LoaderFunctionArgs) {
  const token = TokenSchema.safeParse(params.token);
  const result = token.success ? await verifySignature({ token: token.data }) : { status: "invalid" as const };
  if (result.status === "invalid") return data({ result, shareUrl: null }, { status: 404, headers });
  return data({ result, shareUrl: `${env.PUBLIC_URL}/c/${result.campaign.slug}` }, { headers });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  const title = data?.result.status === "verified" ? t("verify.title") : t("verify.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function Verify() {
  const { result, shareUrl } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (result.status !== "verified") {
    return (
      <>
        <h1>{t("verify.invalidTitle")}</h1>
        <p>{t("verify.invalidBody")}</p>
        <p>
          <Link to="/">{t("notFound.home")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <div className="panel">
        <h1>{t("verify.title")}</h1>
      </div>
      <p className="lead">{t("verify.body", { title: result.campaign.title })}</p>
      {result.campaign.thankYou ? (
        <blockquote className="thank-you">
          <p>{result.campaign.thankYou}</p>
          <footer>{t("verify.fromCampaign")}</footer>
        </blockquote>
      ) : null}
      <p>{t("verify.countLag")}</p>
      <p>{t("verify.share", { url: shareUrl })}</p>
      <p>
        <Link to={`/c/${result.campaign.slug}`}>{t("verify.back")}</Link>
      </p>
    </>
  );
}
