import { type FieldMetadata, getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MessageKey } from "~/i18n";
import { CampaignEditorSchema } from "~/schemas/campaign";
import { ErrorSummary, useErrorSummary } from "./error-summary";
import { Select, TextField } from "./form-fields";

export interface EditorValues {
  slug: string;
  title: string;
  summary: string;
  body: string;
  recipients: { name: string; title: string; email: string | null; role: "to" | "cc" }[];
  goal: number | null;
  closesAt: string | null;
  thankYou: string | null;
}

/** The campaign editor: create or edit. Every button works without JavaScript. */
export function CampaignEditor({
  defaultValue,
  lastResult,
  frozen,
  previewHtml,
  currentSlug,
}: {
  defaultValue?: EditorValues;
  lastResult?: SubmissionResult<string[]>;
  /** Open campaigns: the letter, its title and web address can no longer change. */
  frozen: boolean;
  previewHtml?: string;
  currentSlug?: string;
}) {
  const { t } = useTranslation();
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
      : { recipients: [{ role: "to" }] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignEditorSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const recipients = fields.recipients.getFieldList();

  const summary = useErrorSummary(form, [
    ...(["title", "slug", "summary", "body", "recipients", "goal", "closesAt", "thankYou"] as const).map((name) => ({ id: fields[name].id, errors: fields[name].errors, label: t(`editor.${name}`) })),
    ...recipients.flatMap((item, index) => {
      const f = item.getFieldset();
      return (["name", "title", "email", "role"] as const).map((name) => ({ id: f[name].id, errors: f[name].errors, label: t("editor.recipient", { number: index + 1 }) }));
    }),
  ]);

  return (
    <Form method="post" {...getFormProps(form)} noValidate>
      <ErrorSummary errors={summary} />
      {frozen ? (
        <>
          <input type="hidden" name={fields.title.name} value={defaultValue?.title} />
          <input type="hidden" name={fields.slug.name} value={defaultValue?.slug} />
          <input type="hidden" name={fields.body.name} value={defaultValue?.body} />
          <h2>{defaultValue?.title}</h2>
          <p className="notice">{t("editor.bodyFrozen")}</p>
        </>
      ) : (
        <>
          <TextField meta={fields.title} label={t("editor.title")} hint={t("editor.titleHint")} />
          <TextField meta={fields.slug} label={t("editor.slug")} hint={t("editor.slugHint")}>
            <SlugCheck meta={fields.slug} currentSlug={currentSlug} />
          </TextField>
        </>
      )}
      <TextField meta={fields.summary} label={t("editor.summary")} hint={t("editor.summaryHint")} multiline rows={3} />
      {frozen ? null : <TextField meta={fields.body} label={t("editor.body")} hint={t("editor.bodyHint")} multiline rows={16} />}

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
              <TextField meta={f.title} label={t("editor.recipientTitle")} />
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
      <TextField meta={fields.thankYou} label={t("editor.thankYou")} hint={t("editor.thankYouHint")} multiline rows={3} />

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

      {previewHtml ? (
        <section aria-labelledby="preview-title" className="preview">
          <h2 id="preview-title">{t("editor.previewTitle")}</h2>
          <article className="letter" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </section>
      ) : null}
    </Form>
  );
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
