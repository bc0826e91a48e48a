// `npm run i18n:check`: every language other than English, checked against English and spelt.
// Prints each problem and exits 1 if there is any:
//  - a key missing or extra, a plural without every form its language needs (Intl.PluralRules), a
//    {{value}} differing from English's, a block in another namespace's file (./compare.ts, the
//    same check as languages.test.ts);
//  - a word the language's aspell dictionary does not know and its reviewed word list
//    (app/i18n/<language>/words.txt) does not list, with the keys it appears in (the language's
//    Easy Read wording is spelt too);
//  - in the Easy Read wording (app/i18n/<language>/easy-read.ts): a key the standard strings do not
//    have, a key reworded in one language only, a {{value}} differing from the standard string's, a
//    plural reworded without every form; there and in the Easy Read pages' own strings (easyRead.*),
//    a sentence over 15 words, italics (./compare.ts).
// Needs aspell and the language's dictionary: apt-get install aspell aspell-cy.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { compareEasyRead, compareNamespaceFiles, compareWithEnglish, easyReadSentenceWords, flatten, readabilityProblems, type Tree } from "./compare";
import { en, enNamespaces } from "./en";
import { easyReadByLanguage, languages, namespacesByLanguage, resourcesOf, type UiLanguage } from "./index";

/** Each language's aspell dictionary and the Debian package it comes in. A language not here is not spelt. */
export const dictionaries: Record<string, { aspell: string; debian: string }> = {
  cy: { aspell: "cy", debian: "aspell-cy" },
};

/** Aspell, or the language's dictionary, is not installed. */
export class SpellCheckerMissing extends Error {}

/**
 * What aspell is given of a string: its words, without what is not prose in the language. Gone are
 * {{values}}, values typed as they are in straight quotes ("en", "to"), <0>…</0> tags, URLs, email
 * addresses, Markdown syntax (**bold**, [text](link), `code`, headings and list markers), file names
 * and paths (letter.pdf, support-letters/, /verify-pack), the command line's --options,
 * command:names and a|b|c choices; and the elided forms of Welsh
 * ('r, 'n, 'i, 'u, 'w, 'm, 'th, 'ch: "Mae'r" is spelt as "Mae"), which aspell-cy does not know.
 */
export function spellable(text: string) {
  return (
    text
      .replace(/\{\{[^}]*\}\}/g, " ")
      .replace(/"[^"\s]*"/g, " ")
      .replace(/<\/?\d+\s*\/?>/g, " ")
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/`[^`]*`/g, " ")
      .replace(/\b(?:https?|ftp):\/\/\S+/gi, " ")
      .replace(/\bwww\.\S+/gi, " ")
      .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, " ")
      .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+/gm, " ")
      .replace(/\*{1,3}|_{2,3}|~~/g, " ")
      .replace(/(?<![\p{L}\p{N}-])-{1,2}[A-Za-z][\w-]*/gu, " ")
      .replace(/\S*\/\S*/g, " ")
      .replace(/[\p{L}\p{N}_-]+\.[a-z]{2,4}\b/gu, " ")
      .replace(/\b[a-z]+:[a-z][\w-]*/g, " ")
      .replace(/\S+\|\S+/g, " ")
      // Welsh elisions: the word before the apostrophe is spelt, the elided pronoun or article is not.
      .replace(/([\p{L}])['’](?:r|n|i|u|w|m|th|ch)(?![\p{L}\p{N}])/giu, "$1")
      .replace(/['’‘]/g, " ")
  );
}

/**
 * A word list: one word a line (or a phrase: "My Computer My Way", "apt-get install qpdf"); `#`
 * starts a comment; blank lines are skipped.
 */
export function readWordList(text: string) {
  return new Set(
    text
      .split("\n")
      .map((line) => line.replace(/#.*/, "").trim())
      .filter(Boolean),
  );
}

/** Is a word in the list, as it is or as a listed lower-case word capitalised ("Maniffest")? */
function listed(word: string, words: Set<string>) {
  return words.has(word) || words.has(word.charAt(0).toLowerCase() + word.slice(1));
}

const wordPattern = /[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*/gu;
/** A number, a date or an ordinal, never a word to spell: 200, 2027-03-31, 2il, 3ydd. */
const isNumber = (word: string) => /^\d[\d-]*\p{L}{0,3}$/u.test(word);

/**
 * The radical forms a Welsh word may be a mutation of (aspell-cy knows few mutated forms): soft
 * (wefan → gwefan, lofnod → llofnod, fewngofnodi → mewngofnodi), nasal (nghofnod → cofnod, mhob →
 * pob), aspirate (phob → pob, chyfrif → cyfrif) and h before a vowel (hanfon → anfon).
 */
export function radicals(word: string) {
  const lower = word.toLowerCase();
  const rules: [RegExp, string[]][] = [
    [/^ngh/, ["c"]], [/^mh/, ["p"]], [/^nh/, ["t"]], [/^ng(?!h)/, ["g"]],
    [/^ph/, ["p"]], [/^th/, ["t"]], [/^ch/, ["c"]],
    [/^dd/, ["d"]], [/^f(?!f)/, ["b", "m"]], [/^l(?!l)/, ["ll"]], [/^r(?!h)/, ["rh"]],
    [/^b/, ["p"]], [/^d(?!d)/, ["t"]], [/^g/, ["c"]], [/^m/, ["b"]], [/^n(?![gh])/, ["d"]],
    [/^(?=[aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ]|l(?!l)|r(?!h))/, ["g"]], // soft mutation drops a g: "wefan", "air", "lan"
    [/^h(?=[aeiouwyâêîôûŵŷ])/, [""]],
  ];
  const found = new Set<string>();
  for (const [pattern, replacements] of rules) {
    const m = pattern.exec(lower);
    if (!m) continue;
    for (const replacement of replacements) {
      const radical = replacement + lower.slice(m[0].length);
      found.add(radical);
      found.add(radical.charAt(0).toUpperCase() + radical.slice(1)); // a name: Nghymru → Cymru
    }
  }
  return [...found];
}

/** Of these words, the ones aspell does not know: `aspell --lang=… --encoding=utf-8 list`, fed one a line. */
function aspellUnknown(words: Iterable<string>, dictionary: { aspell: string; debian: string }, aspell: string) {
  const asked = [...new Set(words)];
  if (!asked.length) return new Set<string>();
  const install = `Install them: apt-get install aspell ${dictionary.debian}`;
  const result = spawnSync(aspell, [`--lang=${dictionary.aspell}`, "--encoding=utf-8", "list"], {
    input: asked.join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  // EPIPE: aspell stopped before reading its words (no dictionary); its exit status says why.
  if (result.error && code !== "EPIPE") {
    throw new SpellCheckerMissing(code === "ENOENT" ? `aspell is not installed. ${install}` : `aspell could not be run: ${result.error.message}. ${install}`);
  }
  if (result.status !== 0) {
    throw new SpellCheckerMissing(`aspell has no "${dictionary.aspell}" dictionary (${result.stderr.trim() || `exit status ${result.status}`}). ${install}`);
  }
  const printed = result.stdout.split("\n").filter(Boolean);
  const unknown = new Set(printed.filter((word) => asked.includes(word)));
  // Should aspell split a word (a letter its dictionary cannot hold: "Łódź" → "ódź"), the part it
  // printed still leads back to the word.
  for (const part of printed.filter((word) => !unknown.has(word))) for (const word of asked) if (word.includes(part)) unknown.add(word);
  return unknown;
}

/**
 * The words of some strings that the language's dictionary does not know and the word list does
 * not list, each with the keys it appears in (in the order first met). A Welsh word passes when
 * aspell or the list knows it or a radical it may be a mutation of. A hyphenated word passes when
 * it is known whole or each of its parts is ("cyd-ymgyrchydd"; the unknown parts are reported). A
 * word with a digit in it (Ed25519, SHA-256) must be listed; a number (200, 2il) is never a word.
 */
export function misspelt(
  strings: Iterable<[key: string, text: string]>,
  { language, words, aspell = "aspell" }: { language: string; words: Set<string>; aspell?: string },
) {
  const dictionary = dictionaries[language];
  if (!dictionary) throw new Error(`No aspell dictionary is known for "${language}": add it to dictionaries in app/i18n/check.ts`);
  const phrases = [...words].filter((word) => /\s/.test(word));

  const keysOf = new Map<string, string[]>(); // each word, whole or hyphenated, → the keys it is in
  for (const [key, text] of strings) {
    let prose = spellable(text);
    for (const phrase of phrases) prose = prose.split(phrase).join(" ");
    for (const [word] of prose.matchAll(wordPattern)) {
      if (listed(word, words) || isNumber(word)) continue;
      const keys = keysOf.get(word) ?? [];
      if (!keys.includes(key)) keys.push(key);
      keysOf.set(word, keys);
    }
  }

  const parts = (word: string) => word.split("-").filter((part) => !listed(part, words) && !isNumber(part));
  const withoutDigits = (word: string) => !/\d/.test(word);
  const asked = [...keysOf.keys()].flatMap((word) => [word, ...(word.includes("-") ? parts(word) : [])]).filter(withoutDigits);
  const unknown = aspellUnknown(asked, dictionary, aspell);
  // A word aspell does not know may be a mutated form of one it (or the list) knows.
  // (Not an acronym: "IP" is no mutation of "gip".)
  const mutable = (word: string) => language === "cy" && !word.includes("-") && word !== word.toUpperCase();
  const candidates = new Map([...unknown].filter(mutable).map((word) => [word, radicals(word)]));
  const unknownRadicals = aspellUnknown([...candidates.values()].flat().filter((radical) => !listed(radical, words)), dictionary, aspell);
  const known = (word: string) =>
    withoutDigits(word) &&
    (!unknown.has(word) || (candidates.get(word) ?? []).some((radical) => listed(radical, words) || !unknownRadicals.has(radical)));

  const found = new Map<string, string[]>();
  const report = (word: string, keys: string[]) => {
    const all = found.get(word) ?? [];
    for (const key of keys) if (!all.includes(key)) all.push(key);
    found.set(word, all);
  };
  for (const [word, keys] of keysOf) {
    if (known(word)) continue;
    if (!word.includes("-")) report(word, keys);
    else for (const part of parts(word).filter((part) => !known(part))) report(part, keys);
  }
  return found;
}

/** What is wrong with one language's keys, plurals, {{values}} and files, compared with English. */
export function structureProblems(language: UiLanguage) {
  const namespaces = namespacesByLanguage[language];
  // The file a problem is in, from its key's block ("pack.pdf.to: missing" → app/i18n/cy/pack.ts).
  const fileOf = (problem: string) => {
    const block = problem.split(/[.:_]/)[0];
    const namespace = Object.entries(namespaces).find(([, blocks]) => block in blocks)?.[0];
    return namespace ? `app/i18n/${language}/${namespace}.ts` : undefined;
  };
  return [...compareWithEnglish(en, resourcesOf(language), language), ...compareNamespaceFiles(enNamespaces, namespaces)].map((problem) => {
    const file = fileOf(problem);
    return file ? `${problem} (${file})` : problem;
  });
}

const root = path.resolve(import.meta.dirname, "../..");

/** The language's reviewed word list: app/i18n/<language>/words.txt. */
export const wordListFile = (language: UiLanguage) => path.join(root, "app", "i18n", language, "words.txt");

/** What is spelt of a language: its strings, then its Easy Read wording ("sign.intro (Easy Read)"). */
export function stringsToSpell(language: UiLanguage): [key: string, text: string][] {
  const strings = (tree: object, label = "") =>
    [...flatten(tree as Tree)].filter((entry): entry is [string, string] => typeof entry[1] === "string").map(([key, text]): [string, string] => [key + label, text]);
  return [...strings(resourcesOf(language)), ...strings(easyReadByLanguage[language], " (Easy Read)")];
}

/** The words of a language's strings that are misspelt or unknown; undefined for a language aspell does not spell here. */
export function spellingProblems(language: UiLanguage) {
  if (!dictionaries[language]) return undefined;
  const file = wordListFile(language);
  const words = fs.existsSync(file) ? readWordList(fs.readFileSync(file, "utf8")) : new Set<string>();
  return misspelt(stringsToSpell(language), { language, words });
}

/**
 * What is wrong with the Easy Read wording of every language, English too, each problem with its
 * file: against the standard strings and the other languages (compareEasyRead), and as it reads
 * (readabilityProblems). The Easy Read pages' own strings (block easyRead of public.ts) are read
 * as Easy Read too.
 */
export function easyReadProblems(easyRead: Record<UiLanguage, object> = easyReadByLanguage) {
  const standard = Object.fromEntries(languages.map((language) => [language, resourcesOf(language)]));
  const inFile = (file: string) => (problem: string) => `${problem} (app/i18n/${problem.split(":")[0]}/${file})`;
  return [
    ...[...compareEasyRead(standard, easyRead), ...languages.flatMap((language) => readabilityProblems(easyRead[language], language))].map(inFile("easy-read.ts")),
    ...languages.flatMap((language) => readabilityProblems({ easyRead: resourcesOf(language).easyRead }, language)).map(inFile("public.ts")),
  ];
}

function main() {
  let failed = false;
  for (const language of languages.filter((code) => code !== "en")) {
    const problems = structureProblems(language);
    for (const problem of problems) console.error(`${language}: ${problem}`);
    if (problems.length) failed = true;

    const wordFile = path.relative(root, wordListFile(language));
    let spelling: Map<string, string[]> | undefined;
    try {
      spelling = spellingProblems(language);
    } catch (error) {
      if (!(error instanceof SpellCheckerMissing)) throw error;
      console.error(`${language}: cannot check the spelling: ${error.message}`);
      failed = true;
      continue;
    }
    if (spelling?.size) {
      failed = true;
      console.error(`${language}: ${spelling.size} word${spelling.size === 1 ? "" : "s"} that aspell does not know and ${wordFile} does not list:`);
      for (const [word, keys] of spelling) {
        const shown = keys.slice(0, 5).join(", ") + (keys.length > 5 ? ` and ${keys.length - 5} more` : "");
        console.error(`  ${word}: ${shown}`);
      }
      console.error(`Correct each misspelt word in the strings. Add a word that is right (a name, a term, a word aspell lacks: its radical form) to ${wordFile}.`);
    }
    if (!problems.length && spelling?.size === 0) console.log(`${language}: every key, plural and {{value}} matches English, and every word is spelt right.`);
    else if (!problems.length && !spelling) console.log(`${language}: every key, plural and {{value}} matches English (its spelling is not checked).`);
  }

  const easyRead = easyReadProblems();
  for (const problem of easyRead) console.error(problem);
  if (easyRead.length) {
    failed = true;
    console.error(`Easy Read: keep each sentence to ${easyReadSentenceWords} words, one idea; reword a key in every language or in none (docs/translation.md).`);
  } else {
    const keys = new Set(languages.flatMap((language) => [...flatten(easyReadByLanguage[language] as Tree).keys()].map((key) => key.replace(/_(?:zero|one|two|few|many|other)$/, ""))));
    console.log(`Easy Read: ${languages.join(" and ")} reword the same ${keys.size} keys, with the standard {{values}}, in sentences of ${easyReadSentenceWords} words or fewer.`);
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
