import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmationPage } from "~/components/confirmation-page";
import { getSigningContext } from "~/services/campaigns.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { titled } from "~/utils/meta";
import { languageOf } from "~/i18n/paths";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign } = await getSigningContext({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
  return { campaign: { slug: campaign.slug, title: campaign.title } };
}

export const meta = titled("checkEmail.title");

export default function CheckEmail() {
  const { campaign } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <ConfirmationPage title={t("checkEmail.title")} lead={t("checkEmail.body")} back={{ to: `/c/${campaign.slug}`, label: t("checkEmail.back") }}>
      <p>
        <strong>{t("checkEmail.notCounted")}</strong>
      </p>
      <p>{t("checkEmail.noEmail")}</p>
    </ConfirmationPage>
  );
}
