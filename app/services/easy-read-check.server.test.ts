import { describe, expect, it } from "vitest";
import { checkEasyRead, hardWordMatcher, sentencesOf, unmutated } from "./easy-read-check.server";
import { parseHardWords, shippedHardWords } from "./easy-read/hard-words.server";

const picture = "openmoji:1F91D";
const en = (text: string, row: { picture?: string; alt?: string } = { picture, alt: "Two hands shaking" }) =>
  checkEasyRead([{ text, ...row }], { language: "en", hardWords: ["consultation", "allocate", "statutory", "policy", "local authority"] })[0];
const cy = (text: string) =>
  checkEasyRead([{ text, picture, alt: "Dwy law" }], { language: "cy", hardWords: ["deddfwriaeth", "gweithredu", "ymgynghoriad", "cylch gwaith", "trothwy"] })[0];

describe("the Easy Read writing aid", () => {
  it("has nothing to say about a short, plain row with its picture", () => {
    expect(en("We want safe roads near schools.")).toEqual([]);
    expect(cy("Rydyn ni eisiau ffyrdd diogel.")).toEqual([]);
  });

  it("counts the words of a sentence over 15", () => {
    const sixteen = "We ask the Minister to pay for a safe crossing outside every primary school in Wales.";
    expect(en(sixteen)).toEqual([{ kind: "longSentence", words: 16, start: "We ask the Minister" }]);
    // Fifteen is fine.
    expect(en("We ask the Minister to pay for a safe crossing outside every school in Wales.")).toEqual([]);
  });

  it("finds hard words whatever their case and ending, on word boundaries only", () => {
    expect(en("The Consultation ended.")).toEqual([{ kind: "hardWords", words: ["Consultation"] }]);
    expect(en("They allocated money.")).toEqual([{ kind: "hardWords", words: ["allocated"] }]);
    expect(en("New policies help.")).toEqual([{ kind: "hardWords", words: ["policies"] }]);
    expect(en("Ask your local authority.")).toEqual([{ kind: "hardWords", words: ["local authority"] }]);
    // A word that only contains a hard word is not one.
    expect(en("Ask a consultationist.")).toEqual([]);
    expect(en("The Consultation's end.")).toEqual([{ kind: "hardWords", words: ["Consultation"] }]);
    // Each hard word once.
    expect(en("Consultation, consultation!")).toEqual([{ kind: "hardWords", words: ["Consultation"] }]);
  });

  it("finds Welsh hard words after a mutation", () => {
    expect(cy("Mae'r ddeddfwriaeth yn newydd.")).toEqual([{ kind: "hardWords", words: ["ddeddfwriaeth"] }]);
    expect(cy("Rhaid ei weithredu nawr.")).toEqual([{ kind: "hardWords", words: ["weithredu"] }]);
    expect(cy("Dyma ein nhrothwy.")).toEqual([{ kind: "hardWords", words: ["nhrothwy"] }]);
    expect(cy("Mae gan y pwyllgor gylch gwaith.")).toEqual([{ kind: "hardWords", words: ["gylch gwaith"] }]);
    expect(unmutated("ngholeg")).toContain("coleg");
    expect(unmutated("lyfr")).toContain("llyfr");
  });

  it("asks for a picture and its description", () => {
    expect(en("Safe roads.", {})).toEqual([{ kind: "noPicture" }, { kind: "noAlt" }]);
    expect(en("Safe roads.", { picture })).toEqual([{ kind: "noAlt" }]);
    expect(en("Safe roads.", { alt: "A road", picture: " " })).toEqual([{ kind: "noPicture" }]);
  });

  it("flags a row with more than one sentence, or one joining two clauses", () => {
    expect(en("Roads are busy. Children cross them.")).toEqual([{ kind: "moreThanOneIdea", sentences: 2 }]);
    expect(en("Roads near schools are busy and children cannot cross safely.")).toEqual([{ kind: "moreThanOneIdea", sentences: 1, word: "and" }]);
    expect(cy("Mae'r ffyrdd yn brysur ond nid oes croesfan yma.")).toEqual([{ kind: "moreThanOneIdea", sentences: 1, word: "ond" }]);
    // "and" between two words is not two ideas.
    expect(en("We want safe roads and crossings.")).toEqual([]);
    expect(en("Fish and chips.")).toEqual([]);
  });

  it("splits sentences at a stop followed by a capital, not inside one", () => {
    expect(sentencesOf("It costs £3.50 a day. That is a lot!")).toEqual(["It costs £3.50 a day.", "That is a lot!"]);
    expect(sentencesOf("What now? We wait.")).toEqual(["What now?", "We wait."]);
    expect(sentencesOf("See p. 4 of the plan.")).toEqual(["See p. 4 of the plan."]);
    expect(sentencesOf("He said “Go.” Then we went.")).toEqual(["He said “Go.”", "Then we went."]);
    expect(sentencesOf("  ")).toEqual([]);
  });

  it("checks each row on its own, in order", () => {
    const flags = checkEasyRead([{ text: "Hello." }, { text: "A statutory duty.", picture, alt: "A book" }], { language: "en", hardWords: ["statutory"] });
    expect(flags).toEqual([[{ kind: "noPicture" }, { kind: "noAlt" }], [{ kind: "hardWords", words: ["statutory"] }]]);
  });
});

describe("the lists of hard words", () => {
  it("ships a list per language, each word once and in lower case", () => {
    for (const language of ["en", "cy"] as const) {
      const words = shippedHardWords(language);
      expect(words.length).toBeGreaterThanOrEqual(80);
      expect(new Set(words).size).toBe(words.length);
      expect(words.every((w) => w === w.toLowerCase() && !w.includes("#"))).toBe(true);
    }
    expect(shippedHardWords("en")).toContain("legislation");
    expect(shippedHardWords("cy")).toContain("deddfwriaeth");
  });

  it("reads a list typed by staff: a line each, comments and blanks skipped, each once", () => {
    expect(parseHardWords("Legislation\r\n\n  in   accordance with  # a phrase\n# a comment\nlegislation\n")).toEqual(["legislation", "in accordance with"]);
  });

  it("finds a shipped word in a letter's sentence", () => {
    const find = hardWordMatcher(shippedHardWords("en"), "en");
    expect(find("The Government must implement the legislation without delay.")).toEqual(["implement", "legislation"]);
    const dod = hardWordMatcher(shippedHardWords("cy"), "cy");
    expect(dod("Rhaid i'r Llywodraeth weithredu'r ddeddfwriaeth ar ôl yr ymgynghoriad.")).toEqual(["weithredu", "ddeddfwriaeth", "ymgynghoriad"]);
  });
});
