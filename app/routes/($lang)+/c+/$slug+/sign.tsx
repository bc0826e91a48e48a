import { parseSubmission } from "~/utils/submission.server";
import { metaT } from "~/utils/meta";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { SignForm } from "~/components/sign-form";
import { SignatureSchema } from "~/schemas/signature";
import { getSigningContext } from "~/services/campaigns.server";
import { signCampaign } from "~/services/signing.server";
import { isHoneypotFilled } from "~/utils/honeypot";
import { signingRateLimit } from "~/utils/rate-limit.server";
import { getClientIp, readForm } from "~/utils/request.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { redirectInLanguage } from "~/utils/redirect.server";
import { languageOf } from "~/i18n/paths";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign, letter, openForSigning } = await getSigningContext({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
  return { campaign: { slug: campaign.slug, title: campaign.title }, letterTextId: letter.id, openForSigning };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { campaign, letter, openForSigning } = await getSigningContext({ slug: parseParams(params, CampaignParamsSchema).slug, language: languageOf(request) });
  const page = { campaign: { slug: campaign.slug, title: campaign.title }, letterTextId: letter.id, openForSigning };
  const checkEmail = `/c/${campaign.slug}/check-email`;
  // The rate limit is decided before the body is read; the form is read, bounded, either way.
  const ipAddress = getClientIp(request, context.clientAddress);
  const withinRate = signingRateLimit.take(ipAddress);
  const formData = await readForm(request);

  if (isHoneypotFilled(formData)) return redirectInLanguage(request, checkEmail);
  // Parsed before the checks below only so that a refusal can keep what the person typed.
  const submission = parseSubmission(formData, { schema: SignatureSchema });
  if (!openForSigning) {
    return data({ ...page, result: submission.reply({ formErrors: ["campaign.closed"] }) }, { status: 403 });
  }
  if (!withinRate) {
    return data({ ...page, result: submission.reply({ formErrors: ["sign.rateLimited"] }) }, { status: 429 });
  }
  if (submission.status !== "success") {
    return data({ ...page, result: submission.reply() }, { status: 400 });
  }
  await signCampaign({ campaign, letter, input: submission.value, ipAddress, language: languageOf(request) });
  return redirectInLanguage(request, checkEmail);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: data ? `${t("sign.title", { title: data.campaign.title })} – ${t("site.name")}` : t("site.name") }];
};

export default function SignPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { campaign, letterTextId, openForSigning } = actionData ?? loaderData;
  return (
    <>
      <h1>{t("sign.heading")}</h1>
      <p className="lead">{campaign.title}</p>
      <p>
        <Link to={`/c/${campaign.slug}`}>{t("sign.readLetter")}</Link>
      </p>
      {openForSigning ? (
        <>
          <p>{t("sign.intro")}</p>
          <SignForm slug={campaign.slug} letterTextId={letterTextId} lastResult={actionData?.result} />
        </>
      ) : (
        <p className="notice">{t("campaign.closed")}</p>
      )}
    </>
  );
}
