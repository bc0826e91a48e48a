import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignEditor } from "~/components/campaign-editor";
import { createDraftCampaign } from "~/services/campaign-editing.server";
import { requireUser } from "~/utils/session.server";
import { campaignEditorAction } from "./__campaign-editor.server";
import { titled } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return campaignEditorAction(request, (input) => createDraftCampaign({ user, input }));
}

export const meta = titled("editor.newTitle");

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
