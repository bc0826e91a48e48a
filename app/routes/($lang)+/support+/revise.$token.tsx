import { parseSubmission } from "~/utils/submission.server";
import { metaT } from "~/utils/meta";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction} from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LinkNotWorking } from "~/components/secret-link";
import { SupportLetterForm } from "~/components/support-letter-form";
import { PDF_FIELD, supportLetterRevisionSchema } from "~/schemas/support-letter";
import { getSupportLetterRevision, pdfProblem, pdfSize, reviseSupportLetter, supportLetterCountries } from "~/services/support-letters.server";
import { discardPdf, readFormWithPdf } from "~/utils/uploads.server";
import { redirectInLanguage } from "~/utils/redirect.server";

const invalid = () => data({ status: "invalid" as const }, { status: 404 });

type Revision = NonNullable<Awaited<ReturnType<typeof getSupportLetterRevision>>>;

function pageData(letter: Revision) {
  return {
    status: "ok" as const,
    campaign: { slug: letter.slug, title: letter.title },
    note: letter.moderation_note,
    values: {
      authorName: letter.author_name,
      role: letter.role,
      organisation: letter.organisation,
      country: letter.country,
      body: letter.body,
    },
    currentPdf: letter.pdf_file && letter.pdf_bytes !== null ? pdfSize(letter.pdf_bytes) : null,
    countries: supportLetterCountries,
  };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const letter = await getSupportLetterRevision({ token: params.token ?? "" });
  return letter ? data(pageData(letter)) : invalid();
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const letter = await getSupportLetterRevision({ token });
  if (!letter) return invalid();
  const { formData, pdf } = await readFormWithPdf(request, PDF_FIELD);
  try {
    const keptPdf = Boolean(letter.pdf_file) && formData.get("removePdf") !== "on";
    const schema = supportLetterRevisionSchema({ hasPdf: pdf.status !== "none" || keptPdf });
    const submission = parseSubmission(formData, { schema });
    const problem = pdfProblem(pdf, submission.status === "success");
    if (submission.status !== "success" || problem) {
      const result = submission.reply(problem ? { fieldErrors: { [PDF_FIELD]: [problem] } } : undefined);
      return data({ ...pageData(letter), result }, { status: pdf.status === "tooLarge" ? 413 : 400 });
    }
    if (!(await reviseSupportLetter({ letter, token, input: submission.value, pdf }))) return invalid();
    return redirectInLanguage(request, `/c/${letter.slug}/support/revised`);
  } finally {
    await discardPdf(pdf);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const title = data?.status === "ok" ? t("support.revise.title") : t("support.revise.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function ReviseSupportLetter() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { token } = useParams();
  const page = actionData ?? loaderData;
  if (page.status !== "ok") {
    return <LinkNotWorking title={t("support.revise.invalidTitle")} body={t("support.revise.invalidBody")} />;
  }
  const { campaign, note, currentPdf } = page;
  return (
    <>
      <h1>{t("support.revise.title")}</h1>
      <p className="lead">{t("support.revise.intro", { title: campaign.title })}</p>
      {note ? (
        <blockquote className="thank-you">
          <p>{note}</p>
        </blockquote>
      ) : null}
      <p>{t("support.revise.change")}</p>
      <SupportLetterForm
        action={`/support/revise/${token}`}
        countries={page.countries}
        defaultValue={page.values}
        lastResult={actionData?.status === "ok" ? actionData.result : undefined}
        revising={{ currentPdf: currentPdf ? t("support.revise.currentPdf", { size: t(currentPdf.key, { value: currentPdf.value }) }) : null }}
      />
    </>
  );
}
