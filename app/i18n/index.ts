import { localeOf } from "./format";
import i18next, { type i18n } from "i18next";
import { cyNamespaces } from "./cy";
import { enNamespaces } from "./en";
import type { LanguageNamespaces, Resources, Strings } from "./types";

export type { KeysOf, LanguageNamespaces, MessageKey, Namespace, Resources, Strings } from "./types";

export const languages = ["en", "cy"] as const;
export type UiLanguage = (typeof languages)[number];
export const defaultLanguage: UiLanguage = "en";

/** Each language's name in itself: what its link says, in every language ("Cymraeg" on English pages). */
export const languageNames: Record<UiLanguage, string> = { en: "English", cy: "Cymraeg" };

/** Each language's namespace files (app/i18n/<language>/*.ts). A new language adds its own here. */
export const namespacesByLanguage: Record<UiLanguage, LanguageNamespaces> = { en: enNamespaces, cy: cyNamespaces };

/**
 * A language's strings as i18next reads them: one resource ("translation") holding every
 * namespace's blocks. The namespaces are files for translators, not separate lookups, so a key keeps
 * its full path ("team.title"), there is no chain of namespaces to search, and the one resource
 * type is what t() is checked against (types.ts).
 */
export function resourcesOf(language: UiLanguage): Strings<Resources> {
  return Object.assign({}, ...Object.values(namespacesByLanguage[language]));
}

const instances = new Map<string, i18n>();

/** An initialised i18next instance per language, built synchronously so SSR and hydration agree. */
export function getI18n(language: UiLanguage = defaultLanguage) {
  let instance = instances.get(language);
  if (!instance) {
    instance = i18next.createInstance();
    instance.init({
      // British English and Welsh for dates and numbers ("28 November 2026", "28 Tachwedd 2026"); strings come from "en" and "cy".
      lng: localeOf(language),
      fallbackLng: defaultLanguage,
      resources: Object.fromEntries(languages.map((code) => [code, { translation: resourcesOf(code) }])),
      interpolation: { escapeValue: false }, // React and the mail templates escape on output
      initAsync: false,
      returnNull: false,
      showSupportNotice: false,
    });
    instances.set(language, instance);
  }
  return instance;
}

export function getT(language: UiLanguage = defaultLanguage) {
  return getI18n(language).t;
}
