import { parseSubmission } from "~/utils/submission.server";
import { metaT } from "~/utils/meta";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { SupportLetterForm } from "~/components/support-letter-form";
import { PDF_FIELD, supportLetterSchema } from "~/schemas/support-letter";
import {
  getSupportLetterForm,
  pdfProblem,
  submitSupportLetter,
  supportLetterRateLimit,
} from "~/services/support-letters.server";
import { isHoneypotFilled } from "~/utils/honeypot";
import { getClientIp } from "~/utils/request.server";
import { discardPdf, readFormWithPdf } from "~/utils/uploads.server";
import { refusal } from "~/utils/domain-error";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { redirectInLanguage } from "~/utils/redirect.server";
import { languageOf } from "~/i18n/paths";

type FormContext = Awaited<ReturnType<typeof getSupportLetterForm>>;

function pageData({ campaign, access, invitation, countries }: FormContext, invitationToken: string | null) {
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    access,
    invited: Boolean(invitation),
    prefill: invitation ? { authorName: invitation.name, email: invitation.email } : undefined,
    countries,
    // Only a valid invitation's token travels on to the form's action.
    action: `/c/${campaign.slug}/support/new${invitation && invitationToken ? `?invitation=${encodeURIComponent(invitationToken)}` : ""}`,
  };
}

async function formContext(slug: string, request: Request) {
  const invitationToken = new URL(request.url).searchParams.get("invitation");
  const context = await getSupportLetterForm({ slug, invitationToken, language: languageOf(request) });
  return { context, page: pageData(context, invitationToken) };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { page } = await formContext(parseParams(params, CampaignParamsSchema).slug, request);
  return data(page, { status: page.access === "invitationOnly" ? 403 : 200 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { context: form, page } = await formContext(parseParams(params, CampaignParamsSchema).slug, request);
  const checkEmail = `/c/${page.campaign.slug}/support/check-email`;
  // The rate limit is decided before the body is read.
  const ipAddress = getClientIp(request, context.clientAddress);
  const withinRate = supportLetterRateLimit.take(ipAddress);
  const { formData, pdf } = await readFormWithPdf(request, PDF_FIELD);
  try {
    if (isHoneypotFilled(formData)) return redirectInLanguage(request, checkEmail);
    // Parsed before the checks below only so that a refusal can keep what the person typed.
    const submission = parseSubmission(formData, { schema: supportLetterSchema({ hasPdf: pdf.status !== "none" }) });
    if (form.access !== "open") {
      const formErrors = [form.access === "closed" ? "support.form.closed" : "support.form.invitationOnly"];
      return data({ ...page, result: submission.reply({ formErrors }) }, { status: 403 });
    }
    if (!withinRate) {
      return data({ ...page, result: submission.reply({ formErrors: ["support.form.rateLimited"] }) }, { status: 429 });
    }
    const problem = pdfProblem(pdf, submission.status === "success");
    if (submission.status !== "success" || problem) {
      const result = submission.reply(problem ? { fieldErrors: { [PDF_FIELD]: [problem] } } : undefined);
      return data({ ...page, result }, { status: pdf.status === "tooLarge" ? 413 : 400 });
    }
    try {
      await submitSupportLetter({ campaign: form.campaign, input: submission.value, pdf, invitationId: form.invitation?.id, ipAddress, language: languageOf(request) });
    } catch (error) {
      // The invitation was answered or cancelled since the form was shown.
      refusal(error, [403]);
      return data({ ...page, access: "invitationOnly" as const, result: undefined }, { status: 403 });
    }
    return redirectInLanguage(request, checkEmail);
  } finally {
    await discardPdf(pdf);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  const title = data.access === "invitationOnly" ? t("support.form.invitationOnlyTitle") : t("support.form.title", { title: data.campaign.title });
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function NewSupportLetter() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const page = actionData ?? loaderData;
  const { campaign, access } = page;
  if (access === "invitationOnly") {
    return (
      <>
        <h1>{t("support.form.invitationOnlyTitle")}</h1>
        <p className="lead">{campaign.title}</p>
        <p>{t("support.form.invitationOnly")}</p>
        <p>{t("support.form.invitationGone")}</p>
        <p>
          <Link to={`/c/${campaign.slug}`}>{t("support.form.back")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("support.form.heading")}</h1>
      <p className="lead">{campaign.title}</p>
      <p>
        <Link to={`/c/${campaign.slug}`}>{t("support.form.readLetter")}</Link>
      </p>
      {access === "open" ? (
        <>
          {page.invited ? <p>{t("support.form.invited")}</p> : null}
          <p>{t("support.form.intro")}</p>
          <SupportLetterForm
            action={page.action}
            countries={page.countries}
            defaultValue={page.prefill}
            lastResult={actionData?.result}
          />
        </>
      ) : (
        <p className="notice">{t("support.form.closed")}</p>
      )}
    </>
  );
}
