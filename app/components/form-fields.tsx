import { type FieldMetadata, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { MessageKey } from "~/i18n";

function describedBy(...ids: (string | false | undefined)[]) {
  return ids.filter(Boolean).join(" ") || undefined;
}

/** A field's first error, with "Error:" for screen readers; its id is what the field's aria-describedby names. */
export function FieldError({ meta }: { meta: FieldMetadata<unknown> }) {
  const { t } = useTranslation();
  if (!meta.errors?.length) return null;
  return (
    <p className="error-message" id={meta.errorId}>
      <span className="visually-hidden">{t("errors.prefix")} </span>
      {t(meta.errors[0] as MessageKey)}
    </p>
  );
}

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
  multiline,
  rows = 4,
  lang,
  children,
}: {
  meta: FieldMetadata<string | number | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  type?: "text" | "email" | "date" | "datetime-local" | "number";
  autoComplete?: string;
  multiline?: boolean;
  rows?: number;
  /** The language the value is written in, where it is not the page's (a campaign's Welsh title on an English page). */
  lang?: string;
  /** Shown after the input, such as a live check of the value. */
  children?: ReactNode;
}) {
  const invalid = Boolean(meta.errors?.length);
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const aria = {
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy(hintId, invalid && meta.errorId),
    lang,
  };
  return (
    <div className={`field${invalid ? " field--error" : ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError meta={meta} />
      {multiline ? (
        <textarea {...getTextareaProps(meta as FieldMetadata<string | undefined>, { ariaAttributes: false })} {...aria} rows={rows} autoComplete={autoComplete} />
      ) : (
        <input {...getInputProps(meta as FieldMetadata<string | undefined>, { type, ariaAttributes: false })} {...aria} autoComplete={autoComplete} spellCheck={type === "email" ? false : undefined} />
      )}
      {children}
    </div>
  );
}

export function Checkbox({ meta, label }: { meta: FieldMetadata<boolean | undefined>; label: ReactNode }) {
  return (
    <div className="choice">
      <input {...getInputProps(meta, { type: "checkbox", ariaAttributes: false })} />
      <label htmlFor={meta.id}>{label}</label>
    </div>
  );
}

export function Radios({
  meta,
  legend,
  options,
}: {
  meta: FieldMetadata<string | undefined>;
  legend: ReactNode;
  options: { value: string; label: ReactNode }[];
}) {
  const invalid = Boolean(meta.errors?.length);
  return (
    <div className={`field${invalid ? " field--error" : ""}`}>
      <fieldset aria-describedby={invalid ? meta.errorId : undefined}>
        <legend>{legend}</legend>
        <FieldError meta={meta} />
        {options.map((option, index) => {
          // The first radio carries the field's id, so the error summary's link lands on it.
          const id = index === 0 ? meta.id : `${meta.id}-${option.value}`;
          return (
            <div className="choice" key={option.value}>
              <input
                type="radio"
                id={id}
                name={meta.name}
                value={option.value}
                defaultChecked={meta.initialValue === option.value}
                form={meta.formId}
              />
              <label htmlFor={id}>{option.label}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

export function Select({
  meta,
  label,
  options,
}: {
  meta: FieldMetadata<string | undefined>;
  label: ReactNode;
  options: { value: string; label: string }[];
}) {
  const invalid = Boolean(meta.errors?.length);
  return (
    <div className={`field${invalid ? " field--error" : ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      <FieldError meta={meta} />
      <select {...getSelectProps(meta, { ariaAttributes: false })} aria-invalid={invalid || undefined} aria-describedby={invalid ? meta.errorId : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
