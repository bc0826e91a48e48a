import { useTranslation } from "react-i18next";

// Dates and numbers as the page's language writes them: one place that knows the locales and
// that the site's dates are in UK time. Components use `useFormat()` or <When>; server code (the
// pack's PDF, the CLI) passes the language's locale.

/** The locale a language's dates and numbers are written in. */
export const localeOf = (language: string) => (language === "en" ? "en-GB" : language === "cy" ? "cy-GB" : language);

const TIME_ZONE = "Europe/London";

/** "3 December 2026" */
export const formatDate = (at: string | Date, locale: string) =>
  new Date(at).toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE });

/** "03/12/2026, 14:05:00": a moment, for logs and histories. */
export const formatDateTime = (at: string | Date, locale: string) => new Date(at).toLocaleString(locale, { timeZone: TIME_ZONE });

/** "1,234,567" */
export const formatNumber = (n: number, locale: string) => n.toLocaleString(locale);

/** The formatters bound to the page's language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return {
    date: (at: string | Date) => formatDate(at, locale),
    dateTime: (at: string | Date) => formatDateTime(at, locale),
    number: (n: number) => formatNumber(n, locale),
  };
}
