import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignEditor } from "~/components/campaign-editor";
import { getT } from "~/i18n";
import { CampaignEditorSchema } from "~/schemas/campaign";
import { createDraftCampaign } from "~/services/campaign-editing.server";
import { CampaignInputError, previewLetter } from "~/services/campaigns.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request, 256 * 1024);
  const submission = parseWithZod(formData, { schema: CampaignEditorSchema });
  if (submission.status !== "success") {
    // Adding, removing or moving a recipient is not an error: the form comes back changed.
    return data({ result: submission.reply(), previewHtml: undefined }, { status: submission.status === "error" ? 400 : 200 });
  }
  if (formData.get("_action") === "preview") {
    return data({ result: submission.reply(), previewHtml: previewLetter(submission.value.body) });
  }
  try {
    const { slug } = await createDraftCampaign({ user, input: submission.value });
    return redirect(`/workspace/c/${slug}`);
  } catch (error) {
    if (!(error instanceof CampaignInputError)) throw error;
    return data({ result: submission.reply({ fieldErrors: { slug: ["campaignErrors.slugTaken"] } }), previewHtml: undefined }, { status: 400 });
  }
}

export const meta: MetaFunction = () => {
  const t = getT();
  return [{ title: `${t("editor.newTitle")} – ${t("site.name")}` }];
};

export default function NewCampaign() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("editor.newTitle")}</h1>
      <CampaignEditor lastResult={actionData?.result} previewHtml={actionData?.previewHtml} frozen={false} />
    </>
  );
}
