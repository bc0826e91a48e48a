import type { en, enNamespaces } from "./en";

// English is the source: its shape is the type of every key. i18next reads this augmentation, so
// t("team.title") compiles and t("team.titel") does not, in components (react-i18next), on the
// server (getT) and in the mail templates. strictKeyChecks: a default value does not excuse an
// unknown key.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Resources };
    strictKeyChecks: true;
  }
}

/** Every string of a language, as one resource: the namespaces' top-level blocks side by side. */
export type Resources = typeof en;

/** The namespaces a translator opens, one file each per language (app/i18n/<language>/<namespace>.ts). */
export type Namespace = keyof typeof enNamespaces;

/** i18next's plural forms: English has _one and _other; Welsh has all six (Intl.PluralRules). */
export type PluralSuffix = "zero" | "one" | "two" | "few" | "many" | "other";

// A plural key is asked for by its base ("home.signatures", with a count); the suffixed form is a key too.
type LeafKey<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base | K : K;

/** The dot paths of a resource's strings: "site.name", "pack.verify.problems.changed", "home.signatures". */
export type KeysOf<T> = {
  [K in keyof T & string]: T[K] extends string ? LeafKey<K> : `${K}.${KeysOf<T[K]>}`;
}[keyof T & string];

/**
 * A message key that travels as data before it is translated: a zod issue's message, a form error
 * in a conform result, a DomainError's key. t() accepts it as it is.
 */
export type MessageKey = KeysOf<Resources>;

/**
 * What a translator fills in for another language: the same keys as English, except that a plural
 * key has the forms its language needs (_other always; _zero, _one, _two, _few and _many as its
 * plural rules say). app/i18n/languages.test.ts checks the forms and the {{names}} key by key.
 */
export type Strings<T> = {
  [K in keyof T as K extends `${string}_${PluralSuffix}` ? never : K]: T[K] extends string ? string : Strings<T[K]>;
} & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_other` : never]: string;
} & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_${Exclude<PluralSuffix, "other">}` : never]?: string;
};

/** One language's namespace files, each shaped like English's. */
export type LanguageNamespaces = { [N in Namespace]: Strings<(typeof enNamespaces)[N]> };

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };

/**
 * A language's Easy Read variant: any of its keys, reworded for Easy Read. Keys left out fall back
 * to the standard text of the same language, key by key.
 */
export type EasyReadStrings = DeepPartial<Strings<Resources>>;

/** The standard text, or the Easy Read variant of it. */
export type TextVariant = "standard" | "easy_read";
