import fs from "node:fs";
import path from "node:path";
import { getT, type UiLanguage } from "~/i18n";
import { localePath } from "~/i18n/paths";
import { hashFile, type PackFile } from "./files.server";

// README.txt: a note for whoever opens the pack (a minister's office, not a verifier): what each
// file in the ZIP is, how many signed, and three ways to check it (the website, a PDF reader's
// signature panel, openssl), with the site's key fingerprint as published. Plain text, wrapped at
// 76 columns (the commands excepted: a command cut in two no longer runs).
//
// README.txt is always in English; a campaign with Welsh among its languages (bilingual or Welsh
// only) also gets README.cy.txt, the same note in Welsh. The names never change with the
// campaign's languages, so a verifier, a script or a recipient's IT team always finds README.txt.
// Both are listed in manifest.json like every file, so the signature covers them.

export const README_FILES: Record<UiLanguage, string> = { en: "README.txt", cy: "README.cy.txt" };

const WIDTH = 76;
const INDENT = "    ";

export type ReadmeFacts = {
  /** The campaign's title in each of its languages. */
  titles: Partial<Record<string, string>>;
  exportedAt: string;
  signatures: number;
  /** By source, when anyone signed on paper or at an event. */
  bySource?: { online: number; paper: number; event: number };
  supportLetters: number;
  /** Every file the ZIP holds, by its path in it, in order (the READMEs, manifest.json and manifest.sig included). */
  files: string[];
  siteUrl: string;
  fingerprint: string;
};

/** The READMEs a campaign's pack carries: English always, Welsh too when Welsh is one of its languages. */
export function readmeLanguages(languages: string[]): UiLanguage[] {
  return languages.includes("cy") ? ["en", "cy"] : ["en"];
}

/**
 * Writes README.txt (and README.cy.txt) into the pack's folder and returns their manifest
 * entries. `files` is every other file in the pack; the READMEs, manifest.json and manifest.sig
 * are added to the list each README gives.
 */
export async function writeReadmes({ dir, languages, files, ...facts }: Omit<ReadmeFacts, "files"> & { dir: string; languages: string[]; files: string[] }): Promise<PackFile[]> {
  const inReadme = readmeLanguages(languages);
  const names = inReadme.map((language) => README_FILES[language]);
  const all = [...files, ...names, "manifest.json", "manifest.sig"];
  const written: PackFile[] = [];
  for (const language of inReadme) {
    const name = README_FILES[language];
    fs.writeFileSync(path.join(dir, name), readmeText(language, { ...facts, files: all }), "utf8");
    written.push(await hashFile(path.join(dir, name), name));
  }
  return written;
}

/** The note in one language, lines ending in CRLF so Notepad shows it as well as any other editor. */
export function readmeText(language: UiLanguage, facts: ReadmeFacts): string {
  const t = getT(language);
  const title = facts.titles[language] ?? Object.values(facts.titles)[0] ?? "";
  const site = facts.siteUrl.replace(/\/+$/, "");
  const keyUrl = `${site}/.well-known/pack-signing-key.pem`;
  const lines: string[] = [];
  const heading = (text: string, rule: string) => lines.push(...wrap(text), rule.repeat(Math.min(WIDTH, text.length)), "");
  const paragraph = (text: string, indent = "") => lines.push(...wrap(text, indent), "");

  heading(t("pack.readme.title", { title }), "=");
  paragraph(t("pack.readme.intro", { title, site, date: new Date(facts.exportedAt) }));
  lines.push(...wrap(t("pack.readme.signatures", { count: facts.signatures })));
  if (facts.bySource) lines.push(...wrap(t("pack.readme.bySource", facts.bySource)));
  lines.push(...wrap(t("pack.readme.supportLetters", { count: facts.supportLetters })), "");

  heading(t("pack.readme.filesTitle"), "-");
  for (const file of facts.files) {
    lines.push(file);
    paragraph(describe(t, file), INDENT);
  }

  heading(t("pack.readme.checkTitle"), "-");
  paragraph(t("pack.readme.checkIntro"));
  paragraph(t("pack.readme.checkWebsite", { url: `${site}${localePath(language, "/verify-pack")}` }));
  paragraph(t("pack.readme.checkReader"));
  paragraph(t("pack.readme.checkOpenssl"));
  // The commands of README.md's "Checking a pack", with this site's address; the comments wrapped, the commands never.
  const comment = (key: "commentKey" | "commentSignature" | "commentFiles") => wrap(t(`pack.readme.${key}`).replace(/^#\s*/, ""), `${INDENT}# `);
  lines.push(
    `${INDENT}unzip pack.zip -d pack && cd pack`,
    ...comment("commentKey"),
    `${INDENT}curl -sO ${keyUrl}`,
    `${INDENT}openssl pkey -pubin -in pack-signing-key.pem -outform DER | sha256sum`,
    ...comment("commentSignature"),
    `${INDENT}openssl pkeyutl -verify -pubin -inkey pack-signing-key.pem -rawin -in manifest.json -sigfile manifest.sig`,
    ...comment("commentFiles"),
    `${INDENT}sed -n 's/.*{"path":"\\([^"]*\\)","bytes":[0-9]*,"sha256":"\\([0-9a-f]\\{64\\}\\)"}.*/\\2  \\1/p' manifest.json | sha256sum -c`,
    "",
  );
  paragraph(t("pack.readme.opensslAfter"));

  heading(t("pack.readme.keyTitle"), "-");
  paragraph(t("pack.readme.fingerprint", { url: keyUrl }));
  // 79 characters, kept on one line so it can be compared (and copied) whole.
  lines.push(facts.fingerprint, "");
  paragraph(t("pack.readme.fingerprintNote"));
  return `${lines.join("\r\n").trimEnd()}\r\n`;
}

type T = ReturnType<typeof getT>;

/** What a file of the pack is, by its path (the same names as manifest.json's). */
function describe(t: T, file: string) {
  if (file === "letter.pdf") return t("pack.readme.files.letterPdf");
  if (file === "signatures.csv") return t("pack.readme.files.signaturesCsv");
  if (file === "signatures.json") return t("pack.readme.files.signaturesJson");
  if (file === "public-key.pem") return t("pack.readme.files.publicKey");
  if (file === README_FILES.en) return t("pack.readme.files.readmeEn");
  if (file === README_FILES.cy) return t("pack.readme.files.readmeCy");
  if (file === "manifest.json") return t("pack.readme.files.manifest");
  if (file === "manifest.sig") return t("pack.readme.files.manifestSig");
  if (file.startsWith("support-letters/") && file.endsWith(".md")) return t("pack.readme.files.supportLetterText");
  if (file.startsWith("support-letters/") && file.endsWith(".pdf")) return t("pack.readme.files.supportLetterPdf");
  if (file.startsWith("sheets/")) return t("pack.readme.files.sheetScan", { sheet: path.posix.basename(file).replace(/\.[^.]+$/, "") });
  return t("pack.readme.files.other");
}

/** Words onto lines of at most 76 columns (a word longer than a line gets a line of its own). */
function wrap(text: string, indent = "") {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}
