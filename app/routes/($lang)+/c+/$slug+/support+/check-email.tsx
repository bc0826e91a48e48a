import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmationPage } from "~/components/confirmation-page";
import { titled } from "~/utils/meta";

// The campaign's slug and title, as the page after signing loads them.
export { loader } from "../check-email";
import type { loader } from "../check-email";

export const meta = titled("support.checkEmail.title");

export default function SupportLetterCheckEmail() {
  const { campaign } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <ConfirmationPage title={t("support.checkEmail.title")} lead={t("support.checkEmail.body")} back={{ to: `/c/${campaign.slug}`, label: t("support.form.back") }}>
      <p>
        <strong>{t("support.checkEmail.notSent")}</strong>
      </p>
      <p>{t("support.checkEmail.noEmail")}</p>
    </ConfirmationPage>
  );
}
