import { type MouseEvent, useCallback, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { MessageKey } from "~/i18n";

export interface SummaryError {
  fieldId?: string;
  message: string;
}

/** A form field as conform describes it; `label` goes before its message ("Recipient 2: …"). */
export interface SummaryField {
  id: string;
  errors?: string[];
  label?: string;
}

/**
 * The summary's lines for a conform form: its own messages first (with `values` to fill them in),
 * then the first message of each field, in the order given, linked to the field.
 */
export function useErrorSummary(form: { errors?: string[] }, fields: SummaryField[], values?: Record<string, string | number>): SummaryError[] {
  const { t } = useTranslation();
  return [
    ...(form.errors ?? []).map((message) => ({ message: t(message as MessageKey, values ?? {}) })),
    ...fields.flatMap(({ id, errors, label }) =>
      (errors ?? []).slice(0, 1).map((message) => ({ fieldId: id, message: label ? `${label}: ${t(message as MessageKey)}` : t(message as MessageKey) })),
    ),
  ];
}

/**
 * "There is a problem", with a link to each field in error. It takes focus, so it is read first,
 * when a page arrives with errors and after each submission that has them; not while someone
 * corrects a field, when the list updates as they type and must leave the cursor where it is.
 */
export function ErrorSummary({ errors }: { errors: SummaryError[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement | null>(null);
  const setRef = useCallback((node: HTMLElement | null) => {
    ref.current = node;
  }, []);
  const focusDue = useRef<"arrival" | "submission" | null>("arrival");

  useEffect(() => {
    // Capture on the document runs before the form's own submit handler validates and re-renders.
    // A hidden submitter is not a person pressing a button (or Enter) but a script's request:
    // conform submits that way to validate while someone types.
    const onSubmit = (event: Event) => {
      const submitter = (event as SubmitEvent).submitter;
      if (submitter instanceof HTMLElement && submitter.hidden) return;
      if (event.target instanceof HTMLFormElement && ref.current && event.target.contains(ref.current)) {
        focusDue.current = "submission";
      }
    };
    document.addEventListener("submit", onSubmit, true);
    return () => document.removeEventListener("submit", onSubmit, true);
  }, []);

  useEffect(() => {
    const due = focusDue.current;
    if (due && errors.length) {
      // Not on arrival if the person has already started on a field while the page was loading.
      const idle = !document.activeElement || document.activeElement === document.body;
      if (due === "submission" || idle) ref.current?.focus();
      focusDue.current = null;
    } else if (due === "arrival") {
      focusDue.current = null;
    }
  });

  // Without errors an invisible marker stays in place, so a submission of this form is recognised.
  if (!errors.length) return <span hidden ref={setRef} />;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={setRef}>
      <h2 id="error-summary-title">{t("sign.errorSummary")}</h2>
      <ul>
        {errors.map((error) => (
          <li key={`${error.fieldId}-${error.message}`}>
            {error.fieldId ? (
              <a href={`#${error.fieldId}`} onClick={(event) => focusField(event, error.fieldId!)}>
                {error.message}
              </a>
            ) : (
              error.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * With JavaScript, a summary link puts the cursor in its field itself, as the GOV.UK Design System
 * does: it scrolls the field's label (or the legend of its group) into view, so the person sees
 * what the field asks and what is wrong, and leaves the address alone, so the router's scroll
 * restoration, which a #fragment change would trigger, cannot move the page elsewhere. Without
 * JavaScript the plain link does the same, with scroll-margin-top keeping the label in view.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string) {
  const field = document.getElementById(fieldId);
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement)) return;
  event.preventDefault();
  const legend = field.type === "radio" || field.type === "checkbox" ? field.closest("fieldset")?.querySelector("legend") : null;
  (legend ?? field.labels?.[0] ?? field).scrollIntoView();
  field.focus({ preventScroll: true });
}
