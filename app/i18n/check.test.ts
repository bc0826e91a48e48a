import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { easyReadProblems, misspelt, radicals, readWordList, spellable, SpellCheckerMissing, stringsToSpell } from "./check";
import { easyReadByLanguage } from "./index";

// `npm run i18n:check` spells every Welsh string with aspell-cy (apt-get install aspell aspell-cy),
// past the reviewed word list app/i18n/cy/words.txt.

const welshWords = readWordList(fs.readFileSync(path.join(import.meta.dirname, "cy", "words.txt"), "utf8"));
const spell = (strings: Record<string, string>, words = new Set<string>()) => misspelt(Object.entries(strings), { language: "cy", words });

describe("the Easy Read check", () => {
  it("passes the Easy Read wording of every language, and names the file of each problem", () => {
    expect(easyReadProblems()).toEqual([]);
    const sixteen = "Thank you for signing “{{title}}” today and for telling all of your friends about it too.";
    expect(easyReadProblems({ en: { verify: { body: sixteen } }, cy: { verify: { body: "Diolch am lofnodi “{{title}}”." } } })).toEqual([
      `en: verify.body: a sentence of 16 words (Easy Read has 15 at most): ${sixteen} (app/i18n/en/easy-read.ts)`,
    ]);
    expect(easyReadProblems({ en: { verify: { body: "Thank you." } }, cy: {} })).toEqual([
      "en: verify.body: fills in {{none}}, the standard text fills in {{title}} (app/i18n/en/easy-read.ts)",
      "cy: verify.body: reworded for Easy Read in en only; reword it here too (app/i18n/cy/easy-read.ts)",
    ]);
  });
});

describe("the Welsh spell check", () => {
  it("catches a misspelt Welsh word, with the keys it is in", () => {
    const found = spell({
      "home.title": "Llofnodwch y llythr agored",
      "home.intro": "Darllenwch y llythr",
      "home.more": "Ysgrifennwch atom",
    });
    expect([...found]).toEqual([["llythr", ["home.title", "home.intro"]]]);
  });

  it("passes a correct sentence, its mutated and elided words, and a name on the list", () => {
    const strings = {
      "pack.intro": "Mae'r llythyr yn barod i'w argraffu, ac mae pob tudalen wedi'i gwirio yng Nghymru.",
      "pack.name": "Mae Undersigned yn cadw'r llythyrau.",
    };
    expect([...spell(strings, new Set(["Undersigned"]))]).toEqual([]);
    expect([...spell(strings)]).toEqual([["Undersigned", ["pack.name"]]]);
    // The reviewed list holds the project's names.
    expect(welshWords).toContain("Undersigned");
  });

  it("asks for a word with a digit to be listed, whole, and spells the parts of a hyphenated word", () => {
    expect([...spell({ a: "Allwedd Ed25519, olion bysedd SHA-256, 200 MB" }, new Set(["olion", "MB"]))]).toEqual([
      ["Ed25519", ["a"]],
      ["SHA", ["a"]],
    ]);
    expect([...spell({ a: "Allwedd Ed25519, ôl bys SHA-256" }, new Set(["Ed25519", "SHA-256"]))]).toEqual([]);
    expect([...spell({ a: "Ail-ddarllenwch y cyd-lythyr, yr is-bwyllgr" })]).toEqual([["bwyllgr", ["a"]]]);
  });

  it("spells prose only: no {{values}}, tags, links, addresses, Markdown, files or command lines", () => {
    expect(spellable("Helo {{name, uppercase}}, <0>cliciwch</0> https://example.org/x?y=1 neu e-bostiwch help@example.org")).not.toMatch(/name|example|help|<0>/);
    expect(spellable("Ysgrifennwch **yn drwm** neu [ddolen](https://example.org) a `cod`").replace(/\s+/g, " ").trim()).toBe("Ysgrifennwch yn drwm neu ddolen a");
    expect(spellable('Ffeiliau letter.pdf a support-letters/ ar /verify-pack: npm run cli -- pack:export --out x --role campaigner|staff "en"').match(/\p{L}+/gu)).toEqual(["Ffeiliau", "a", "ar", "npm", "run", "cli", "x"]);
    expect(spellable("Mae'r ffeil wedi'i gwirio, i'w llofnodi; rydych chi’n barod").split(/\s+/)).toEqual(["Mae", "ffeil", "wedi", "gwirio,", "i", "llofnodi;", "rydych", "chi", "barod"]);
  });

  it("reads a word list: a word or a phrase a line, # comments and blank lines skipped", () => {
    expect([...readWordList("# Names\nUndersigned\n\nSenedd  # the Welsh Parliament\nMy Computer My Way\n")]).toEqual(["Undersigned", "Senedd", "My Computer My Way"]);
    expect([...spell({ a: "Gweler My Computer My Way gan AbilityNet" }, new Set(["My Computer My Way", "AbilityNet"]))]).toEqual([]);
  });

  it("knows a mutated word by its radical forms", () => {
    expect(radicals("wefan")).toContain("gwefan");
    expect(radicals("lofnod")).toContain("llofnod");
    expect(radicals("Nghymru")).toContain("Cymru");
    expect(radicals("mhob")).toContain("pob");
    expect(radicals("phob")).toContain("pob");
    expect(radicals("hanfon")).toContain("anfon");
    expect(radicals("ffeil")).toEqual([]);
  });

  it("spells the Welsh Easy Read wording too, each string by its key", () => {
    const spelt = new Map(stringsToSpell("cy"));
    expect(spelt.get("sign.intro")).toBeDefined();
    expect(spelt.get("errors.emailInvalid (Easy Read)")).toBe(easyReadByLanguage.cy.errors?.emailInvalid);
    const found = spell({ "checkEmail.body (Easy Read)": "Rydym ni wedi anfon e-bost atoch chi. Clicwich ar y ddolen." });
    expect([...found]).toEqual([["Clicwich", ["checkEmail.body (Easy Read)"]]]);
  });

  it("fails plainly when aspell or its Welsh dictionary is missing", () => {
    const run = (aspell: string, language = "cy") => () => misspelt([["a", "Helo"]], { language, words: new Set(), aspell });
    expect(run("/nonexistent/aspell")).toThrow(SpellCheckerMissing);
    expect(run("/nonexistent/aspell")).toThrow("apt-get install aspell aspell-cy");
    // aspell without the Welsh dictionary says so and exits 1.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-aspell-"));
    const aspell = path.join(dir, "aspell");
    fs.writeFileSync(aspell, `#!/bin/sh\necho 'Error: No word lists can be found for the language "cy".' >&2\nexit 1\n`, { mode: 0o755 });
    try {
      expect(run(aspell)).toThrow(/no "cy" dictionary.*No word lists.*apt-get install aspell aspell-cy/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
