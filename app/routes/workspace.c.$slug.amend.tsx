import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, type Submission, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignNav } from "~/components/campaign-nav";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { LetterDiff } from "~/components/letter-diff";
import { getT } from "~/i18n";
import { type AmendLetterInput, AmendLetterSchema } from "~/schemas/letter-version";
import { amendLetter, getLetterForAmending, LetterAmendError, previewAmendment } from "~/services/letter-versions.server";
import { isStaff } from "~/services/workspace.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";

// A preview needs only the new text; the reason is asked for when saving.
const PreviewSchema = AmendLetterSchema.pick({ body: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, letter, canAmend } = await getLetterForAmending({ user, slug: params.slug ?? "" });
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status, language: campaign.language },
    letter: { version: letter.version, body: letter.body },
    canAmend,
    staff: isStaff(user),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = params.slug ?? "";
  await getLetterForAmending({ user, slug }); // 404 before reading anything for someone else's campaign
  const formData = await readForm(request, 256 * 1024);
  const previewing = formData.get("_action") === "preview";
  const submission = parseSubmission(formData, { schema: previewing ? PreviewSchema : AmendLetterSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), diff: undefined }, { status: submission.status === "error" ? 400 : 200 });
  }
  if (previewing) {
    const diff = await previewAmendment({ user, slug, body: submission.value.body });
    if (!diff.some((part) => part.change !== "same")) {
      return data({ result: submission.reply({ fieldErrors: { body: ["versions.errors.unchanged"] } }), diff: undefined }, { status: 400 });
    }
    return data({ result: submission.reply(), diff });
  }
  const { body, reason } = submission.value as { body: string; reason: string };
  try {
    await amendLetter({ user, slug, body, reason });
  } catch (error) {
    if (!(error instanceof LetterAmendError)) throw error;
    const reply = error.field ? submission.reply({ fieldErrors: { [error.field]: [error.key] } }) : submission.reply({ formErrors: [error.key] });
    return data({ result: reply, diff: undefined }, { status: error.field ? 400 : 409 });
  }
  return redirect(`/c/${slug}/versions`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  return [{ title: `${t("versions.amend.title", { title: data?.campaign.title ?? "" })} – ${t("site.name")}` }];
};

export default function AmendLetter() {
  const { campaign, letter, canAmend, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const next = letter.version + 1;
  const [form, fields] = useForm<AmendLetterInput>({
    id: "amend-letter",
    lastResult: actionData?.result,
    defaultValue: { body: letter.body },
    // The same choice as the action: a preview checks the text only.
    onValidate: ({ formData }) =>
      formData.get("_action") === "preview"
        ? (parseWithZod(formData, { schema: PreviewSchema }) as unknown as Submission<AmendLetterInput, string[]>)
        : parseWithZod(formData, { schema: AmendLetterSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const summary = [
    ...(form.errors ?? []).map((message) => ({ message: t(message) })),
    ...(["body", "reason"] as const).flatMap((name) =>
      (fields[name].errors ?? []).slice(0, 1).map((message) => ({ fieldId: fields[name].id, message: t(message) })),
    ),
  ];

  return (
    <>
      <h1>{t("versions.amend.title", { title: campaign.title })}</h1>
      <CampaignNav slug={campaign.slug} status={campaign.status} staff={staff} />
      {canAmend ? (
        <>
          <p>{t("versions.amend.intro", { next })}</p>
          <p>
            {t("versions.amend.current", { number: letter.version })}{" "}
            <Link to={`/c/${campaign.slug}/versions`}>{t("versions.amend.history")}</Link>
          </p>
          <Form method="post" {...getFormProps(form)} noValidate>
            <ErrorSummary errors={summary} />
            <TextField meta={fields.body} label={t("versions.amend.body")} hint={t("versions.amend.bodyHint")} multiline rows={16} />
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
                <LetterDiff parts={actionData.diff} lang={campaign.language} />
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
      <p>
        <Link to={`/workspace/c/${campaign.slug}`}>{t("versions.amend.backToCampaign")}</Link>
      </p>
    </>
  );
}
