import { type FieldMetadata, getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "~/components/link";
import { Fragment, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { languageNames, languages, type MessageKey, type UiLanguage } from "~/i18n";
import { CampaignEditorSchema } from "~/schemas/campaign";
import { ErrorSummary, useErrorSummary } from "./error-summary";
import { Radios, Select, TextField } from "./form-fields";

type Texts = Partial<Record<UiLanguage, string>>;

export interface EditorValues {
  slug: string;
  language: UiLanguage;
  languages: UiLanguage[];
  title: Texts;
  summary: Texts;
  body: Texts;
  recipients: { name: string; title: Texts; email: string | null; role: "to" | "cc" }[];
  goal: number | null;
  closesAt: string | null;
  thankYou: Texts;
}

type TextsMeta = FieldMetadata<Texts | undefined>;

/**
 * The campaign editor: create or edit, in one language or both. Each text has a box per chosen
 * language, side by side. Every button works without JavaScript: ticking a language and pressing
 * "Show the boxes for these languages" (or previewing) brings its boxes.
 */
export function CampaignEditor({
  defaultValue,
  lastResult,
  frozen,
  previewHtml,
  currentSlug,
}: {
  defaultValue?: EditorValues;
  lastResult?: SubmissionResult<string[]>;
  /** Open campaigns: the letter, its title, languages and web address can no longer change. */
  frozen: boolean;
  previewHtml?: { language: UiLanguage; html: string }[];
  currentSlug?: string;
}) {
  const { t, i18n } = useTranslation();
  const pageLanguage: UiLanguage = i18n.language.startsWith("cy") ? "cy" : "en";
  const [form, fields] = useForm({
    id: "campaign-editor",
    lastResult,
    defaultValue: defaultValue
      ? {
          ...defaultValue,
          goal: defaultValue.goal ?? undefined,
          closesAt: defaultValue.closesAt?.slice(0, 10),
          recipients: defaultValue.recipients.map((r) => ({ ...r, email: r.email ?? undefined })),
        }
      : { language: pageLanguage, languages: [pageLanguage], recipients: [{ role: "to" }] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignEditorSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const recipients = fields.recipients.getFieldList();
  const chosen = languagesChosen(fields.languages.value);
  const inLanguage = (field: string, language: UiLanguage) => t("editor.inLanguage", { field, language: languageNames[language] });
  const perLanguage = (meta: TextsMeta, label: string) => {
    const set = meta.getFieldset();
    return [{ id: meta.id, errors: meta.errors, label }, ...chosen.map((l) => ({ id: set[l].id, errors: set[l].errors, label: chosen.length > 1 ? inLanguage(label, l) : label }))];
  };

  const summary = useErrorSummary(form, [
    { id: fields.languages.id, errors: fields.languages.errors, label: t("editor.languages") },
    { id: fields.language.id, errors: fields.language.errors, label: t("editor.primaryLanguage") },
    ...perLanguage(fields.title, t("editor.title")),
    { id: fields.slug.id, errors: fields.slug.errors, label: t("editor.slug") },
    ...perLanguage(fields.summary, t("editor.summary")),
    ...perLanguage(fields.body, t("editor.body")),
    { id: fields.recipients.id, errors: fields.recipients.errors, label: t("editor.recipients") },
    ...recipients.flatMap((item, index) => {
      const f = item.getFieldset();
      const label = t("editor.recipient", { number: index + 1 });
      return [
        ...(["name", "email", "role"] as const).map((name) => ({ id: f[name].id, errors: f[name].errors, label })),
        ...perLanguage(f.title, label),
      ];
    }),
    ...(["goal", "closesAt"] as const).map((name) => ({ id: fields[name].id, errors: fields[name].errors, label: t(`editor.${name}`) })),
    ...perLanguage(fields.thankYou, t("editor.thankYou")),
  ]);

  /** One text's boxes, a column per language. */
  // A function, not a component: a component declared here would be a new type on every render,
  // and React would remount the boxes (and lose the cursor) at each keystroke.
  const translated = ({ meta, label, hint, multiline, rows }: { meta: TextsMeta; label: string; hint?: string; multiline?: boolean; rows?: number }) => {
    const set = meta.getFieldset();
    return (
      <div className="translated" id={meta.id} tabIndex={-1}>
        {meta.errors?.length ? <p className="error-message">{t(meta.errors[0] as MessageKey)}</p> : null}
        {chosen.map((language) => (
          <TextField
            key={language}
            meta={set[language]}
            label={chosen.length > 1 ? inLanguage(label, language) : label}
            hint={hint}
            multiline={multiline}
            rows={rows}
            lang={language}
          />
        ))}
      </div>
    );
  };

  return (
    <Form method="post" {...getFormProps(form)} noValidate>
      <ErrorSummary errors={summary} />
      {frozen ? (
        <>
          {chosen.map((language) => (
            <Fragment key={language}>
              <input type="hidden" name={fields.languages.name} value={language} />
              <input type="hidden" name={fields.title.getFieldset()[language].name} value={defaultValue?.title[language] ?? ""} />
              <input type="hidden" name={fields.body.getFieldset()[language].name} value={defaultValue?.body[language] ?? ""} />
              <h2 lang={language}>{defaultValue?.title[language]}</h2>
            </Fragment>
          ))}
          <input type="hidden" name={fields.language.name} value={defaultValue?.language} />
          <input type="hidden" name={fields.slug.name} value={defaultValue?.slug} />
          <p className="notice">{t("editor.bodyFrozen")}</p>
        </>
      ) : (
        <>
          <fieldset className="field" id={fields.languages.id} tabIndex={-1}>
            <legend>{t("editor.languages")}</legend>
            <p className="hint">{t("editor.languagesHint")}</p>
            {fields.languages.errors?.length ? <p className="error-message">{t(fields.languages.errors[0] as MessageKey)}</p> : null}
            {languages.map((language) => (
              <div className="choice" key={language}>
                <input
                  type="checkbox"
                  id={`${fields.languages.id}-${language}`}
                  name={fields.languages.name}
                  value={language}
                  defaultChecked={chosen.includes(language)}
                  form={form.id}
                />
                <label htmlFor={`${fields.languages.id}-${language}`} lang={language}>
                  {languageNames[language]}
                </label>
              </div>
            ))}
            <button type="submit" name="_action" value="languages" className="button button--secondary">
              {t("editor.showLanguages")}
            </button>
          </fieldset>
          <Radios
            meta={fields.language}
            legend={t("editor.primaryLanguage")}
            options={languages.map((language) => ({ value: language, label: <span lang={language}>{languageNames[language]}</span> }))}
          />
          {translated({ meta: fields.title, label: t("editor.title"), hint: t("editor.titleHint") })}
          <TextField meta={fields.slug} label={t("editor.slug")} hint={t("editor.slugHint")}>
            <SlugCheck meta={fields.slug} currentSlug={currentSlug} />
          </TextField>
        </>
      )}
      {translated({ meta: fields.summary, label: t("editor.summary"), hint: t("editor.summaryHint"), multiline: true, rows: 3 })}
      {frozen ? null : translated({ meta: fields.body, label: t("editor.body"), hint: t("editor.bodyHint"), multiline: true, rows: 16 })}

      <fieldset className="field" id={fields.recipients.id} aria-describedby={`${fields.recipients.id}-hint`}>
        <legend>{t("editor.recipients")}</legend>
        <p className="hint" id={`${fields.recipients.id}-hint`}>
          {t("editor.recipientsHint")}
        </p>
        {fields.recipients.errors?.length ? <p className="error-message">{t(fields.recipients.errors[0] as MessageKey)}</p> : null}
        {recipients.map((item, index) => {
          const f = item.getFieldset();
          const number = index + 1;
          return (
            <fieldset key={item.key} className="recipient">
              <legend>{t("editor.recipient", { number })}</legend>
              <TextField meta={f.name} label={t("editor.recipientName")} />
              {translated({ meta: f.title, label: t("editor.recipientTitle") })}
              <TextField meta={f.email} label={t("editor.recipientEmail")} type="email" />
              <Select
                meta={f.role}
                label={t("editor.recipientRole")}
                options={[
                  { value: "to", label: t("editor.roleTo") },
                  { value: "cc", label: t("editor.roleCc") },
                ]}
              />
              <div className="button-row">
                {index > 0 ? (
                  <button className="button button--secondary" {...form.reorder.getButtonProps({ name: fields.recipients.name, from: index, to: index - 1 })}>
                    {t("editor.moveUp", { number })}
                  </button>
                ) : null}
                {index < recipients.length - 1 ? (
                  <button className="button button--secondary" {...form.reorder.getButtonProps({ name: fields.recipients.name, from: index, to: index + 1 })}>
                    {t("editor.moveDown", { number })}
                  </button>
                ) : null}
                {recipients.length > 1 ? (
                  <button className="button button--warning" {...form.remove.getButtonProps({ name: fields.recipients.name, index })}>
                    {t("editor.removeRecipient", { number })}
                  </button>
                ) : null}
              </div>
            </fieldset>
          );
        })}
        <button className="button button--secondary" {...form.insert.getButtonProps({ name: fields.recipients.name, defaultValue: { role: "cc" } })}>
          {t("editor.addRecipient")}
        </button>
      </fieldset>

      <TextField meta={fields.goal} label={t("editor.goal")} type="number" />
      <TextField meta={fields.closesAt} label={t("editor.closesAt")} hint={t("editor.closesAtHint")} type="date" />
      {translated({ meta: fields.thankYou, label: t("editor.thankYou"), hint: t("editor.thankYouHint"), multiline: true, rows: 3 })}

      <div className="button-row">
        {frozen ? null : (
          <button type="submit" name="_action" value="preview" className="button button--secondary">
            {t("editor.preview")}
          </button>
        )}
        <button type="submit" name="_action" value="save" className="button">
          {currentSlug ? t("editor.save") : t("editor.create")}
        </button>
      </div>

      {previewHtml?.length ? (
        <section aria-labelledby="preview-title" className="preview">
          <h2 id="preview-title">{t("editor.previewTitle")}</h2>
          <div className="translated">
            {previewHtml.map(({ language, html }) => (
              <article key={language} className="letter" lang={language} dangerouslySetInnerHTML={{ __html: html }} />
            ))}
          </div>
        </section>
      ) : null}
    </Form>
  );
}

/** The languages ticked, in the site's order; none ticked shows the page's own. */
function languagesChosen(value: unknown): UiLanguage[] {
  const list = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  const chosen = languages.filter((l) => list.includes(l));
  return chosen.length ? chosen : [...languages.slice(0, 1)];
}

/** With JavaScript, says while typing whether the web address is free; the server checks on save. */
function SlugCheck({ meta, currentSlug }: { meta: FieldMetadata<string | undefined>; currentSlug?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "checking" | "available" | "taken">("idle");
  const value = typeof meta.value === "string" ? meta.value : "";
  useEffect(() => {
    if (!value || value === currentSlug || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) {
      setState("idle");
      return;
    }
    setState("checking");
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/workspace/slug-check?${new URLSearchParams({ slug: value })}`, { signal: controller.signal });
        const { available } = (await response.json()) as { available: boolean };
        setState(available ? "available" : "taken");
      } catch {
        setState("idle");
      }
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value, currentSlug]);
  return (
    <p className="hint" aria-live="polite">
      {state === "checking" ? t("editor.slugChecking") : state === "available" ? t("editor.slugAvailable") : state === "taken" ? t("editor.slugTaken") : ""}
    </p>
  );
}
