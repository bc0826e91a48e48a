import type { UiLanguage } from "./index";

/**
 * The language a command-line tool speaks, read from the environment as Unix tools read it: the
 * first of LC_ALL, LC_MESSAGES and LANG that is set (an empty value counts as unset). Welsh when
 * it starts with "cy" (cy_GB.UTF-8, cy), English otherwise (en_GB.UTF-8, C, POSIX, nothing).
 */
export function cliLanguage(environment: Record<string, string | undefined> = process.env): UiLanguage {
  const setting = [environment.LC_ALL, environment.LC_MESSAGES, environment.LANG].find((value) => value);
  return setting?.toLowerCase().startsWith("cy") ? "cy" : "en";
}
