import { data } from "@remix-run/node";
import { CampaignEditorSchema, type CampaignEditorInput } from "~/schemas/campaign";
import { previewLetter } from "~/services/campaigns.server";
import { DomainError, replyWithError } from "~/utils/domain-error";
import { readForm } from "~/utils/request.server";
import { parseSubmission } from "~/utils/submission.server";
import { redirectInLanguage } from "~/utils/redirect.server";

// Not a route (vite.config.ts ignores route files named `__*`): the action that new.tsx
// and c+/$slug+/edit.tsx share, as the Epic Stack's note editor is shared.

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
  // "Preview", and "Show the boxes for these languages" (the editor without JavaScript), save nothing.
  const intent = formData.get("_action");
  if (intent === "preview" || intent === "languages") {
    const { languages, body } = submission.value;
    const previewHtml = intent === "preview" ? languages.flatMap((language) => (body[language] ? [{ language, html: previewLetter(body[language]) }] : [])) : undefined;
    return data({ result: submission.reply(), previewHtml });
  }
  try {
    const saved = await save(submission.value);
    return redirectInLanguage(request, `/workspace/c/${saved.slug}`);
  } catch (error) {
    const slugTaken = error instanceof DomainError && error.key === "campaignErrors.slugTaken";
    const { result, status } = replyWithError(submission, error, { field: slugTaken ? "slug" : undefined });
    return data({ result, previewHtml: undefined }, { status });
  }
}
