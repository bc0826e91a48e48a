import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmationPage } from "~/components/confirmation-page";
import { getT } from "~/i18n";
import { getSigningContext } from "~/services/campaigns.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";

export async function loader({ params }: LoaderFunctionArgs) {
  const { campaign } = await getSigningContext({ slug: parseParams(params, CampaignParamsSchema).slug });
  return { campaign: { slug: campaign.slug, title: campaign.title } };
}

export const meta: MetaFunction = () => {
  const t = getT();
  return [{ title: `${t("support.revise.doneTitle")} – ${t("site.name")}` }];
};

export default function SupportLetterRevised() {
  const { campaign } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return <ConfirmationPage title={t("support.revise.doneTitle")} lead={t("support.revise.doneBody")} back={{ to: `/c/${campaign.slug}`, label: t("support.form.back") }} />;
}
