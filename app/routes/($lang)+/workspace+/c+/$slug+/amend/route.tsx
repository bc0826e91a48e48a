import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { Link } from "~/components/link";
import { type AmendLetterInput, AmendLetterSchema } from "~/schemas/letter-version";
import { CampaignParamsSchema } from "~/schemas/params";
import { languagesOf } from "~/services/campaigns.server";
import { adviseOn, picturesOf } from "~/services/easy-read-editing.server";
import { amendLetter, getLetterForAmending, previewAmendment } from "~/services/letter-versions.server";
import { listCampaignPictures, readFormWithPicture } from "~/services/pictures.server";
import { DomainError, replyWithError } from "~/utils/domain-error";
import { metaT } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { redirectInLanguage } from "~/utils/redirect.server";
import { requireUser } from "~/utils/session.server";
import { parseSubmission } from "~/utils/submission.server";
import { freshToken, incompleteRowErrors, nextTarget, pictureStep, refusedPictureField } from "../__easy-read-form.server";
import { AmendForm, PreviewSchema } from "./ui";

// Correcting an open or closed campaign's letter: a new version of the standard text and of the
// Easy Read letters, in every language, with a reason. The Easy Read rows are changed here as in
// their editor (easy-read/route.tsx): every row button and the picture finder answer with the form
// as typed; "Preview" shows what would change; "Save" makes the version.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, version, letters, easyRead, canAmend } = await getLetterForAmending({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  const languages = languagesOf(campaign);
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    version,
    letters: letters.map(({ language, body }) => ({ language, body })),
    languages,
    easyRead,
    advice: await adviseOn(easyRead),
    pictures: picturesOf(easyRead),
    uploads: canAmend ? await listCampaignPictures({ campaignId: campaign.id }) : [],
    finder: { target: nextTarget(easyRead, languages), query: "" },
    canAmend,
    token: freshToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  const { campaign, letters } = await getLetterForAmending({ user, slug }); // 404 before reading anything for someone else's campaign
  const languages = languagesOf(campaign);
  const { formData, picture } = await readFormWithPicture(request, "pictureFile");
  const intent = formData.get("_action");
  const previewing = intent === "preview";
  const submission = parseSubmission(formData, { schema: previewing ? PreviewSchema : AmendLetterSchema });
  const step = { user, slug, formData, picture, payload: submission.payload, languages };
  /** The page's answer: the form (with its errors, if `refused`), the advice on its rows, the picture finder, and a preview. */
  const answer = async (refused?: Parameters<typeof pictureStep>[0]["refused"], preview?: Awaited<ReturnType<typeof previewAmendment>>) => {
    const { status, ...page } = await pictureStep({ ...step, refused });
    return data({ ...page, preview }, { status });
  };

  // A row added, moved or removed, a picture found, used or uploaded: nothing saved.
  if (formData.has("__intent__") || (intent !== "save" && !previewing)) return answer();
  if (submission.status !== "success") return answer({ result: submission.reply(), status: 400 });
  // A correction is made in every language of the campaign: each box left empty says so.
  const missing = letters.filter(({ language }) => !submission.value.body[language]);
  if (missing.length) {
    const fieldErrors = Object.fromEntries(missing.map(({ language }) => [`body.${language}`, ["versions.errors.bodyRequired"]]));
    return answer({ result: submission.reply({ fieldErrors }), status: 400 });
  }
  // The form's Easy Read rows, when it has them (none left: none); without, they stay as they are.
  const easyRead = submission.value.easyReadForm ? (submission.value.easyRead ?? {}) : undefined;
  // The campaign is open: every Easy Read row needs its picture and a description.
  const incomplete = easyRead ? incompleteRowErrors(languages, easyRead) : {};
  if (Object.keys(incomplete).length) return answer({ result: submission.reply({ fieldErrors: incomplete }), status: 400 });
  if (previewing) {
    const preview = await previewAmendment({ user, slug, body: submission.value.body, easyRead });
    if (!preview.easyReadChanged.length && !preview.diff.some(({ parts }) => parts.some((part) => part.change !== "same"))) {
      return answer({ result: submission.reply({ fieldErrors: { body: ["versions.errors.unchanged"] } }), status: 400 });
    }
    return answer({ result: submission.reply(), status: 200 }, preview);
  }
  const { body, reason } = submission.value as AmendLetterInput;
  try {
    await amendLetter({ user, slug, body, easyRead, reason });
  } catch (error) {
    // An unknown picture is its field's problem; an unchanged or missing text the letter's (400);
    // a campaign that may no longer be amended, the form's (409).
    const letterProblem = error instanceof DomainError && error.status === 400 && error.key.startsWith("versions.");
    const { result, status } = replyWithError(submission, error, { field: refusedPictureField(error, easyRead) ?? (letterProblem ? "body" : undefined) });
    return answer({ result, status });
  }
  return redirectInLanguage(request, `/c/${slug}/versions`);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${t("versions.amend.title", { title: data?.campaign.title ?? "" })} – ${t("site.name")}` }];
};

export default function AmendLetter() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { campaign, version, canAmend } = page;
  const next = version + 1;
  return (
    <>
      <CampaignPageHeader heading={t("versions.amend.title", { title: campaign.title })} lead={null} />
      {canAmend ? (
        <>
          <p>{t("versions.amend.intro", { next })}</p>
          <p>
            {t("versions.amend.current", { number: version })} <Link to={`/c/${campaign.slug}/versions`}>{t("versions.amend.history")}</Link>
          </p>
          <AmendForm
            // A new form for every answer: it starts from what the server sent back (a picture put in a row, a row added).
            key={actionData?.token ?? page.token}
            next={next}
            languages={page.languages}
            defaultValue={{ body: Object.fromEntries(page.letters.map((l) => [l.language, l.body])), easyRead: page.easyRead }}
            lastResult={actionData?.result}
            advice={actionData?.advice ?? page.advice}
            pictures={{ ...page.pictures, ...actionData?.pictures }}
            uploads={page.uploads}
            finder={actionData?.finder ?? page.finder}
            preview={actionData?.preview}
          />
        </>
      ) : (
        <p className="notice">
          {campaign.status === "draft" ? <Link to={`/workspace/c/${campaign.slug}/edit`}>{t("versions.amend.draftUseEditor")}</Link> : t("versions.amend.notPossible")}
        </p>
      )}
    </>
  );
}
