import { useTranslation } from "react-i18next";

export interface LetterDiffPart {
  change: "same" | "added" | "removed";
  text: string;
}

/**
 * What changed between two versions of a letter, word by word (computed on the server). Added
 * words are underlined, removed ones struck through, and both are announced in words, so the
 * change never rests on colour alone.
 */
export function LetterDiff({ parts, lang }: { parts: LetterDiffPart[]; lang: string }) {
  const { t, i18n } = useTranslation();
  const marker = (text: string) => (
    <span className="visually-hidden" lang={i18n.language}>
      {text}
    </span>
  );
  return (
    <>
      <p className="hint">{t("versions.diffKey")}</p>
      <div className="diff" lang={lang}>
        {parts.map((part, index) =>
          part.change === "added" ? (
            <ins key={index}>
              {marker(`[${t("versions.added")} `)}
              {part.text}
              {marker(` ${t("versions.endAdded")}] `)}
            </ins>
          ) : part.change === "removed" ? (
            <del key={index}>
              {marker(`[${t("versions.removed")} `)}
              {part.text}
              {marker(` ${t("versions.endRemoved")}] `)}
            </del>
          ) : (
            <span key={index}>{part.text}</span>
          ),
        )}
      </div>
    </>
  );
}
