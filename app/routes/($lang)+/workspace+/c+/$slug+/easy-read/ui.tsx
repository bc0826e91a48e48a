import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { EasyReadRowsEditor, type PictureShown, rowErrorFields } from "~/components/easy-read-editor-rows";
import { EasyReadRows } from "~/components/easy-read-rows";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Form, Link } from "~/components/link";
import { PictureFinder, type PictureChoiceShown, usePictureTargets } from "~/components/picture-finder";
import { languageNames, type MessageKey, type UiLanguage } from "~/i18n";
import type { EasyReadLetters } from "~/schemas/easy-read";
import type { EasyReadEditorInput } from "~/schemas/easy-read-editor";
import type { EasyReadFlag } from "~/services/easy-read-check.server";
import type { FinderState } from "../__easy-read-form.server";

/**
 * The editor of a draft's Easy Read letters: every language's rows in one form, then the picture
 * finder, then "Save". No client-side validation on purpose: every button goes to the server,
 * which answers with the rows and the advice on them, so the advice always sits beside its row.
 */
export function EasyReadEditor({
  languages,
  defaultValue,
  lastResult,
  advice,
  pictures,
  uploads,
  finder,
}: {
  languages: UiLanguage[];
  defaultValue: { easyRead: EasyReadLetters };
  lastResult?: SubmissionResult<string[]>;
  advice: Partial<Record<UiLanguage, EasyReadFlag[][]>>;
  pictures: PictureShown;
  uploads: PictureChoiceShown[];
  finder: FinderState;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<EasyReadEditorInput>({ id: "easy-read", lastResult, defaultValue, shouldValidate: "onSubmit" });
  const letters = fields.easyRead.getFieldset();
  const label = (language: UiLanguage) => (languages.length > 1 ? languageNames[language] : t("easyReadEditor.letter"));
  const summary = [
    ...useErrorSummary(form, [
      { id: fields.easyRead.id, errors: fields.easyRead.errors },
      ...languages.flatMap((language) => rowErrorFields(t, letters[language], label(language))),
    ]),
    ...(finder.uploadError ? [{ fieldId: "picture-file", message: t(finder.uploadError) }] : []),
  ];
  const typed = Object.fromEntries(
    languages.map((language) => [language, letters[language].getFieldList().map((item) => ({ text: item.getFieldset().text.value as string | undefined }))]),
  );
  const targets = usePictureTargets(languages, typed);
  // An upload has no name of its own: numbered from the first uploaded (the list is newest first).
  const ownPictures = uploads.map((upload, index) => ({ ...upload, label: upload.label || t("easyReadEditor.pictures.uploadLabel", { number: uploads.length - index }) }));
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} noValidate>
      {/* Enter in a box checks the rows and searches, never moves or removes a row: the first button is the form's default. */}
      <button type="submit" name="_action" value="search" hidden>
        {t("easyReadEditor.pictures.searchButton")}
      </button>
      <ErrorSummary errors={summary} />
      <p>{t("easyReadEditor.intro")}</p>
      <p>{t("easyReadEditor.adviceIntro")}</p>
      {languages.map((language) => (
        <EasyReadRowsEditor
          key={language}
          form={form}
          meta={letters[language]}
          language={language}
          heading={label(language)}
          languageName={languages.length > 1 ? languageNames[language] : undefined}
          advice={advice[language]}
          pictures={pictures}
        />
      ))}
      <PictureFinder targets={targets} target={finder.target} query={finder.query} results={finder.results} uploads={ownPictures} uploadError={finder.uploadError ? t(finder.uploadError as MessageKey) : undefined} />
      <div className="button-row">
        <button type="submit" name="_action" value="save" className="button">
          {t("easyReadEditor.save")}
        </button>
      </div>
    </Form>
  );
}

/** An open (or later) campaign's Easy Read letters, to read, and the way to change them: a correction of the letter. */
export function FrozenEasyRead({
  slug,
  languages,
  easyRead,
  pictures,
  canAmend,
}: {
  slug: string;
  languages: UiLanguage[];
  easyRead: EasyReadLetters;
  pictures: PictureShown;
  canAmend: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="notice">
        {t("easyReadEditor.frozen")} {canAmend ? <Link to={`/workspace/c/${slug}/amend`}>{t("easyReadEditor.amend")}</Link> : t("easyReadEditor.cannotAmend")}
      </p>
      {languages.map((language) => {
        const rows = easyRead[language] ?? [];
        const id = `easy-read-${language}`;
        return (
          <section key={language} aria-labelledby={id}>
            <h2 id={id}>{languages.length > 1 ? languageNames[language] : t("easyReadEditor.letter")}</h2>
            {rows.length ? (
              <EasyReadRows
                labelledBy={id}
                lang={language}
                rows={rows.map((row) => ({ text: row.text, src: row.picture ? pictures[row.picture]?.url : undefined, alt: row.alt ?? "" }))}
              />
            ) : (
              <p>{t("easyReadEditor.none")}</p>
            )}
          </section>
        );
      })}
    </>
  );
}
