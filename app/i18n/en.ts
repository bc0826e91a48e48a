// English, the source language, put together from its namespace files (app/i18n/en/*.ts): a
// translator opens one of those, never this. Every other language has the same files and keys
// (app/i18n/types.ts; app/i18n/languages.test.ts compares them key by key).
import { cliStrings } from "./en/cli";
import { commonStrings } from "./en/common";
import { emailStrings } from "./en/email";
import { packStrings } from "./en/pack";
import { publicStrings } from "./en/public";
import { workspaceStrings } from "./en/workspace";

/** English by namespace, as a translator sees it. */
export const enNamespaces = {
  common: commonStrings,
  public: publicStrings,
  workspace: workspaceStrings,
  email: emailStrings,
  pack: packStrings,
  cli: cliStrings,
};

/** English as i18next reads it: one resource, so every key keeps its full path ("team.title"). */
export const en = { ...commonStrings, ...publicStrings, ...workspaceStrings, ...emailStrings, ...packStrings, ...cliStrings };

// A top-level block lives in one namespace only: were it in two files, one would silently win.
type Clashes<T> = { [N in keyof T]: { [M in Exclude<keyof T, N>]: keyof T[N] & keyof T[M] }[Exclude<keyof T, N>] }[keyof T];
type MustBeNever<T extends never> = T;
export type NoBlockInTwoNamespaces = MustBeNever<Clashes<typeof enNamespaces>>;
