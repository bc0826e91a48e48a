import type { Language } from "~/utils/db.server";

// The Easy Read writing aid: advice beside each row of an Easy Read letter, worked out on the server
// when the editor saves or searches, so it needs no JavaScript. Every flag is a simple rule a
// campaigner can understand from its message; none stops a draft from being saved. The rules
// follow the usual Easy Read guidance: short sentences, one idea a row, everyday words, and a
// picture with a description beside every row.

/** The most words a sentence should have. */
export const MAX_SENTENCE_WORDS = 15;
/** A joining word starts a second idea when it has at least this many words on each side. */
const CLAUSE_WORDS = 3;

/** Words that join two clauses, per language: "and we want…", "ond mae…". */
const joiningWords: Record<Language, readonly string[]> = {
  en: ["and", "but", "because", "so", "which", "or"],
  cy: ["a", "ac", "ond", "oherwydd", "felly", "sydd", "neu"],
};

export type EasyReadFlag =
  /** A sentence longer than MAX_SENTENCE_WORDS: how many words it has, and how it starts. */
  | { kind: "longSentence"; words: number; start: string }
  /** Words on the language's list of hard words, as written in the row. */
  | { kind: "hardWords"; words: string[] }
  | { kind: "noPicture" }
  | { kind: "noAlt" }
  /** More than one sentence in the row, or one joining two clauses with `word`. */
  | { kind: "moreThanOneIdea"; sentences: number; word?: string };

/** A row as typed: any part of it may still be missing. */
export interface RowToCheck {
  text?: string | null;
  picture?: string | null;
  alt?: string | null;
}

const wordPattern = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/** The words of a text, as written. */
export function wordsOf(text: string) {
  return text.match(wordPattern) ?? [];
}

/**
 * The sentences of a row: text up to a full stop, question or exclamation mark followed by a space
 * and a capital letter (after an opening quotation mark or bracket, if any), or the end. So "p. 4"
 * and "£3.50" do not end a sentence, and "Dr. Jones" does: rows are short, and a false split is at
 * worst one flag too many.
 */
export function sentencesOf(text: string) {
  return text
    .split(/(?<=[.!?…]["'”’)]*)\s+(?=["'“‘(]?\p{Lu})/u)
    .map((s) => s.trim())
    .filter((s) => wordsOf(s).length > 0);
}

const vowel = /^[aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ]/;

/**
 * The forms a Welsh word may have had before a mutation, so "ddeddfwriaeth" is found as
 * "deddfwriaeth" and "weithredu" as "gweithredu": soft (b→p, d→t, g→c, f→b/m, dd→d, l→ll, r→rh, a
 * lost g), nasal (mh→p, nh→t, ngh→c, m→b, n→d, ng→g) and aspirate (ph→p, th→t, ch→c, h before a vowel).
 */
export function unmutated(word: string) {
  const rules: [RegExp, string[]][] = [
    [/^ngh/, ["c"]],
    [/^mh/, ["p"]],
    [/^nh/, ["t"]],
    [/^ng(?!h)/, ["g"]],
    [/^ph/, ["p"]],
    [/^th/, ["t"]],
    [/^ch/, ["c"]],
    [/^dd/, ["d"]],
    [/^f(?!f)/, ["b", "m"]],
    [/^l(?!l)/, ["ll", "gl"]],
    [/^r(?!h)/, ["rh", "gr"]],
    [/^b/, ["p"]],
    [/^d(?!d)/, ["t"]],
    [/^g/, ["c"]],
    [/^m/, ["b"]],
    [/^n(?![gh])/, ["d"]],
    [/^h(?=[aeiouwyâêîôûŵŷ])/, [""]],
  ];
  const forms = new Set<string>();
  for (const [pattern, replacements] of rules) {
    const match = pattern.exec(word);
    if (match) for (const replacement of replacements) forms.add(replacement + word.slice(match[0].length));
  }
  if (vowel.test(word)) forms.add(`g${word}`);
  return [...forms];
}

/** English endings a hard word may carry: "allocated" is "allocate", "consultations" is "consultation". */
const englishEndings = ["s", "es", "d", "ed", "ing", "ly"];

/** Lower case, with curly apostrophes made straight, so a list's word and a row's word compare. */
const normal = (text: string) => text.toLowerCase().replace(/’/g, "'");

/** Endings that are another word run on: English's possessive ('s), Welsh's elided pronouns and article ('r, 'n, 'i…). */
const runOn: Record<Language, RegExp> = { en: /['’]s$/i, cy: /['’](?:r|n|i|u|w|m|th|ch)$/i };

/**
 * A matcher for a list of hard words (one word or phrase each), matched case-insensitively and on
 * word boundaries: in English with common endings, in Welsh also after a mutated first letter.
 */
export function hardWordMatcher(list: readonly string[], language: Language) {
  const single = new Set<string>();
  const phrases: string[][] = [];
  for (const entry of list) {
    const words = wordsOf(normal(entry));
    if (words.length === 1) single.add(words[0]);
    else if (words.length > 1) phrases.push(words);
  }
  const isHard = (word: string) => {
    if (single.has(word)) return true;
    if (language === "en") {
      if (word.endsWith("ies") && single.has(`${word.slice(0, -3)}y`)) return true; // policies → policy
      return englishEndings.some((ending) => {
        if (!word.endsWith(ending) || word.length - ending.length < 3) return false;
        const stem = word.slice(0, -ending.length);
        // allocated → allocate (-d), allocating → allocat + e, stopped → stop (a doubled consonant).
        return single.has(stem) || single.has(`${stem}e`) || (/(.)\1$/.test(stem) && single.has(stem.slice(0, -1)));
      });
    }
    return unmutated(word).some((form) => single.has(form));
  };
  const sameWord = (written: string, listed: string) => written === listed || (language === "cy" && unmutated(written).includes(listed));
  return (text: string) => {
    const written = wordsOf(text).map((word) => word.replace(runOn[language], ""));
    const words = written.map(normal);
    const found: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const phrase = phrases.find((p) => p.every((w, j) => words[i + j] !== undefined && sameWord(words[i + j], w)));
      if (phrase) {
        found.push(written.slice(i, i + phrase.length).join(" "));
        i += phrase.length - 1;
      } else if (isHard(words[i])) {
        found.push(written[i]);
      }
    }
    // Each hard word once, as first written.
    return found.filter((word, index) => found.findIndex((w) => normal(w) === normal(word)) === index);
  };
}

/** A joining word with at least CLAUSE_WORDS words on each side, in a sentence: the second idea's start. */
function joiningWordIn(sentence: string, language: Language) {
  const words = wordsOf(sentence).map(normal);
  const joins = joiningWords[language];
  for (let i = CLAUSE_WORDS; i < words.length - CLAUSE_WORDS; i++) if (joins.includes(words[i])) return words[i];
  return undefined;
}

/**
 * The writing aid's advice for each row, in order: each row's flags (none when the row reads well).
 * `hardWords` is the language's list (services/easy-read/hard-words.server.ts).
 */
export function checkEasyRead(rows: readonly RowToCheck[], { language, hardWords }: { language: Language; hardWords: readonly string[] }): EasyReadFlag[][] {
  const findHardWords = hardWordMatcher(hardWords, language);
  return rows.map((row) => {
    const flags: EasyReadFlag[] = [];
    const text = (row.text ?? "").replace(/\s+/g, " ").trim();
    const sentences = sentencesOf(text);
    for (const sentence of sentences) {
      const words = wordsOf(sentence);
      if (words.length > MAX_SENTENCE_WORDS) flags.push({ kind: "longSentence", words: words.length, start: words.slice(0, 4).join(" ") });
    }
    const hard = findHardWords(text);
    if (hard.length) flags.push({ kind: "hardWords", words: hard });
    if (sentences.length > 1) {
      flags.push({ kind: "moreThanOneIdea", sentences: sentences.length });
    } else if (sentences.length === 1) {
      const word = joiningWordIn(sentences[0], language);
      if (word) flags.push({ kind: "moreThanOneIdea", sentences: 1, word });
    }
    if (!row.picture?.trim()) flags.push({ kind: "noPicture" });
    if (!row.alt?.trim()) flags.push({ kind: "noAlt" });
    return flags;
  });
}
