import { useFormat } from "~/i18n/format";

/** A date, or a moment ("dateTime"), in the page's language, machine-readable in `dateTime`. */
export function When({ at, style = "date" }: { at: string; style?: "date" | "dateTime" }) {
  const format = useFormat();
  return <time dateTime={at}>{style === "date" ? format.date(at) : format.dateTime(at)}</time>;
}
