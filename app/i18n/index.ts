import { localeOf } from "./format";
import i18next, { type i18n } from "i18next";
import { cyNamespaces } from "./cy";
import { enNamespaces } from "./en";
import { easyReadStrings as cyEasyRead } from "./cy/easy-read";
import { easyReadStrings as enEasyRead } from "./en/easy-read";
import type { EasyReadStrings, LanguageNamespaces, Resources, Strings, TextVariant } from "./types";

export type { EasyReadStrings, KeysOf, LanguageNamespaces, MessageKey, Namespace, Resources, Strings, TextVariant } from "./types";

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

/** Each language's Easy Read wording (app/i18n/<language>/easy-read.ts): overrides of its standard keys. */
export const easyReadByLanguage: Record<UiLanguage, EasyReadStrings> = { en: enEasyRead, cy: cyEasyRead };

type Tree = { [key: string]: string | Tree };
/** The standard strings with the Easy Read ones laid over them, key by key. */
function overlay(base: Tree, over: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = typeof value === "object" && typeof under === "object" ? overlay(under, value) : value;
  }
  return merged;
}

/** A language's strings in a variant: Easy Read falls back to the standard text wherever it has no wording of its own. */
export function resourcesIn(language: UiLanguage, variant: TextVariant): Strings<Resources> {
  const standard = resourcesOf(language);
  return variant === "easy_read" ? (overlay(standard as unknown as Tree, easyReadByLanguage[language] as Tree) as unknown as Strings<Resources>) : standard;
}

const instances = new Map<string, i18n>();

/** An initialised i18next instance per language and variant, built synchronously so SSR and hydration agree. */
export function getI18n(language: UiLanguage = defaultLanguage, variant: TextVariant = "standard") {
  let instance = instances.get(`${language}:${variant}`);
  if (!instance) {
    instance = i18next.createInstance();
    instance.init({
      // British English and Welsh for dates and numbers ("28 November 2026", "28 Tachwedd 2026"); strings come from "en" and "cy".
      lng: localeOf(language),
      fallbackLng: defaultLanguage,
      resources: Object.fromEntries(languages.map((code) => [code, { translation: resourcesIn(code, variant) }])),
      interpolation: { escapeValue: false }, // React and the mail templates escape on output
      initAsync: false,
      returnNull: false,
      showSupportNotice: false,
    });
    instances.set(`${language}:${variant}`, instance);
  }
  return instance;
}

export function getT(language: UiLanguage = defaultLanguage, variant: TextVariant = "standard") {
  return getI18n(language, variant).t;
}
