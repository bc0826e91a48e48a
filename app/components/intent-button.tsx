import { Form } from "~/components/link";
import type { ReactNode } from "react";

/**
 * A form of one button that asks the page's action to do one thing (`intent`) to the record the
 * hidden `fields` name. On a table's rows the button's text repeats, so `ariaLabel` names the row.
 */
export function IntentButton({
  intent,
  fields = {},
  ariaLabel,
  variant = "secondary",
  children,
}: {
  intent: string;
  fields?: Record<string, string | number>;
  ariaLabel?: string;
  variant?: "secondary" | "warning";
  children: ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={`button button--${variant}`} aria-label={ariaLabel}>
        {children}
      </button>
    </Form>
  );
}
