import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmationPage } from "~/components/confirmation-page";
import { LinkNotWorking } from "~/components/secret-link";
import { confirmSupportLetter } from "~/services/support-letters.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await confirmSupportLetter({ token: params.token ?? "" });
  return data(result, { status: result.status === "invalid" ? 404 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const title = data?.status === "confirmed" ? t("support.confirm.title") : t("support.confirm.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function ConfirmSupportLetter() {
  const result = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (result.status !== "confirmed") {
    return <LinkNotWorking title={t("support.confirm.invalidTitle")} body={t("support.confirm.invalidBody")} back={{ to: "/", label: t("notFound.home") }} />;
  }
  return (
    <ConfirmationPage
      title={t("support.confirm.title")}
      lead={t("support.confirm.body", { title: result.campaign.title })}
      back={{ to: `/c/${result.campaign.slug}`, label: t("support.form.back") }}
    >
      <p>{t("support.confirm.review")}</p>
    </ConfirmationPage>
  );
}
