import fs from "node:fs";
import path from "node:path";
import { env } from "./env.server";

// Where packs live on disk (PACKS_DIR), and the names an export gives its files there: the
// finished ZIP, the partial ZIP it writes first, and its temporary folder. Mail (the outbox, a
// delivery) attaches a finished pack by its name; the export job writes and cleans up the rest.

/** A pack's ZIP on disk; `file` is a generated name, never a path anyone typed. */
export function packFilePath(file: string) {
  if (!/^[\w-]+\.zip$/.test(file)) throw new Error(`Not a pack file name: ${file}`);
  return path.join(env.PACKS_DIR, file);
}

/** Where a ZIP is written until it is complete, then renamed to `packFilePath(file)`. */
export function partialPackFilePath(file: string) {
  return packFilePath(file).replace(/\.zip$/, ".partial");
}

/** The prefix of an export's temporary folder, for `fs.mkdtemp` (which adds six characters). */
export function packExportDirPrefix(packId: number) {
  return path.join(env.PACKS_DIR, `.export-${packId}-`);
}

/**
 * What an export writes while it runs: its temporary folder and its partial ZIP, named after it.
 * (`.export-XXXXXX` without an id is what exports left before their folders were named.)
 */
const EXPORT_FILES = /^(?:\.export-(?:(\d+)-)?\w+|pack-(\d+)-\w+\.partial)$/;

/**
 * The files in PACKS_DIR an export left while it ran, each with the export's id (NaN for the
 * folders of old exports, which never belong to a live one). Finished packs are not listed.
 */
export function listPackExportFiles() {
  if (!fs.existsSync(env.PACKS_DIR)) return [];
  return fs.readdirSync(env.PACKS_DIR).flatMap((name) => {
    const match = EXPORT_FILES.exec(name);
    return match ? [{ name, packId: Number(match[1] ?? match[2]), path: path.join(env.PACKS_DIR, name) }] : [];
  });
}
