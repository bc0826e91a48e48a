import { insertAuditEntry } from "~/models/audit.server";
import { deleteSetting, getSetting, setSetting } from "~/models/settings.server";
import type { SessionUser } from "~/models/users.server";
import { db, type Executor, type Language, now } from "~/utils/db.server";
import { requireSiteAccess } from "../access.server";
import shippedCy from "./hard-words.cy.txt?raw";
import shippedEn from "./hard-words.en.txt?raw";

// Each language's list of hard words for the Easy Read writing aid (easy-read-check.server.ts).
// The lists shipped beside this file are used until staff edit one on /workspace/settings; an
// edited list is kept in the settings table, one key per language, and the change is audited.

const shipped: Record<Language, string> = { en: shippedEn, cy: shippedCy };
const settingKey = (language: Language) => `easy_read_hard_words.${language}`;

/** A list as written: one word or phrase a line, `#` starting a comment; blank lines skipped, each entry once. */
export function parseHardWords(text: string) {
  const entries = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, "").replace(/\s+/g, " ").trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(entries)];
}

/** The list that ships with the app for a language. */
export function shippedHardWords(language: Language) {
  return parseHardWords(shipped[language]);
}

/** A language's hard words now: the list staff saved, or the shipped one. */
export async function getHardWords({ language }: { language: Language }, trx: Executor = db) {
  const saved = await getSetting({ key: settingKey(language) }, trx);
  return saved === undefined ? shippedHardWords(language) : (JSON.parse(saved) as string[]);
}

/** Each language's list for the settings page, and whether staff have changed it from the shipped one. */
export async function getHardWordLists({ user }: { user: SessionUser }) {
  requireSiteAccess({ actor: user, need: "changeSettings" });
  const lists = await Promise.all(
    (["en", "cy"] as const).map(async (language) => {
      const saved = await getSetting({ key: settingKey(language) });
      return [language, { words: saved === undefined ? shippedHardWords(language) : (JSON.parse(saved) as string[]), edited: saved !== undefined }] as const;
    }),
  );
  return Object.fromEntries(lists) as Record<Language, { words: string[]; edited: boolean }>;
}

/**
 * Saves a language's list (`words` undefined: back to the shipped list), with an audit entry
 * holding the list before and after.
 */
export async function setHardWords({ user, language, words }: { user: SessionUser; language: Language; words: string[] | undefined }) {
  requireSiteAccess({ actor: user, need: "changeSettings" });
  await db.transaction().execute(async (trx) => {
    const at = now();
    const before = await getHardWords({ language }, trx);
    if (words === undefined) await deleteSetting({ key: settingKey(language) }, trx);
    else await setSetting({ key: settingKey(language), value: JSON.stringify(words), at }, trx);
    const after = words ?? shippedHardWords(language);
    await insertAuditEntry(
      { userId: user.id, campaignId: null, action: "settings.hardWords", before: { language, words: before }, after: { language, words: after, shipped: words === undefined }, createdAt: at },
      trx,
    );
  });
}
