import { getFormProps, type Submission, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EasyReadRowsEditor, type PictureShown, rowErrorFields } from "~/components/easy-read-editor-rows";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { LetterDiff } from "~/components/letter-diff";
import { Form } from "~/components/link";
import { PictureFinder, type PictureChoiceShown, usePictureTargets } from "~/components/picture-finder";
import { languageNames, type MessageKey, type UiLanguage } from "~/i18n";
import type { EasyReadLetters } from "~/schemas/easy-read";
import { type AmendLetterInput, AmendLetterSchema } from "~/schemas/letter-version";
import type { EasyReadFlag } from "~/services/easy-read-check.server";
import type { DiffPart } from "~/services/letter-versions.server";
import type { FinderState } from "../__easy-read-form.server";

/** A preview needs only the new texts; the reason is asked for when saving. */
export const PreviewSchema = AmendLetterSchema.pick({ body: true, easyRead: true, easyReadForm: true });

/**
 * Checks "Preview" and "Save" in the browser; every other button (a row added, moved or removed,
 * the picture finder's) goes to the server, which answers with the form as typed and the writing
 * aid's advice on its rows, so the advice always sits beside its row. (An `error` of null is
 * conform's "the server decides".)
 */
function validate(formData: FormData): Submission<AmendLetterInput, string[]> {
  const action = formData.get("_action");
  if (action === "preview") return parseWithZod(formData, { schema: PreviewSchema }) as unknown as Submission<AmendLetterInput, string[]>;
  if (action === "save" && !formData.has("__intent__")) return parseWithZod(formData, { schema: AmendLetterSchema });
  return { ...parseWithZod(formData, { schema: z.any() }), error: null } as unknown as Submission<AmendLetterInput, string[]>;
}

export function AmendForm({
  next,
  languages,
  defaultValue,
  lastResult,
  advice,
  pictures,
  uploads,
  finder,
  preview,
}: {
  next: number;
  languages: UiLanguage[];
  defaultValue: { body: Partial<Record<UiLanguage, string>>; easyRead: EasyReadLetters };
  lastResult?: SubmissionResult<string[]>;
  advice?: Partial<Record<UiLanguage, EasyReadFlag[][]>>;
  pictures: PictureShown;
  uploads: PictureChoiceShown[];
  finder: FinderState;
  preview?: { diff: { language: UiLanguage; parts: DiffPart[] }[]; easyReadChanged: UiLanguage[] };
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<AmendLetterInput>({
    id: "amend-letter",
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => validate(formData),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const bodies = fields.body.getFieldset();
  const letters = fields.easyRead.getFieldset();
  const several = languages.length > 1;
  const label = (language: UiLanguage) => (several ? t("editor.inLanguage", { field: t("versions.amend.body"), language: languageNames[language] }) : t("versions.amend.body"));
  const easyReadLabel = (language: UiLanguage) => (several ? languageNames[language] : t("easyReadEditor.letter"));
  const summary = [
    ...useErrorSummary(form, [
      fields.body,
      ...languages.map((language) => ({ id: bodies[language].id, errors: bodies[language].errors, label: label(language) })),
      fields.reason,
      { id: fields.easyRead.id, errors: fields.easyRead.errors },
      ...languages.flatMap((language) => rowErrorFields(t, letters[language], easyReadLabel(language))),
    ]),
    ...(finder.uploadError ? [{ fieldId: "picture-file", message: t(finder.uploadError) }] : []),
  ];
  const targets = usePictureTargets(
    languages,
    Object.fromEntries(languages.map((language) => [language, letters[language].getFieldList().map((item) => ({ text: item.getFieldset().text.value as string | undefined }))])),
  );
  const ownPictures = uploads.map((upload, index) => ({ ...upload, label: upload.label || t("easyReadEditor.pictures.uploadLabel", { number: uploads.length - index }) }));

  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} noValidate>
      {/* Enter in a box checks the rows and searches, never moves or removes a row: the first button is the form's default. */}
      <button type="submit" name="_action" value="search" hidden>
        {t("easyReadEditor.pictures.searchButton")}
      </button>
      <input type="hidden" name={fields.easyReadForm.name} value="1" />
      <ErrorSummary errors={summary} />
      <div className="translated" id={fields.body.id} tabIndex={-1}>
        {languages.map((language) => (
          <TextField key={language} meta={bodies[language]} label={label(language)} hint={t("versions.amend.bodyHint")} multiline rows={16} lang={language} />
        ))}
      </div>

      <h2>{t("easyReadEditor.letter")}</h2>
      <p>{t("easyReadEditor.amendHint")}</p>
      <div id={fields.easyRead.id} tabIndex={-1}>
        {fields.easyRead.errors?.length ? <p className="error-message">{t(fields.easyRead.errors[0] as MessageKey)}</p> : null}
      </div>
      {languages.map((language) => (
        <EasyReadRowsEditor
          key={language}
          form={form}
          meta={letters[language]}
          language={language}
          heading={languageNames[language]}
          languageName={several ? languageNames[language] : undefined}
          advice={advice?.[language]}
          pictures={pictures}
          headingLevel={3}
        />
      ))}
      <PictureFinder
        targets={targets}
        target={finder.target}
        query={finder.query}
        results={finder.results}
        uploads={ownPictures}
        uploadError={finder.uploadError ? t(finder.uploadError as MessageKey) : undefined}
        headingLevel={3}
      />

      <TextField meta={fields.reason} label={t("versions.amend.reason")} hint={t("versions.amend.reasonHint")} multiline rows={3} />
      <div className="button-row">
        <button type="submit" name="_action" value="preview" className="button button--secondary">
          {t("versions.amend.preview")}
        </button>
        <button type="submit" name="_action" value="save" className="button">
          {t("versions.amend.save", { next })}
        </button>
      </div>
      {preview ? (
        <section aria-labelledby="preview-title" className="preview">
          <h2 id="preview-title">{t("versions.amend.previewTitle")}</h2>
          {preview.diff.map(({ language, parts }) => (
            <LetterDiff key={language} parts={parts} lang={language} />
          ))}
          {preview.easyReadChanged.length ? (
            <p>{t("easyReadEditor.changesIn", { languages: preview.easyReadChanged.map((language) => languageNames[language]).join(", ") })}</p>
          ) : null}
        </section>
      ) : null}
    </Form>
  );
}
