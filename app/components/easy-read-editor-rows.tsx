import type { FieldMetadata, FormMetadata } from "@conform-to/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { MessageKey, UiLanguage } from "~/i18n";
import type { EasyReadRow } from "~/schemas/easy-read";
import type { EasyReadFlag } from "~/services/easy-read-check.server";
import type { SummaryField } from "./error-summary";
import { TextField } from "./form-fields";

// An Easy Read letter's rows in a form, in one language: each row's text, its picture (shown, and
// named in a field) and the picture's description, with buttons to move and remove the row, and
// the writing aid's advice beside it. Every button is a plain submit button (conform's list
// intents), so the rows work the same with JavaScript or without.

export type PictureShown = Record<string, { url: string; label: string }>;

type RowsMeta = FieldMetadata<EasyReadRow[] | undefined>;

/** The advice on a row in words: one line per flag. */
export function useAdviceText() {
  const { t } = useTranslation();
  return (flag: EasyReadFlag) => {
    switch (flag.kind) {
      case "longSentence":
        return t("easyReadEditor.advice.longSentence", { count: flag.words, start: flag.start });
      case "hardWords":
        return t("easyReadEditor.advice.hardWords", { count: flag.words.length, words: flag.words.join(", ") });
      case "noPicture":
        return t("easyReadEditor.advice.noPicture");
      case "noAlt":
        return t("easyReadEditor.advice.noAlt");
      case "moreThanOneIdea":
        return flag.word
          ? t("easyReadEditor.advice.joined", { word: flag.word })
          : t("easyReadEditor.advice.sentences", { count: flag.sentences });
    }
  };
}

/** The writing aid's advice on one row, as a list; nothing when the row reads well. */
export function RowAdvice({ id, flags }: { id: string; flags: EasyReadFlag[] | undefined }) {
  const { t } = useTranslation();
  const say = useAdviceText();
  if (!flags?.length) return null;
  return (
    <div className="easy-read-advice" id={id}>
      <p className="easy-read-advice__title">{t("easyReadEditor.advice.title")}</p>
      <ul>
        {flags.map((flag, index) => (
          <li key={index}>{say(flag)}</li>
        ))}
      </ul>
    </div>
  );
}

/** The error summary's lines for a language's rows: "Cymraeg, row 2: write the row's text". */
export function rowErrorFields(t: TFunction, meta: RowsMeta, languageLabel: string): SummaryField[] {
  return [
    { id: meta.id, errors: meta.errors, label: languageLabel },
    ...meta.getFieldList().flatMap((item, index) => {
      const row = item.getFieldset();
      const label = t("easyReadEditor.rowIn", { language: languageLabel, number: index + 1 });
      return [
        { id: item.id, errors: item.errors, label },
        ...(["text", "picture", "alt"] as const).map((name) => ({ id: row[name].id, errors: row[name].errors, label })),
      ];
    }),
  ];
}

/**
 * A language's rows. `advice` is the writing aid's, row by row, for the rows as the server last
 * saw them; `pictures` the address and name of each picture the rows name.
 */
export function EasyReadRowsEditor<Schema extends Record<string, unknown>>({
  form,
  meta,
  language,
  heading,
  languageName,
  advice,
  pictures,
  headingLevel = 2,
}: {
  form: FormMetadata<Schema, string[]>;
  meta: RowsMeta;
  language: UiLanguage;
  heading: string;
  /** The language's name, where the form has rows in more than one. */
  languageName?: string;
  advice?: EasyReadFlag[][];
  pictures: PictureShown;
  /** The heading's level: 2, or 3 inside a part of a page with its own. */
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const rows = meta.getFieldList();
  const Heading = headingLevel === 3 ? "h3" : "h2";
  return (
    <section className="easy-read-editor" aria-labelledby={`${meta.id}-heading`}>
      <Heading id={`${meta.id}-heading`} tabIndex={-1}>
        {heading}
      </Heading>
      <div id={meta.id} tabIndex={-1}>
        {meta.errors?.length ? <p className="error-message">{t(meta.errors[0] as MessageKey)}</p> : null}
        {rows.length ? null : <p>{t("easyReadEditor.noRows")}</p>}
      </div>
      {rows.map((item, index) => {
        const row = item.getFieldset();
        const number = index + 1;
        const ref = typeof row.picture.value === "string" ? row.picture.value : "";
        const alt = typeof row.alt.value === "string" ? row.alt.value : "";
        const shown = ref ? pictures[ref] : undefined;
        const adviceId = `${item.id}-advice`;
        return (
          // conform keys the rows it was given as defaults; rows a server answer added have none, and a
          // new answer remounts the whole form anyway.
          <fieldset key={item.key ?? `row-${index}`} className="easy-read-editor__row" id={item.id} tabIndex={-1}>
            <legend>{t("easyReadEditor.row", { number })}</legend>
            <div className="easy-read-editor__picture">
              {shown ? <img src={shown.url} alt={alt} width={96} height={96} /> : <p className="muted">{t("easyReadEditor.noPictureYet")}</p>}
            </div>
            <div className="easy-read-editor__fields">
              <TextField meta={row.text} label={t("easyReadEditor.text")} multiline rows={3} lang={language} />
              <TextField meta={row.picture} label={t("easyReadEditor.picture")} hint={t("easyReadEditor.pictureHint")} />
              <TextField meta={row.alt} label={t("easyReadEditor.alt")} hint={t("easyReadEditor.altHint")} lang={language} />
              <RowAdvice id={adviceId} flags={advice?.[index]} />
              <div className="button-row">
                {index > 0 ? (
                  <button className="button button--secondary" {...form.reorder.getButtonProps({ name: meta.name, from: index, to: index - 1 })}>
                    {t("easyReadEditor.moveUp", { number })}
                  </button>
                ) : null}
                {index < rows.length - 1 ? (
                  <button className="button button--secondary" {...form.reorder.getButtonProps({ name: meta.name, from: index, to: index + 1 })}>
                    {t("easyReadEditor.moveDown", { number })}
                  </button>
                ) : null}
                <button className="button button--warning" {...form.remove.getButtonProps({ name: meta.name, index })}>
                  {t("easyReadEditor.remove", { number })}
                </button>
              </div>
            </div>
          </fieldset>
        );
      })}
      <button className="button button--secondary" {...form.insert.getButtonProps({ name: meta.name })}>
        {languageName ? t("easyReadEditor.addRowIn", { language: languageName }) : t("easyReadEditor.addRow")}
      </button>
    </section>
  );
}
