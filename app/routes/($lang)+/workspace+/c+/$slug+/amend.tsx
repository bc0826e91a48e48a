import { parseWithZod } from "@conform-to/zod/v4";
import { metaT } from "~/utils/meta";
import { getFormProps, type Submission, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { LetterDiff } from "~/components/letter-diff";
import { languageNames, type UiLanguage } from "~/i18n";
import { type AmendLetterInput, AmendLetterSchema } from "~/schemas/letter-version";
import { amendLetter, getLetterForAmending, previewAmendment } from "~/services/letter-versions.server";
import { replyWithError } from "~/utils/domain-error";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { redirectInLanguage } from "~/utils/redirect.server";

// A preview needs only the new text; the reason is asked for when saving.
const PreviewSchema = AmendLetterSchema.pick({ body: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, version, letters, canAmend } = await getLetterForAmending({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    version,
    letters: letters.map(({ language, body }) => ({ language, body })),
    canAmend,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  const { letters } = await getLetterForAmending({ user, slug }); // 404 before reading anything for someone else's campaign
  const formData = await readForm(request, 256 * 1024);
  const previewing = formData.get("_action") === "preview";
  const submission = parseSubmission(formData, { schema: previewing ? PreviewSchema : AmendLetterSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), diff: undefined }, { status: submission.status === "error" ? 400 : 200 });
  }
  // A correction is made in every language of the campaign: each box left empty says so.
  const missing = letters.filter(({ language }) => !submission.value.body[language]);
  if (missing.length) {
    const fieldErrors = Object.fromEntries(missing.map(({ language }) => [`body.${language}`, ["versions.errors.bodyRequired"]]));
    return data({ result: submission.reply({ fieldErrors }), diff: undefined }, { status: 400 });
  }
  if (previewing) {
    const diff = await previewAmendment({ user, slug, body: submission.value.body });
    if (!diff.some(({ parts }) => parts.some((part) => part.change !== "same"))) {
      return data({ result: submission.reply({ fieldErrors: { body: ["versions.errors.unchanged"] } }), diff: undefined }, { status: 400 });
    }
    return data({ result: submission.reply(), diff });
  }
  const { body, reason } = submission.value as AmendLetterInput;
  try {
    await amendLetter({ user, slug, body, reason });
  } catch (error) {
    // An unchanged text is the body's problem (400); a campaign that may no longer be amended, the form's (409).
    const { result, status } = replyWithError(submission, error, { field: (error as { status?: number }).status === 400 ? "body" : undefined });
    return data({ result, diff: undefined }, { status });
  }
  return redirectInLanguage(request, `/c/${slug}/versions`);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${t("versions.amend.title", { title: data?.campaign.title ?? "" })} – ${t("site.name")}` }];
};

export default function AmendLetter() {
  const { campaign, version, letters, canAmend } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const next = version + 1;
  const [form, fields] = useForm<AmendLetterInput>({
    id: "amend-letter",
    lastResult: actionData?.result,
    defaultValue: { body: Object.fromEntries(letters.map((l) => [l.language, l.body])) },
    // The same choice as the action: a preview checks the text only.
    onValidate: ({ formData }) =>
      formData.get("_action") === "preview"
        ? (parseWithZod(formData, { schema: PreviewSchema }) as unknown as Submission<AmendLetterInput, string[]>)
        : parseWithZod(formData, { schema: AmendLetterSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const bodies = fields.body.getFieldset();
  const label = (language: UiLanguage) =>
    letters.length > 1 ? t("editor.inLanguage", { field: t("versions.amend.body"), language: languageNames[language] }) : t("versions.amend.body");
  const summary = useErrorSummary(form, [fields.body, ...letters.map((l) => ({ id: bodies[l.language].id, errors: bodies[l.language].errors, label: label(l.language) })), fields.reason]);

  return (
    <>
      <CampaignPageHeader heading={t("versions.amend.title", { title: campaign.title })} lead={null} />
      {canAmend ? (
        <>
          <p>{t("versions.amend.intro", { next })}</p>
          <p>
            {t("versions.amend.current", { number: version })}{" "}
            <Link to={`/c/${campaign.slug}/versions`}>{t("versions.amend.history")}</Link>
          </p>
          <Form method="post" {...getFormProps(form)} noValidate>
            <ErrorSummary errors={summary} />
            <div className="translated" id={fields.body.id} tabIndex={-1}>
              {letters.map(({ language }) => (
                <TextField key={language} meta={bodies[language]} label={label(language)} hint={t("versions.amend.bodyHint")} multiline rows={16} lang={language} />
              ))}
            </div>
            <TextField meta={fields.reason} label={t("versions.amend.reason")} hint={t("versions.amend.reasonHint")} multiline rows={3} />
            <div className="button-row">
              <button type="submit" name="_action" value="preview" className="button button--secondary">
                {t("versions.amend.preview")}
              </button>
              <button type="submit" name="_action" value="save" className="button">
                {t("versions.amend.save", { next })}
              </button>
            </div>
            {actionData?.diff ? (
              <section aria-labelledby="preview-title" className="preview">
                <h2 id="preview-title">{t("versions.amend.previewTitle")}</h2>
                {actionData.diff.map(({ language, parts }) => (
                  <LetterDiff key={language} parts={parts} lang={language} />
                ))}
              </section>
            ) : null}
          </Form>
        </>
      ) : (
        <p className="notice">
          {campaign.status === "draft" ? (
            <Link to={`/workspace/c/${campaign.slug}/edit`}>{t("versions.amend.draftUseEditor")}</Link>
          ) : (
            t("versions.amend.notPossible")
          )}
        </p>
      )}
    </>
  );
}
