import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmationPage } from "~/components/confirmation-page";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { getEasyReadSigningContext } from "~/services/easy-read.server";
import { titled } from "~/utils/meta";
import { parseParams } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign } = await getEasyReadSigningContext({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
  return { campaign: { slug: campaign.slug } };
}

export const meta = titled("checkEmail.title");

export default function EasyReadCheckEmail() {
  const { campaign } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <ConfirmationPage title={t("checkEmail.title")} lead={t("checkEmail.body")} back={{ to: `/c/${campaign.slug}/easy-read`, label: t("easyRead.backToEasyRead") }}>
      <p>
        <strong>{t("checkEmail.notCounted")}</strong>
      </p>
      <p>{t("checkEmail.noEmail")}</p>
    </ConfirmationPage>
  );
}
