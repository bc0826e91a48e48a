import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en, enNamespaces } from "./en";
import { languages, namespacesByLanguage, resourcesOf, type UiLanguage } from "./index";

// The check CI runs on every language: the same keys as English, each string naming the same
// {{values}}, a plural key with the forms its language needs, every block in the namespace file
// English keeps it in; and every key the code asks for by name exists.

type Tree = { [key: string]: string | Tree };

const pluralKey = /^(.*)_(zero|one|two|few|many|other)$/;

/** "a.b.c" → its string, for every string in a resource. */
function flatten(tree: Tree, prefix = "", into = new Map<string, string | undefined>()) {
  for (const [key, value] of Object.entries(tree)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.set(at, value);
    else if (value && typeof value === "object") flatten(value, at, into);
    else into.set(at, undefined); // not a string: reported as such
  }
  return into;
}

/** The names a string fills in: "{{count, number}} of {{goal, number}}" → count, goal. */
function interpolationNames(text: string) {
  return new Set([...text.matchAll(/\{\{-?\s*([^,}\s]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]));
}

/**
 * A resource's keys, with plural forms gathered under their base key: "home.signatures" → { one, other }.
 * A key is plural when either resource has its _other form, so "states.sent_back" stays a plain key
 * and a translation that lost its _other form is still read as plural.
 */
function keyTable(flat: Map<string, string | undefined>, other: Map<string, string | undefined>) {
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
function compareWithEnglish(english: object, other: object, language: string): string[] {
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
function compareNamespaceFiles(english: Record<string, object>, other: Record<string, object>): string[] {
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
