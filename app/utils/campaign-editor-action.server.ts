import { parseSubmission } from "./submission.server";
import { data, redirect } from "@remix-run/node";
import { CampaignEditorSchema, type CampaignEditorInput } from "~/schemas/campaign";
import { CampaignInputError, previewLetter } from "~/services/campaigns.server";
import { readForm } from "./request.server";

/**
 * The campaign editor's form, for a new campaign and an existing one alike: recipients added,
 * removed or moved come back changed (200), "preview" renders the letter, "save" calls `save`
 * and goes to the campaign. A taken slug is the slug field's error; any other problem the form's.
 */
export async function campaignEditorAction(request: Request, save: (input: CampaignEditorInput) => Promise<{ slug: string }>) {
  const formData = await readForm(request, 256 * 1024);
  const submission = parseSubmission(formData, { schema: CampaignEditorSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), previewHtml: undefined }, { status: submission.status === "error" ? 400 : 200 });
  }
  if (formData.get("_action") === "preview") {
    return data({ result: submission.reply(), previewHtml: previewLetter(submission.value.body) });
  }
  try {
    const saved = await save(submission.value);
    return redirect(`/workspace/c/${saved.slug}`);
  } catch (error) {
    if (!(error instanceof CampaignInputError)) throw error;
    const reply = error.slugTaken
      ? submission.reply({ fieldErrors: { slug: ["campaignErrors.slugTaken"] } })
      : submission.reply({ formErrors: error.problems });
    return data({ result: reply, previewHtml: undefined }, { status: 400 });
  }
}
