import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/error-summary";
import { languageNames, languages, type MessageKey } from "~/i18n";
import { HardWordsSchema } from "~/schemas/easy-read-editor";
import { HoldSchema, PrivacySettingsSchema, ReleaseSchema } from "~/schemas/privacy";
import { PackRetentionSchema } from "~/schemas/pack-retention";
import { getPackRetention, savePackRetention } from "~/services/pack-retention.server";
import { isReviewRequired, setReviewRequired } from "~/services/campaign-editing.server";
import { getHardWordLists, parseHardWords, setHardWords } from "~/services/easy-read/hard-words.server";
import { readForm } from "~/utils/request.server";
import { requireSiteAccess } from "~/services/access.server";
import { getPrivacySettings, savePrivacySettings } from "~/services/privacy-settings.server";
import { holdCampaign, listRetention, releaseCampaign } from "~/services/retention.server";
import { When } from "~/components/when";
import { refusal } from "~/utils/domain-error";
import { requireUser } from "~/utils/session.server";
import { titled } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requireSiteAccess({ actor: user, need: "changeSettings" });
  return {
    reviewRequired: await isReviewRequired(),
    hardWords: await getHardWordLists({ user }),
    privacy: await getPrivacySettings(),
    retention: await listRetention({ actor: user }),
    packRetention: await getPackRetention(),
  };
}

/** A refused form: its message, the field it is about (for the summary's link), and what was typed. */
type Refused = { error: MessageKey; fieldId?: string; values?: Record<string, string> };
const refused = (answer: Refused, status = 400) => data<Refused>(answer, { status });
const privacyFieldIds: Record<string, string> = { retentionMonths: "retention-months", controllerName: "controller-name", controllerContact: "controller-contact" };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireSiteAccess({ actor: user, need: "changeSettings" });
  const form = await readForm(request);
  // A language's list of hard words for the Easy Read writing aid: saved as typed, or back to the one the site comes with.
  const intent = form.get("intent");
  if (intent === "hardWords" || intent === "hardWordsShipped") {
    const parsed = HardWordsSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return refused({ error: parsed.error.issues[0].message as MessageKey });
    const { language, words } = parsed.data;
    await setHardWords({ user, language, words: intent === "hardWords" ? parseHardWords(words) : undefined });
    return redirectInLanguage(request, "/workspace/settings?saved=hardWords");
  }
  // Personal data: the retention period and the data controller.
  if (intent === "privacy") {
    const fields = Object.fromEntries([...form].map(([name, value]) => [name, String(value)]));
    const parsed = PrivacySettingsSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refused({ error: issue.message as MessageKey, fieldId: privacyFieldIds[String(issue.path[0])], values: fields });
    }
    await savePrivacySettings({ actor: user, input: parsed.data });
    return redirectInLanguage(request, "/workspace/settings?saved=privacy#personal-data");
  }
  // Pack retention: how many of each campaign's newest packs keep their ZIP (delivered ones always do).
  if (intent === "packRetention") {
    const fields = Object.fromEntries([...form].map(([name, value]) => [name, String(value)]));
    const parsed = PackRetentionSchema.safeParse(fields);
    if (!parsed.success) return refused({ error: parsed.error.issues[0].message as MessageKey, fieldId: "packs-kept", values: fields });
    await savePackRetention({ actor: user, keepNewest: parsed.data.keepNewest });
    return redirectInLanguage(request, "/workspace/settings?saved=packRetention#pack-retention");
  }
  // Holding a campaign back from the retention run, or releasing it.
  if (intent === "hold" || intent === "release") {
    const parsed = (intent === "hold" ? HoldSchema : ReleaseSchema).safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const fieldId = issue.path[0] === "reason" ? `hold-reason-${Number(form.get("campaignId"))}` : undefined;
      return refused({ error: issue.path[0] === "reason" ? (issue.message as MessageKey) : "notFound.body", fieldId });
    }
    try {
      if (parsed.data.intent === "hold") await holdCampaign({ actor: user, campaignId: parsed.data.campaignId, reason: parsed.data.reason });
      else await releaseCampaign({ actor: user, campaignId: parsed.data.campaignId });
    } catch (error) {
      const refusedBy = refusal(error);
      return refused({ error: refusedBy.key }, refusedBy.status);
    }
    return redirectInLanguage(request, `/workspace/settings?saved=${intent}#retention`);
  }
  await setReviewRequired({ user, required: form.get("reviewRequired") === "on" });
  return redirectInLanguage(request, "/workspace/settings?saved=1");
}

export const meta = titled("settings.title");

export default function Settings() {
  const { reviewRequired, hardWords, privacy, retention, packRetention } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  return (
    <>
      {actionData?.error ? <ErrorSummary errors={[{ message: t(actionData.error), fieldId: actionData.fieldId }]} /> : null}
      <h1>{t("settings.title")}</h1>
      {params.get("saved") && !actionData ? (
        <p className="notice" role="status">
          {t(savedMessages[params.get("saved") ?? ""] ?? "settings.saved")}
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

      <PersonalData privacy={privacy} refused={actionData} />
      <Retention campaigns={retention} refused={actionData} />
      <PackRetention keepNewest={packRetention.keepNewest} refused={actionData} />
    </>
  );
}

const savedMessages: Record<string, MessageKey> = {
  hardWords: "settings.hardWordsSaved",
  privacy: "privacySettings.saved",
  hold: "privacySettings.holdSaved",
  release: "privacySettings.releaseSaved",
  packRetention: "packRetention.saved",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function PersonalData({ privacy, refused }: { privacy: LoaderData["privacy"]; refused?: Refused }) {
  const { t } = useTranslation();
  const typed = refused?.fieldId && refused.values ? refused.values : undefined;
  const field = (id: string, label: MessageKey, hint: MessageKey, input: (describedBy: string) => React.ReactNode) => {
    const wrong = refused?.fieldId === id;
    return (
      <div className={wrong ? "field field--error" : "field"}>
        <label htmlFor={id}>{t(label)}</label>
        <p className="hint" id={`${id}-hint`}>
          {t(hint)}
        </p>
        {wrong ? (
          <p className="error-message" id={`${id}-error`}>
            {t(refused.error)}
          </p>
        ) : null}
        {input(wrong ? `${id}-hint ${id}-error` : `${id}-hint`)}
      </div>
    );
  };
  return (
    <>
      <h2 id="personal-data">{t("privacySettings.title")}</h2>
      <p>{t("privacySettings.intro")}</p>
      <Form method="post" key={typed ? "typed" : `${privacy.retentionMonths}|${privacy.controllerName}|${privacy.controllerContact}`}>
        <input type="hidden" name="intent" value="privacy" />
        {field("retention-months", "privacySettings.monthsLabel", "privacySettings.monthsHint", (describedBy) => (
          <input
            id="retention-months"
            name="retentionMonths"
            inputMode="numeric"
            defaultValue={typed?.retentionMonths ?? String(privacy.retentionMonths)}
            aria-describedby={describedBy}
            aria-invalid={refused?.fieldId === "retention-months" || undefined}
          />
        ))}
        {field("controller-name", "privacySettings.controllerName", "privacySettings.controllerNameHint", (describedBy) => (
          <input
            id="controller-name"
            name="controllerName"
            maxLength={200}
            autoComplete="organization"
            defaultValue={typed?.controllerName ?? privacy.controllerName ?? ""}
            aria-describedby={describedBy}
            aria-invalid={refused?.fieldId === "controller-name" || undefined}
          />
        ))}
        {field("controller-contact", "privacySettings.controllerContact", "privacySettings.controllerContactHint", (describedBy) => (
          <textarea
            id="controller-contact"
            name="controllerContact"
            rows={4}
            maxLength={500}
            defaultValue={typed?.controllerContact ?? privacy.controllerContact ?? ""}
            aria-describedby={describedBy}
            aria-invalid={refused?.fieldId === "controller-contact" || undefined}
          />
        ))}
        <button type="submit" className="button">
          {t("privacySettings.save")}
        </button>
      </Form>
    </>
  );
}

function Retention({ campaigns, refused }: { campaigns: LoaderData["retention"]; refused?: Refused }) {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="retention">{t("privacySettings.retentionTitle")}</h2>
      <p>{t("privacySettings.retentionIntro")}</p>
      {campaigns.length === 0 ? (
        <p>{t("privacySettings.retentionNone")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("privacySettings.campaign")}</th>
              <th scope="col">{t("privacySettings.ended")}</th>
              <th scope="col">{t("privacySettings.due")}</th>
              <th scope="col">{t("privacySettings.state")}</th>
              <th scope="col">{t("privacySettings.action")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((campaign) => {
              const reasonId = `hold-reason-${campaign.id}`;
              const wrong = refused?.fieldId === reasonId;
              return (
                <tr key={campaign.id}>
                  <th scope="row">
                    {campaign.title} <span className="hint">{`(${campaign.slug})`}</span>
                  </th>
                  <td>
                    <When at={campaign.endedAt} />
                  </td>
                  <td>
                    <When at={campaign.dueAt} />
                    {campaign.started ? <p className="hint">{t("privacySettings.started")}</p> : null}
                  </td>
                  <td>{campaign.heldReason === null ? t("privacySettings.notHeld") : t("privacySettings.heldBecause", { reason: campaign.heldReason })}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="campaignId" value={campaign.id} />
                      {campaign.heldReason === null ? (
                        <div className={wrong ? "field field--error" : "field"}>
                          <label htmlFor={reasonId}>{t("privacySettings.reasonLabel", { title: campaign.title })}</label>
                          {wrong ? (
                            <p className="error-message" id={`${reasonId}-error`}>
                              {t(refused.error)}
                            </p>
                          ) : null}
                          <input id={reasonId} name="reason" maxLength={500} aria-describedby={wrong ? `${reasonId}-error` : undefined} aria-invalid={wrong || undefined} />
                        </div>
                      ) : null}
                      <button type="submit" name="intent" value={campaign.heldReason === null ? "hold" : "release"} className="button button--secondary">
                        {t(campaign.heldReason === null ? "privacySettings.hold" : "privacySettings.release")}
                        <span className="visually-hidden"> {campaign.title}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Pack retention (issue 19): the ZIPs the retention run keeps, besides every delivered pack. */
function PackRetention({ keepNewest, refused }: { keepNewest: number; refused?: Refused }) {
  const { t } = useTranslation();
  const wrong = refused?.fieldId === "packs-kept";
  return (
    <>
      <h2 id="pack-retention">{t("packRetention.title")}</h2>
      <p>{t("packRetention.intro")}</p>
      <Form method="post" key={wrong ? "typed" : String(keepNewest)}>
        <input type="hidden" name="intent" value="packRetention" />
        <div className={wrong ? "field field--error" : "field"}>
          <label htmlFor="packs-kept">{t("packRetention.label")}</label>
          <p className="hint" id="packs-kept-hint">
            {t("packRetention.hint")}
          </p>
          {wrong ? (
            <p className="error-message" id="packs-kept-error">
              {t(refused.error)}
            </p>
          ) : null}
          <input
            id="packs-kept"
            name="keepNewest"
            inputMode="numeric"
            defaultValue={wrong ? (refused.values?.keepNewest ?? "") : String(keepNewest)}
            aria-describedby={wrong ? "packs-kept-hint packs-kept-error" : "packs-kept-hint"}
            aria-invalid={wrong || undefined}
          />
        </div>
        <button type="submit" className="button">
          {t("packRetention.save")}
        </button>
      </Form>
    </>
  );
}
