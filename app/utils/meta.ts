import type { MetaDescriptor } from "@remix-run/node";
import { getT, type MessageKey } from "~/i18n";

// Every page's <title> says what the page is, then the site: "Team: Fair care now – Undersigned".

/** The title of a page: its parts (empty ones left out) joined by ": ", then the site's name. */
export function pageTitle(...parts: (string | null | undefined)[]): MetaDescriptor[] {
  return [{ title: `${parts.filter(Boolean).join(": ")} – ${getT()("site.name")}` }];
}

/** A page's `meta` when its title is one string: `export const meta = titled("people.title")`. */
export const titled = (key: MessageKey) => () => pageTitle(getT()(key));
