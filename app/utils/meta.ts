import type { MetaDescriptor } from "@remix-run/node";
import { getT, type MessageKey } from "~/i18n";
import { languageOfPath, variantOfPath } from "~/i18n/paths";

// Every page's <title> says what the page is, then the site: "Team: Fair care now – Undersigned",
// in the page's language (read off its address, as meta functions have no loader to ask).

type Where = { pathname: string };

/** The strings of the page at `location`. */
export function metaT(location: Where) {
  return getT(languageOfPath(location.pathname), variantOfPath(location.pathname));
}

/** The title of a page: its parts (empty ones left out) joined by ": ", then the site's name. */
export function pageTitle(location: Where, ...parts: (string | null | undefined)[]): MetaDescriptor[] {
  return [{ title: `${parts.filter(Boolean).join(": ")} – ${metaT(location)("site.name")}` }];
}

/** A page's `meta` when its title is one string: `export const meta = titled("people.title")`. */
export const titled =
  (key: MessageKey) =>
  ({ location }: { location: Where }) =>
    pageTitle(location, metaT(location)(key));
