// The comparison of a language's strings with English, key by key: what
// app/i18n/languages.test.ts asserts and `npm run i18n:check` (app/i18n/check.ts) prints.

export type Tree = { [key: string]: string | Tree };

export const pluralKey = /^(.*)_(zero|one|two|few|many|other)$/;

/** "a.b.c" → its string, for every string in a resource. */
export function flatten(tree: Tree, prefix = "", into = new Map<string, string | undefined>()) {
  for (const [key, value] of Object.entries(tree)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.set(at, value);
    else if (value && typeof value === "object") flatten(value, at, into);
    else into.set(at, undefined); // not a string: reported as such
  }
  return into;
}

/** The names a string fills in: "{{count, number}} of {{goal, number}}" → count, goal. */
export function interpolationNames(text: string) {
  return new Set([...text.matchAll(/\{\{-?\s*([^,}\s]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]));
}

/**
 * A resource's keys, with plural forms gathered under their base key: "home.signatures" → { one, other }.
 * A key is plural when either resource has its _other form, so "states.sent_back" stays a plain key
 * and a translation that lost its _other form is still read as plural.
 */
export function keyTable(flat: Map<string, string | undefined>, other: Map<string, string | undefined>) {
  const plain = new Map<string, string | undefined>();
  const plural = new Map<string, Map<string, string | undefined>>();
  for (const [key, value] of flat) {
    const m = pluralKey.exec(key);
    if (m && (flat.has(`${m[1]}_other`) || other.has(`${m[1]}_other`))) {
      const forms = plural.get(m[1]) ?? new Map();
      forms.set(m[2], value);
      plural.set(m[1], forms);
    } else {
      plain.set(key, value);
    }
  }
  return { plain, plural };
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const list = (names: Set<string>) => (names.size ? [...names].sort().join(", ") : "none");

/**
 * What is wrong with a language's strings, compared with English key by key; empty when nothing
 * is. `language` picks the plural forms the language needs (Intl.PluralRules).
 */
export function compareWithEnglish(english: object, other: object, language: string): string[] {
  const problems: string[] = [];
  const [englishFlat, otherFlat] = [flatten(english as Tree), flatten(other as Tree)];
  const source = keyTable(englishFlat, otherFlat);
  const target = keyTable(otherFlat, englishFlat);
  // A group of strings where English has one string: said once, not once per string in it.
  const groups = [...source.plain.keys()].filter((key) => [...otherFlat.keys()].some((k) => k.startsWith(`${key}.`)));
  const inGroup = (key: string) => groups.some((group) => key.startsWith(`${group}.`));
  const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];

  for (const [key, text] of source.plain) {
    if (target.plural.has(key)) {
      problems.push(`${key}: is plural here, but not in English`);
      continue;
    }
    if (groups.includes(key)) {
      problems.push(`${key}: not a string`);
      continue;
    }
    if (!target.plain.has(key)) {
      problems.push(`${key}: missing`);
      continue;
    }
    const translated = target.plain.get(key);
    if (typeof translated !== "string") {
      problems.push(`${key}: not a string`);
      continue;
    }
    const want = interpolationNames(text ?? "");
    const got = interpolationNames(translated);
    if (!same(want, got)) problems.push(`${key}: fills in {{${list(got)}}}, English fills in {{${list(want)}}}`);
  }

  for (const [key, forms] of source.plural) {
    const translated = target.plural.get(key);
    if (!translated) {
      problems.push(target.plain.has(key) ? `${key}: needs plural forms (${needed.map((f) => `_${f}`).join(", ")})` : `${key}: missing`);
      continue;
    }
    for (const form of needed) if (!translated.has(form)) problems.push(`${key}_${form}: missing (${language} needs it)`);
    for (const form of translated.keys()) if (!needed.includes(form)) problems.push(`${key}_${form}: ${language} has no such plural form`);
    // Any form may leave out the count ("one letter"); together they name what English names.
    const want = new Set([...forms.values()].flatMap((text) => [...interpolationNames(text ?? "")]));
    const got = new Set<string>();
    for (const [form, text] of translated) {
      if (typeof text !== "string") {
        problems.push(`${key}_${form}: not a string`);
        continue;
      }
      for (const name of interpolationNames(text)) {
        got.add(name);
        if (!want.has(name)) problems.push(`${key}_${form}: fills in {{${name}}}, which English does not give`);
      }
    }
    for (const name of want) if (name !== "count" && !got.has(name)) problems.push(`${key}: no form fills in {{${name}}}`);
  }

  for (const key of target.plain.keys()) if (!source.plain.has(key) && !source.plural.has(key) && !inGroup(key)) problems.push(`${key}: not in English`);
  for (const key of target.plural.keys()) if (!source.plain.has(key) && !source.plural.has(key)) problems.push(`${key}: not in English`);
  return problems;
}

/** Which blocks a language keeps in which namespace file, where English keeps them elsewhere. */
export function compareNamespaceFiles(english: Record<string, object>, other: Record<string, object>): string[] {
  const problems: string[] = [];
  for (const namespace of Object.keys(english)) if (!(namespace in other)) problems.push(`${namespace}: no file`);
  for (const [namespace, blocks] of Object.entries(other)) {
    if (!(namespace in english)) {
      problems.push(`${namespace}: English has no such namespace`);
      continue;
    }
    for (const block of Object.keys(blocks)) {
      const home = Object.entries(english).find(([, englishBlocks]) => block in englishBlocks)?.[0];
      if (home !== namespace) problems.push(`${namespace}: holds "${block}", which English keeps in ${home ?? "no namespace"}`);
    }
  }
  return problems;
}

/**
 * What is wrong with the Easy Read wording (app/i18n/<language>/easy-read.ts), key by key, each
 * problem starting with its language: a key the language's standard strings do not have (it would
 * never be shown), a {{value}} the standard string does not fill in or one it fills in left out, a
 * plural reworded without every form the language needs (the rest would fall back to the standard
 * text), and a key reworded in one language only: Easy Read readers of the other would be treated
 * less favourably. `standard` and `easyRead` are by language code.
 */
export function compareEasyRead(standard: Record<string, object>, easyRead: Record<string, object>): string[] {
  const problems: string[] = [];
  const reworded = new Map<string, Set<string>>(); // each key (a plural by its base) → the languages rewording it
  for (const [language, strings] of Object.entries(easyRead)) {
    const own = flatten(standard[language] as Tree);
    const ownPlurals = keyTable(own, own).plural;
    const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
    const plurals = new Map<string, Map<string, string>>();
    for (const [key, text] of flatten(strings as Tree)) {
      if (!own.has(key)) {
        problems.push(`${language}: ${key}: not a key of the standard strings`);
        continue;
      }
      const m = pluralKey.exec(key);
      const base = m && ownPlurals.has(m[1]) ? m[1] : undefined;
      reworded.set(base ?? key, (reworded.get(base ?? key) ?? new Set()).add(language));
      if (typeof text !== "string") {
        problems.push(`${language}: ${key}: not a string`);
        continue;
      }
      if (base) {
        plurals.set(base, (plurals.get(base) ?? new Map()).set(m![2], text));
        continue;
      }
      const want = interpolationNames(own.get(key) ?? "");
      const got = interpolationNames(text);
      if (!same(want, got)) problems.push(`${language}: ${key}: fills in {{${list(got)}}}, the standard text fills in {{${list(want)}}}`);
    }
    for (const [base, forms] of plurals) {
      for (const form of needed) if (!forms.has(form)) problems.push(`${language}: ${base}_${form}: missing (a plural reworded for Easy Read needs every form)`);
      const want = new Set([...ownPlurals.get(base)!.values()].flatMap((text) => [...interpolationNames(text ?? "")]));
      const got = new Set<string>();
      for (const [form, text] of forms) {
        for (const name of interpolationNames(text)) {
          got.add(name);
          if (!want.has(name)) problems.push(`${language}: ${base}_${form}: fills in {{${name}}}, which the standard text does not give`);
        }
      }
      for (const name of want) if (name !== "count" && !got.has(name)) problems.push(`${language}: ${base}: no form fills in {{${name}}}`);
    }
  }
  const all = Object.keys(easyRead);
  for (const [key, languages] of reworded) {
    for (const language of all.filter((code) => !languages.has(code))) {
      problems.push(`${language}: ${key}: reworded for Easy Read in ${[...languages].join(", ")} only; reword it here too`);
    }
  }
  return problems;
}

/** An Easy Read sentence has at most this many words (Mencap, "Am I making myself clear?"). */
export const easyReadSentenceWords = 15;

/** A string's sentences: it is split after ".", "!" or "?" (and a closing quotation mark) before a space, and at line breaks. */
export function sentences(text: string) {
  return text
    .split(/(?<=[.!?]["”’)]?)\s+|\s*\n\s*/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** The words a reader meets: a {{value}} is one word (its name), a mark on its own ("–") none. */
export function wordCount(text: string) {
  return text
    .replace(/\{\{-?\s*([^,}\s]+)[^}]*\}\}/g, "$1")
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Italics in Markdown, *so* or _so_ (bold, **so** or __so__, is not italics). */
export function hasItalics(text: string) {
  const withoutBold = text.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2");
  return /(?<![\p{L}\p{N}*_])([*_])(?=\S)[^\n]*?(?<=\S)\1(?![\p{L}\p{N}*_])/u.test(withoutBold);
}

/**
 * How an Easy Read variant reads: each sentence over easyReadSentenceWords words, and each string
 * in italics, which readers with a learning disability find hard to read.
 */
export function readabilityProblems(easyRead: object, language: string): string[] {
  const problems: string[] = [];
  for (const [key, text] of flatten(easyRead as Tree)) {
    if (typeof text !== "string") continue;
    for (const sentence of sentences(text.replace(/\{\{-?\s*([^,}\s]+)[^}]*\}\}/g, "{{$1}}"))) {
      const words = wordCount(sentence);
      if (words > easyReadSentenceWords) problems.push(`${language}: ${key}: a sentence of ${words} words (Easy Read has ${easyReadSentenceWords} at most): ${sentence}`);
    }
    if (hasItalics(text)) problems.push(`${language}: ${key}: italics (*…* or _…_): Easy Read has none`);
  }
  return problems;
}
