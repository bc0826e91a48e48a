import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignEditor } from "~/components/campaign-editor";
import { getCampaignForEditor, updateCampaignFromEditor } from "~/services/campaign-editing.server";
import { requireUser } from "~/utils/session.server";
import { campaignEditorAction } from "../../__campaign-editor.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, values } = await getCampaignForEditor({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return { slug: campaign.slug, frozen: campaign.status !== "draft", values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await getCampaignForEditor({ user, slug }); // 404 before reading anything for someone else's campaign
  return campaignEditorAction(request, (input) => updateCampaignFromEditor({ user, slug, input }));
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${t("editor.editTitle", { title: data ? (data.values.title[data.values.language] ?? "") : "" })} – ${t("site.name")}` }];
};

export default function EditCampaign() {
  const { slug, frozen, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("editor.editTitle", { title: values.title[values.language] ?? "" })}</h1>
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
