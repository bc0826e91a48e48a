import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/error-summary";
import { languageNames, languages, type MessageKey } from "~/i18n";
import { HardWordsSchema } from "~/schemas/easy-read-editor";
import { isReviewRequired, setReviewRequired } from "~/services/campaign-editing.server";
import { getHardWordLists, parseHardWords, setHardWords } from "~/services/easy-read/hard-words.server";
import { readForm } from "~/utils/request.server";
import { requireSiteAccess } from "~/services/access.server";
import { requireUser } from "~/utils/session.server";
import { titled } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requireSiteAccess({ actor: user, need: "changeSettings" });
  return { reviewRequired: await isReviewRequired(), hardWords: await getHardWordLists({ user }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireSiteAccess({ actor: user, need: "changeSettings" });
  const form = await readForm(request);
  // A language's list of hard words for the Easy Read writing aid: saved as typed, or back to the one the site comes with.
  const intent = form.get("intent");
  if (intent === "hardWords" || intent === "hardWordsShipped") {
    const parsed = HardWordsSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ error: parsed.error.issues[0].message as MessageKey }, { status: 400 });
    const { language, words } = parsed.data;
    await setHardWords({ user, language, words: intent === "hardWords" ? parseHardWords(words) : undefined });
    return redirectInLanguage(request, "/workspace/settings?saved=hardWords");
  }
  await setReviewRequired({ user, required: form.get("reviewRequired") === "on" });
  return redirectInLanguage(request, "/workspace/settings?saved=1");
}

export const meta = titled("settings.title");

export default function Settings() {
  const { reviewRequired, hardWords } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  return (
    <>
      {actionData?.error ? <ErrorSummary errors={[{ message: t(actionData.error) }]} /> : null}
      <h1>{t("settings.title")}</h1>
      {params.get("saved") && !actionData ? (
        <p className="notice" role="status">
          {t(params.get("saved") === "hardWords" ? "settings.hardWordsSaved" : "settings.saved")}
        </p>
      ) : null}
      <Form method="post">
        <div className="choice">
          <input type="checkbox" id="review-required" name="reviewRequired" defaultChecked={reviewRequired} aria-describedby="review-hint" />
          <label htmlFor="review-required">{t("settings.review")}</label>
        </div>
        <p className="hint" id="review-hint">
          {t("settings.reviewHint")}
        </p>
        <button type="submit" className="button">
          {t("settings.save")}
        </button>
      </Form>

      <h2 id="hard-words">{t("settings.hardWordsTitle")}</h2>
      <p>{t("settings.hardWordsIntro")}</p>
      {languages.map((language) => {
        const list = hardWords[language];
        const name = languageNames[language];
        return (
          // Keyed by the list, so it shows the list as saved (in lower case, each word once) after a save with JavaScript too.
          <Form method="post" key={`${language}:${list.words.join("|")}`}>
            <input type="hidden" name="language" value={language} />
            <div className="field">
              <label htmlFor={`hard-words-${language}`}>{t("settings.hardWordsLabel", { language: name })}</label>
              <p className="hint" id={`hard-words-${language}-hint`}>
                {t(list.edited ? "settings.hardWordsEdited" : "settings.hardWordsShipped")}
              </p>
              <textarea
                id={`hard-words-${language}`}
                name="words"
                rows={12}
                lang={language}
                spellCheck={false}
                defaultValue={list.words.join("\n")}
                aria-describedby={`hard-words-${language}-hint`}
              />
            </div>
            <div className="button-row">
              <button type="submit" name="intent" value="hardWords" className="button">
                {t("settings.hardWordsSave", { language: name })}
              </button>
              {list.edited ? (
                <button type="submit" name="intent" value="hardWordsShipped" className="button button--secondary">
                  {t("settings.hardWordsRestore", { language: name })}
                </button>
              ) : null}
            </div>
          </Form>
        );
      })}
    </>
  );
}
