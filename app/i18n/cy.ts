// Welsh (Cymraeg), put together from its namespace files (app/i18n/cy/*.ts): a translator opens one
// of those, never this. Each file has the keys of its English twin (app/i18n/types.ts checks the
// shape; app/i18n/languages.test.ts and `npm run i18n:check` check every key, {{value}} and plural).
import type { LanguageNamespaces } from "./types";
import { cliStrings } from "./cy/cli";
import { commonStrings } from "./cy/common";
import { emailStrings } from "./cy/email";
import { packStrings } from "./cy/pack";
import { publicStrings } from "./cy/public";
import { workspaceStrings } from "./cy/workspace";

/** Welsh by namespace, as a translator sees it. */
export const cyNamespaces: LanguageNamespaces = {
  common: commonStrings,
  public: publicStrings,
  workspace: workspaceStrings,
  email: emailStrings,
  pack: packStrings,
  cli: cliStrings,
};
