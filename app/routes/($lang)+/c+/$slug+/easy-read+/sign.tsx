import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EasyReadSignForm } from "~/components/easy-read-sign-form";
import { Link } from "~/components/link";
import { languageOf } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { EasyReadSignatureSchema } from "~/schemas/signature";
import { getEasyReadSigningContext } from "~/services/easy-read.server";
import { signCampaign } from "~/services/signing.server";
import { isHoneypotFilled } from "~/utils/honeypot";
import { metaT } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { signingRateLimit } from "~/utils/rate-limit.server";
import { redirectInLanguage } from "~/utils/redirect.server";
import { getClientIp, readForm } from "~/utils/request.server";
import { parseSubmission } from "~/utils/submission.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign, letter, openForSigning } = await getEasyReadSigningContext({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
  return { campaign: { slug: campaign.slug, title: campaign.title }, letterTextId: letter.id, openForSigning };
}

/** The same path as the standard sign form (honeypot, rate limit, schema, service), bound to the Easy Read text. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { campaign, letter, openForSigning } = await getEasyReadSigningContext({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
  const page = { campaign: { slug: campaign.slug, title: campaign.title }, letterTextId: letter.id, openForSigning };
  const checkEmail = `/c/${campaign.slug}/easy-read/check-email`;
  const ipAddress = getClientIp(request, context.clientAddress);
  const withinRate = signingRateLimit.take(ipAddress);
  const formData = await readForm(request);

  if (isHoneypotFilled(formData)) return redirectInLanguage(request, checkEmail);
  const submission = parseSubmission(formData, { schema: EasyReadSignatureSchema });
  if (!openForSigning) return data({ ...page, result: submission.reply({ formErrors: ["campaign.closed"] }) }, { status: 403 });
  if (!withinRate) return data({ ...page, result: submission.reply({ formErrors: ["sign.rateLimited"] }) }, { status: 429 });
  if (submission.status !== "success") return data({ ...page, result: submission.reply() }, { status: 400 });
  await signCampaign({ campaign, letter, input: submission.value, ipAddress, language: languageOf(request) });
  return redirectInLanguage(request, checkEmail);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: data ? `${t("sign.title", { title: data.campaign.title })} – ${t("site.name")}` : t("site.name") }];
};

export default function EasyReadSignPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { campaign, letterTextId, openForSigning } = actionData ?? loaderData;
  return (
    <>
      <h1>{t("easyRead.signHeading")}</h1>
      <p className="lead">{campaign.title}</p>
      <p>
        <Link to={`/c/${campaign.slug}/easy-read`}>{t("easyRead.backToEasyRead")}</Link>
      </p>
      {openForSigning ? (
        <>
          <p>{t("easyRead.signIntro")}</p>
          <EasyReadSignForm slug={campaign.slug} letterTextId={letterTextId} lastResult={actionData?.result} />
        </>
      ) : (
        <p className="notice">{t("campaign.closed")}</p>
      )}
    </>
  );
}
