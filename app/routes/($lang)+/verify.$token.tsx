import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmationPage } from "~/components/confirmation-page";
import { LinkNotWorking } from "~/components/secret-link";
import { ShareLink } from "~/components/share-link";
import { LinkTokenSchema } from "~/schemas/link-token";
import { verifySignature } from "~/services/signing.server";
import { env } from "~/utils/env.server";
import { languageOf, localePath } from "~/i18n/paths";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = LinkTokenSchema.safeParse(params.token);
  const result = token.success ? await verifySignature({ token: token.data }) : { status: "invalid" as const };
  if (result.status === "invalid") return data({ result, shareUrl: null }, { status: 404 });
  return data({ result, shareUrl: `${env.PUBLIC_URL}${localePath(languageOf(request), `/c/${result.campaign.slug}`)}` });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const title = data?.result.status === "verified" ? t("verify.title") : t("verify.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function Verify() {
  const { result, shareUrl } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (result.status !== "verified") {
    return <LinkNotWorking title={t("verify.invalidTitle")} body={t("verify.invalidBody")} back={{ to: "/", label: t("notFound.home") }} />;
  }
  return (
    <ConfirmationPage
      title={t("verify.title")}
      lead={t("verify.body", { title: result.campaign.title })}
      back={{ to: `/c/${result.campaign.slug}`, label: t("verify.back") }}
    >
      {result.campaign.thankYou ? (
        <blockquote className="thank-you">
          <p>{result.campaign.thankYou}</p>
          <footer>{t("verify.fromCampaign")}</footer>
        </blockquote>
      ) : null}
      <p>{t("verify.countLag")}</p>
      {shareUrl ? <ShareLink url={shareUrl} /> : null}
    </ConfirmationPage>
  );
}
