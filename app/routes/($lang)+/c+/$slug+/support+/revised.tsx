import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmationPage } from "~/components/confirmation-page";
import { titled } from "~/utils/meta";

// The campaign's slug and title, as the page after signing loads them.
export { loader } from "../check-email";
import type { loader } from "../check-email";

export const meta = titled("support.revise.doneTitle");

export default function SupportLetterRevised() {
  const { campaign } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return <ConfirmationPage title={t("support.revise.doneTitle")} lead={t("support.revise.doneBody")} back={{ to: `/c/${campaign.slug}`, label: t("support.form.back") }} />;
}
