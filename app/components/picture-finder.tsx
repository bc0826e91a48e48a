import { Trans, useTranslation } from "react-i18next";
import { languageNames, type UiLanguage } from "~/i18n";

// Choosing a picture for an Easy Read row, without JavaScript. It sits inside the form that holds
// the rows, so every button sends the rows as typed and the page comes back with them (not saved):
// pick the row in "Put the picture in", then search the library ("Find a picture") and press "Use
// this picture" on one of the results, or upload a file ("Upload and use"), or press "Use this
// picture" on one the campaign uploaded before. The server puts the picture's name in that row
// (and its name as a first description, if the row has none) and moves the row picker on to the
// next row without a picture.

/** What the row picker calls a row: its language and number, and how its text starts. */
export function usePictureTargets(languages: UiLanguage[], rows: Partial<Record<UiLanguage, { text?: string }[]>>) {
  const { t } = useTranslation();
  return languages.flatMap((language) => {
    const list = rows[language] ?? [];
    const where = (number: number) => t("easyReadEditor.rowIn", { language: languageNames[language], number });
    return [
      ...list.map((row, index) => {
        const words = (row.text ?? "").split(/\s+/).filter(Boolean);
        const start = words.slice(0, 6).join(" ") + (words.length > 6 ? "…" : "");
        return { value: `${language}.${index}`, label: start ? `${where(index + 1)}: ${start}` : `${where(index + 1)} ${t("easyReadEditor.pictures.noText")}` };
      }),
      { value: `${language}.new`, label: t("easyReadEditor.pictures.newRow", { language: languageNames[language] }) },
    ];
  });
}

export interface PictureChoiceShown {
  ref: string;
  label: string;
  url: string;
}

function Choices({ choices, label }: { choices: PictureChoiceShown[]; label: string }) {
  const { t } = useTranslation();
  return (
    <ul className="picture-choices" aria-label={label}>
      {choices.map((choice) => (
        <li key={choice.ref}>
          {/* The name beside it says what it shows; the picture itself adds nothing to hear. */}
          <img src={choice.url} alt="" width={72} height={72} />
          <span className="picture-choices__label">{choice.label}</span>
          {/* Its visible words first in its name, then which picture: the buttons' words repeat. */}
          <button type="submit" name="_use" value={choice.ref} className="button button--secondary" aria-label={t("easyReadEditor.pictures.useNamed", { label: choice.label })}>
            {t("easyReadEditor.pictures.use")}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function PictureFinder({
  targets,
  target,
  query,
  results,
  uploads,
  uploadError,
  headingLevel = 2,
}: {
  /** Each row a picture may go into ("en.2"), and a new row at the end of each language ("en.new"). */
  targets: { value: string; label: string }[];
  target: string;
  query: string;
  /** The library's pictures for `query`; undefined before any search. */
  results?: PictureChoiceShown[];
  /** The pictures this campaign has uploaded. */
  uploads: PictureChoiceShown[];
  /** Why the last upload was refused, in words. */
  uploadError?: string;
  /** Its heading's level: 2, or 3 inside a part of a page with its own. */
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const Heading = headingLevel === 3 ? "h3" : "h2";
  const Subheading = headingLevel === 3 ? "h4" : "h3";
  return (
    <section className="picture-finder" aria-labelledby="pictures-heading" id="pictures">
      <Heading id="pictures-heading">{t("easyReadEditor.pictures.title")}</Heading>
      <p>{t("easyReadEditor.pictures.intro")}</p>
      <div className="field">
        <label htmlFor="picture-row">{t("easyReadEditor.pictures.row")}</label>
        <select id="picture-row" name="pictureRow" defaultValue={target}>
          {targets.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor="picture-query">{t("easyReadEditor.pictures.search")}</label>
        <p className="hint" id="picture-query-hint">
          {t("easyReadEditor.pictures.searchHint")}
        </p>
        <div className="picture-finder__search">
          <input type="search" id="picture-query" name="pictureQuery" defaultValue={query} aria-describedby="picture-query-hint" maxLength={100} />
          <button type="submit" name="_action" value="search" className="button button--secondary">
            {t("easyReadEditor.pictures.searchButton")}
          </button>
        </div>
      </div>
      {results === undefined ? null : results.length ? (
        <>
          <p role="status">{t("easyReadEditor.pictures.found", { count: results.length, query })}</p>
          <Choices choices={results} label={t("easyReadEditor.pictures.results")} />
        </>
      ) : (
        <p role="status">{query ? t("easyReadEditor.pictures.noneFound", { query }) : t("easyReadEditor.pictures.typeAWord")}</p>
      )}

      <Subheading>{t("easyReadEditor.pictures.ownTitle")}</Subheading>
      <div className={`field${uploadError ? " field--error" : ""}`}>
        <label htmlFor="picture-file">{t("easyReadEditor.pictures.upload")}</label>
        <p className="hint" id="picture-file-hint">
          {t("easyReadEditor.pictures.uploadHint")}
        </p>
        {uploadError ? (
          <p className="error-message" id="picture-file-error">
            <span className="visually-hidden">{t("errors.prefix")} </span>
            {uploadError}
          </p>
        ) : null}
        <input
          type="file"
          id="picture-file"
          name="pictureFile"
          accept="image/png,image/jpeg,image/svg+xml"
          aria-describedby={uploadError ? "picture-file-hint picture-file-error" : "picture-file-hint"}
          aria-invalid={uploadError ? true : undefined}
        />
      </div>
      <button type="submit" name="_action" value="upload" className="button button--secondary">
        {t("easyReadEditor.pictures.uploadButton")}
      </button>
      {uploads.length ? <Choices choices={uploads} label={t("easyReadEditor.pictures.uploads")} /> : null}

      <p className="attribution">
        <Trans
          i18nKey="easyReadEditor.pictures.attribution"
          // A list, not an object: react-i18next drops the element keyed "0" of an object.
          components={[<a key="openmoji" href="https://openmoji.org" />, <a key="licence" href="https://creativecommons.org/licenses/by-sa/4.0/" />]}
        />
      </p>
    </section>
  );
}
