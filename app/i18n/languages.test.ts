import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compareEasyRead,
  compareNamespaceFiles,
  compareWithEnglish,
  flatten,
  hasItalics,
  interpolationNames,
  keyTable,
  pluralKey,
  readabilityProblems,
  sentences,
  type Tree,
  wordCount,
} from "./compare";
import { en, enNamespaces } from "./en";
import { easyReadByLanguage, getT, languages, namespacesByLanguage, resourcesOf, type UiLanguage } from "./index";

// The check CI runs on every language: the same keys as English, each string naming the same
// {{values}}, a plural key with the forms its language needs, every block in the namespace file
// English keeps it in; and every key the code asks for by name exists. The Easy Read wording
// (app/i18n/<language>/easy-read.ts) rewords keys of its own language's strings, the same keys in
// every language, with the same {{values}}, in sentences of 15 words at most.

const englishKeys = (() => {
  const flat = flatten(en);
  return keyTable(flat, flat);
})();

/** Does English have this key (a plural key by its base, as t() is asked for it, or by a form)? */
function exists(key: string) {
  const { plain, plural } = englishKeys;
  return plain.has(key) || plural.has(key) || (pluralKey.test(key) && plural.has(key.replace(pluralKey, "$1")));
}

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const at = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(at);
    return /\.tsx?$/.test(entry.name) ? [at] : [];
  });
}

const root = path.resolve(import.meta.dirname, "../..");
const withoutComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\w])\/\/.*$/gm, "$1");

const keyLike = new RegExp(`^(?:${Object.keys(en).join("|")})\\.[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*$`);

/**
 * The keys a file names literally: t("…") and t('…') (with getT()("…") and this.t("…")); the
 * key-like strings of `message:`, `error:`, `key:` and `formError:`; and in app/schemas/ every
 * string that starts like a key (zod messages). Keys built from a value are left to tsc, which
 * checks each template against the typed resources.
 */
function keysIn(source: string, { schema }: { schema: boolean }) {
  const code = withoutComments(source);
  const tCall = /(?:(?<![\w.])t|\bgetT\([^()]*\)|\bthis\.t)\(\s*(["'])([^"'\n]+?)\1/g;
  const asData = /\b(?:message|error|key|formError)\s*:\s*(["'])([^"'\n]+?)\1/g;
  const anyString = /(["'])([^"'\n]+?)\1/g;
  return [
    ...[...code.matchAll(tCall)].map((m) => m[2]),
    ...[...code.matchAll(asData)].map((m) => m[2]).filter((key) => keyLike.test(key)),
    ...(schema ? [...code.matchAll(anyString)].map((m) => m[2]).filter((key) => keyLike.test(key)) : []),
  ];
}

/** Every key named literally in app/ and emails/ (app/i18n/ aside), with its file. */
function keysNamedInCode() {
  const files = [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "emails"))].filter(
    (file) => !file.includes(`${path.sep}app${path.sep}i18n${path.sep}`),
  );
  return files.flatMap((file) => {
    const relative = path.relative(root, file);
    const schema = relative.startsWith(`app${path.sep}schemas${path.sep}`);
    return keysIn(fs.readFileSync(file, "utf8"), { schema }).map((key) => ({ key, file: relative }));
  });
}

describe("languages, key by key against English", () => {
  it.each(languages.map((language) => [language]))("%s has every key of English, with the same {{values}} and its plural forms", (language: UiLanguage) => {
    expect(compareWithEnglish(en, resourcesOf(language), language)).toEqual([]);
  });

  it.each(languages.map((language) => [language]))("%s keeps each block in the namespace file English keeps it in", (language: UiLanguage) => {
    expect(compareNamespaceFiles(enNamespaces, namespacesByLanguage[language])).toEqual([]);
  });

  it("i18next is given each namespace's blocks, none lost to another namespace", () => {
    const blocks = Object.values(enNamespaces).flatMap((strings) => Object.keys(strings));
    expect(new Set(blocks).size).toBe(blocks.length);
    expect(Object.keys(resourcesOf("en")).sort()).toEqual(blocks.sort());
  });

  it("finds what a translator left out or got wrong", () => {
    const fake = structuredClone(resourcesOf("en")) as unknown as Tree;
    const team = fake.team as Tree;
    delete team.title; // a key left out
    (fake.home as Tree).readAndSign = "Darllen a llofnodi: {{titel}}"; // a misspelt {{value}}
    delete (fake.campaign as Tree).signatures_other; // a plural form left out
    (fake.site as Tree).slogan = "Llythyrau agored"; // a key English does not have
    (fake.pack as Tree).title = { text: "Pecyn" }; // an object where English has a string

    expect(compareWithEnglish(en, fake, "en")).toEqual([
      "home.readAndSign: fills in {{titel}}, English fills in {{title}}",
      "team.title: missing",
      "pack.title: not a string",
      "campaign.signatures_other: missing (en needs it)",
      "site.slogan: not in English",
    ]);
  });

  it("asks a language for its own plural forms: Welsh has six", () => {
    const welsh = structuredClone(resourcesOf("en")) as unknown as Tree;
    const home = welsh.home as Tree;
    delete home.signatures_one;
    delete home.signatures_other;
    Object.assign(home, {
      signatures_zero: "Dim llofnodion",
      signatures_one: "Un llofnod",
      signatures_two: "{{count, number}} lofnod",
      signatures_many: "{{count, number}} llofnod",
      signatures_other: "{{count, number}} llofnod, {{name}}",
    });
    const problems = compareWithEnglish(en, welsh, "cy");
    expect(problems).toContain("home.signatures_few: missing (cy needs it)");
    expect(problems).toContain("home.signatures_other: fills in {{name}}, which English does not give");
    expect(problems).not.toContain("home.signatures_zero: cy has no such plural form");
    // English's own two forms are not enough for Welsh, everywhere English has a plural.
    expect(compareWithEnglish(en, resourcesOf("en"), "cy")).toContain("campaign.signatures_two: missing (cy needs it)");
  });

  it("finds a block put in another namespace's file", () => {
    const { team, ...workspaceWithoutTeam } = enNamespaces.workspace;
    const misfiled = { ...enNamespaces, workspace: workspaceWithoutTeam, public: { ...enNamespaces.public, team } };
    expect(compareNamespaceFiles(enNamespaces, misfiled)).toEqual(['public: holds "team", which English keeps in workspace']);
    const { pack: _pack, ...withoutPack } = enNamespaces;
    expect(compareNamespaceFiles(enNamespaces, withoutPack)).toEqual(["pack: no file"]);
  });

  it("reads {{values}} with and without a format", () => {
    expect([...interpolationNames("{{count, number}} of {{goal, number}} by {{- by}} on {{date, datetime(dateStyle: long)}}")]).toEqual(["count", "goal", "by", "date"]);
  });
});

describe("Easy Read, key by key against the standard strings and across languages", () => {
  const standard = Object.fromEntries(languages.map((language) => [language, resourcesOf(language)]));

  it("every language rewords the same keys of its own strings, with their {{values}} and every plural form", () => {
    expect(compareEasyRead(standard, easyReadByLanguage)).toEqual([]);
  });

  it.each(languages.map((language) => [language]))("%s Easy Read, and the Easy Read pages' own strings, have no sentence over 15 words and no italics", (language: UiLanguage) => {
    expect(readabilityProblems(easyReadByLanguage[language], language)).toEqual([]);
    expect(readabilityProblems({ easyRead: resourcesOf(language).easyRead }, language)).toEqual([]);
  });

  it("rewords what a signer reads, in both languages, and falls back key by key", () => {
    expect(getT("en", "easy_read")("errors.emailInvalid")).toBe("Please write your email address. It looks like name@example.com.");
    expect(getT("cy", "easy_read")("errors.emailInvalid")).not.toBe(getT("cy")("errors.emailInvalid"));
    // A key Easy Read leaves alone is the standard text.
    expect(getT("cy", "easy_read")("sign.submit")).toBe(getT("cy")("sign.submit"));
  });

  it("finds a stray key, a key reworded in one language only, a changed {{value}} and a plural short of forms", () => {
    const easyRead = {
      en: {
        sign: { intro: "We send you an email.", introduction: "Read this first." }, // a key the standard strings lack
        verify: { body: "Thank you for signing {{letter}}." }, // {{title}} renamed
        errors: { nameRequired: "Please write your name." }, // reworded in English only
        home: { signatures_one: "{{count, number}} person signed", signatures_other: "{{count, number}} people signed" },
      },
      cy: {
        sign: { intro: "Byddwn ni'n anfon e-bost atoch chi." },
        verify: { body: "Diolch am lofnodi “{{title}}”." },
        home: { signatures_one: "{{count, number}} person wedi llofnodi", signatures_other: "{{count, number}} o bobl wedi llofnodi" }, // four Welsh forms left out
      },
    };
    expect(compareEasyRead(standard, easyRead)).toEqual([
      "en: sign.introduction: not a key of the standard strings",
      "en: verify.body: fills in {{letter}}, the standard text fills in {{title}}",
      "cy: home.signatures_few: missing (a plural reworded for Easy Read needs every form)",
      "cy: home.signatures_many: missing (a plural reworded for Easy Read needs every form)",
      "cy: home.signatures_two: missing (a plural reworded for Easy Read needs every form)",
      "cy: home.signatures_zero: missing (a plural reworded for Easy Read needs every form)",
      "cy: errors.nameRequired: reworded for Easy Read in en only; reword it here too",
    ]);
  });

  it("finds a sentence over 15 words, counting a {{value}} as one word, and italics", () => {
    const sixteen = "We will send you an email today and you must open the link in it soon.";
    expect(wordCount(sixteen)).toBe(16);
    expect(wordCount("Thank you for signing “{{title}}” on {{date, datetime(dateStyle: long; timeZone: Europe/London)}} – thanks.")).toBe(8);
    expect(sentences("Please write your email address. It looks like name@example.com. Done? “Yes.” Next\nline")).toEqual([
      "Please write your email address.",
      "It looks like name@example.com.",
      "Done?",
      "“Yes.”",
      "Next",
      "line",
    ]);
    expect(readabilityProblems({ sign: { intro: `Short one. ${sixteen}`, hint: "Fifteen words: we will send you an email and you must open the link." } }, "en")).toEqual([
      `en: sign.intro: a sentence of 16 words (Easy Read has 15 at most): ${sixteen}`,
    ]);
    expect(readabilityProblems({ sign: { intro: "Please *do* sign.", hint: "Sign _now_." } }, "en")).toEqual([
      "en: sign.intro: italics (*…* or _…_): Easy Read has none",
      "en: sign.hint: italics (*…* or _…_): Easy Read has none",
    ]);
    expect(hasItalics("This is **bold**, not italics, and so is __this__; a snake_case_word is neither.")).toBe(false);
    expect(hasItalics("***Bold and italic***")).toBe(true);
  });
});

describe("the keys the code names", () => {
  const found = keysNamedInCode();

  it("finds the code's keys (t() calls, zod messages, keys carried as data)", () => {
    const keys = new Set(found.map((f) => f.key));
    expect(keys.size).toBeGreaterThan(300);
    // One of each kind the scan is meant to see.
    expect(keys).toContain("site.name"); // t("…")
    expect(keys).toContain("errors.nameRequired"); // a zod message in app/schemas
    expect(keys).toContain("email.verify.subject"); // emails/
  });

  it("would see a misspelt key in a t() call, a zod message or an error carried as data", () => {
    const schema = `z.string({ error: "errors.nameRequird" }).min(1, "errors.nameTooLong") // t("site.nmae") in a comment is not code`;
    expect(keysIn(schema, { schema: true })).toEqual(["errors.nameRequird", "errors.nameRequird", "errors.nameTooLong"]);
    const route = `<p>{t("team.titel")}</p>; return data({ formError: "moderation.errors.notPosible" }); log("campaign.create");`;
    expect(keysIn(route, { schema: false })).toEqual(["team.titel", "moderation.errors.notPosible"]);
    expect(["errors.nameRequird", "team.titel", "moderation.errors.notPosible"].filter(exists)).toEqual([]);
    expect(["errors.nameTooLong", "home.signatures", "home.signatures_one"].every(exists)).toBe(true);
  });

  it("every one of them exists in English", () => {
    expect(found.filter(({ key }) => !exists(key)).map(({ key, file }) => `${file}: ${key}`)).toEqual([]);
  });
});
