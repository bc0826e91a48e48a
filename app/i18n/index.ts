import i18next, { type i18n } from "i18next";
import { en } from "./en";

export const languages = ["en"] as const;
export type UiLanguage = (typeof languages)[number];
export const defaultLanguage: UiLanguage = "en";

const instances = new Map<string, i18n>();

/** An initialised i18next instance per language, built synchronously so SSR and hydration agree. */
export function getI18n(language: UiLanguage = defaultLanguage) {
  let instance = instances.get(language);
  if (!instance) {
    instance = i18next.createInstance();
    instance.init({
      // British English for dates and numbers (28 November 2026); strings come from "en".
      lng: language === "en" ? "en-GB" : language,
      fallbackLng: defaultLanguage,
      resources: { en: { translation: en } },
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
