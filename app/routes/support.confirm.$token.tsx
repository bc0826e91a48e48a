import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n";
import { confirmSupportLetter } from "~/services/support-letters.server";

// The link's page must not be cached or leak its token through a Referer header.
const headers = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await confirmSupportLetter({ token: params.token ?? "" });
  return data(result, { status: result.status === "invalid" ? 404 : 200, headers });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  const title = data?.status === "confirmed" ? t("support.confirm.title") : t("support.confirm.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function ConfirmSupportLetter() {
  const result = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (result.status !== "confirmed") {
    return (
      <>
        <h1>{t("support.confirm.invalidTitle")}</h1>
        <p>{t("support.confirm.invalidBody")}</p>
        <p>
          <Link to="/">{t("notFound.home")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <div className="panel">
        <h1>{t("support.confirm.title")}</h1>
      </div>
      <p className="lead">{t("support.confirm.body", { title: result.campaign.title })}</p>
      <p>{t("support.confirm.review")}</p>
      <p>
        <Link to={`/c/${result.campaign.slug}`}>{t("support.form.back")}</Link>
      </p>
    </>
  );
}
