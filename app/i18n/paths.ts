import { defaultLanguage, languages, type TextVariant, type UiLanguage } from "./index";

// English lives at the root, Welsh under /cy: /cy, /cy/c/{slug}, /cy/workspace/… The same page in
// either language differs only by that prefix, so a page's language is read off its address and a
// link keeps the reader in theirs.

const prefixed = /^\/(cy)(?=\/|$)/;

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** The language of a page's path: "/cy/c/x" → cy, "/c/x" → en. */
export function languageOfPath(pathname: string): UiLanguage {
  return (prefixed.exec(pathname)?.[1] as UiLanguage | undefined) ?? defaultLanguage;
}

/** The language of the page a request is for. */
export function languageOf(request: Request): UiLanguage {
  return languageOfPath(new URL(request.url).pathname);
}

/** A site path ("/c/x?page=2") in a language: "/cy/c/x?page=2". Paths that are not site paths pass. */
export function localePath(language: UiLanguage, path: string): string {
  if (language === defaultLanguage || !path.startsWith("/") || path.startsWith("//")) return path;
  return path === "/" ? `/${language}` : /^\/[?#]/.test(path) ? `/${language}${path.slice(1)}` : `/${language}${path}`;
}

/** The same page in another language: "/cy/c/x" in English is "/c/x". */
export function pathInLanguage(pathname: string, language: UiLanguage): string {
  const bare = pathname.replace(prefixed, "") || "/";
  return localePath(language, bare);
}

// A campaign's Easy Read pages live under /c/{slug}/easy-read: everything there reads in Easy Read.
// So does an event's kiosk showing the Easy Read letter, /kiosk/{token}/easy-read.
const easyReadPath = /^(?:\/cy)?\/(?:c|kiosk)\/[^/]+\/easy-read(?:\/|$)/;

/** Whether a page's path is one of the Easy Read pages, whose strings are the Easy Read variant. */
export function variantOfPath(pathname: string): TextVariant {
  return easyReadPath.test(pathname) ? "easy_read" : "standard";
}
