import { z } from "zod";

/**
 * Characters nobody types on purpose, which can make text read other than it is: control
 * characters, and the bidirectional overrides and isolates of the "Trojan Source" attacks (a name
 * that shows one way on the list and sorts or searches another).
 */
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g; // eslint-disable-line no-control-regex -- control characters are what this finds

/**
 * One line a person typed (a name, an organisation, a town): hidden characters removed, line breaks
 * made spaces, composed to NFC so that "Zoë" is stored one way however it was typed, and trimmed.
 */
export function typedLine(error?: string) {
  return z
    .string(error ? { error } : undefined)
    .overwrite((text) => text.replace(/[\t\r\n]+/g, " ").replace(HIDDEN, ""))
    .normalize("NFC")
    .trim();
}

/** Text of several lines (a comment, a letter): the same, with line breaks kept and stored as LF. */
export function typedText() {
  return z
    .string()
    .overwrite((text) => text.replace(/\r\n?/g, "\n").replace(HIDDEN, ""))
    .normalize("NFC")
    .trim();
}
