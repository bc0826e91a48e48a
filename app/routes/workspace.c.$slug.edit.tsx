import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignEditor } from "~/components/campaign-editor";
import { getT } from "~/i18n";
import { CampaignEditorSchema } from "~/schemas/campaign";
import { getCampaignForEditor, updateCampaignFromEditor } from "~/services/campaign-editing.server";
import { CampaignInputError, previewLetter } from "~/services/campaigns.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, values } = await getCampaignForEditor({ user, slug: params.slug ?? "" });
  return { slug: campaign.slug, frozen: campaign.status !== "draft", values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = params.slug ?? "";
  await getCampaignForEditor({ user, slug }); // 404 before reading anything for someone else's campaign
  const formData = await readForm(request, 256 * 1024);
  const submission = parseWithZod(formData, { schema: CampaignEditorSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), previewHtml: undefined }, { status: submission.status === "error" ? 400 : 200 });
  }
  if (formData.get("_action") === "preview") {
    return data({ result: submission.reply(), previewHtml: previewLetter(submission.value.body) });
  }
  try {
    const saved = await updateCampaignFromEditor({ user, slug, input: submission.value });
    return redirect(`/workspace/c/${saved.slug}`);
  } catch (error) {
    if (!(error instanceof CampaignInputError)) throw error;
    const [problem] = error.problems;
    const reply =
      problem === "campaignErrors.slugTaken"
        ? submission.reply({ fieldErrors: { slug: [problem] } })
        : submission.reply({ formErrors: [problem] });
    return data({ result: reply, previewHtml: undefined }, { status: 400 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT();
  return [{ title: `${t("editor.editTitle", { title: data?.values.title ?? "" })} – ${t("site.name")}` }];
};

export default function EditCampaign() {
  const { slug, frozen, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("editor.editTitle", { title: values.title })}</h1>
      <CampaignEditor
        defaultValue={values}
        currentSlug={slug}
        frozen={frozen}
        lastResult={actionData?.result}
        previewHtml={actionData?.previewHtml}
      />
    </>
  );
}
