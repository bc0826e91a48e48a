import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { EasyReadEditorSchema } from "~/schemas/easy-read-editor";
import { CampaignParamsSchema } from "~/schemas/params";
import { requireCampaignAccess } from "~/services/access.server";
import { languagesOf } from "~/services/campaigns.server";
import { getEasyReadForEditor, saveEasyRead } from "~/services/easy-read-editing.server";
import { canAmendLetter } from "~/services/letter-versions.server";
import { readFormWithPicture } from "~/services/pictures.server";
import { replyWithError } from "~/utils/domain-error";
import { readDone, redirectDone } from "~/utils/done.server";
import { metaT, pageTitle } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { requireUser } from "~/utils/session.server";
import { parseSubmission } from "~/utils/submission.server";
import { freshToken, nextTarget, pictureStep, refusedPictureField } from "../__easy-read-form.server";
import { EasyReadEditor, FrozenEasyRead } from "./ui";

// A campaign's Easy Read letter, one per language, written row by row while the campaign is a
// draft, with the writing aid's advice beside each row and a picture finder, all without
// JavaScript. Once the campaign is open the page shows the letter and the way to amend it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getEasyReadForEditor({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    campaign: { slug: page.campaign.slug, title: page.campaign.title, status: page.campaign.status },
    languages: page.languages,
    easyRead: page.easyRead,
    advice: page.advice,
    pictures: page.pictures,
    uploads: page.uploads,
    frozen: page.frozen,
    canAmend: canAmendLetter(page.campaign.status),
    finder: { target: nextTarget(page.easyRead, page.languages), query: "" },
    done: readDone(request, ["saved"]).done,
    token: freshToken(),
  };
}

/**
 * "Save" saves every language's rows (advice never stops it; a row without text, or a picture
 * neither in the library nor the campaign's, does: 400, nothing written). Every other button —
 * add, move or remove a row, find, use or upload a picture — answers with the rows as typed.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  const { campaign } = await requireCampaignAccess({ actor: user, slug, need: "edit" }); // 404 or 403 before reading anything
  const { formData, picture } = await readFormWithPicture(request, "pictureFile");
  const submission = parseSubmission(formData, { schema: EasyReadEditorSchema });
  const step = { user, slug, formData, picture, payload: submission.payload, languages: languagesOf(campaign) };
  /** The page's answer: the form (with its errors, if `refused`), the advice on its rows, and the picture finder. */
  const answer = async (refused?: Parameters<typeof pictureStep>[0]["refused"]) => {
    const { status, ...page } = await pictureStep({ ...step, refused });
    return data(page, { status });
  };
  if (formData.get("_action") !== "save" || formData.has("__intent__")) return answer();
  if (submission.status !== "success") return answer({ result: submission.reply(), status: 400 });
  try {
    await saveEasyRead({ user, slug, easyRead: submission.value.easyRead ?? {} });
  } catch (error) {
    const { result, status } = replyWithError(submission, error, { field: refusedPictureField(error, submission.value.easyRead) });
    return answer({ result, status });
  }
  return redirectDone(request, `/workspace/c/${slug}/easy-read`, "saved");
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("easyReadEditor.title"), data?.campaign.title);

export default function EasyReadPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <CampaignPageHeader heading={t("easyReadEditor.title")} />
      {page.done && !actionData ? (
        <p className="notice" role="status">
          {t("easyReadEditor.saved")}
        </p>
      ) : null}
      {page.frozen ? (
        <FrozenEasyRead slug={page.campaign.slug} languages={page.languages} easyRead={page.easyRead} pictures={page.pictures} canAmend={page.canAmend} />
      ) : (
        <EasyReadEditor
          // A new form for every answer: it starts from what the server sent back (a picture put in a row, a row added).
          key={actionData?.token ?? page.token}
          languages={page.languages}
          defaultValue={{ easyRead: page.easyRead }}
          lastResult={actionData?.result}
          advice={actionData?.advice ?? page.advice}
          pictures={{ ...page.pictures, ...actionData?.pictures }}
          uploads={page.uploads}
          finder={actionData?.finder ?? page.finder}
        />
      )}
    </>
  );
}
