import fs from "node:fs";
import type { MessageKey } from "~/i18n";
import { getPicture, insertPicture, listCampaignPictureHashes, listCampaignPictures as listPictureRows } from "~/models/pictures.server";
import { pictureRef } from "~/schemas/easy-read";
import { db, type Executor, now } from "~/utils/db.server";
import { invalid, notFound } from "~/utils/domain-error";
import {
  type OpenMojiEntry,
  openMojiEntries,
  openMojiSvgPath,
  type PictureUpload,
  pictureFileName,
  readPictureFile,
  svgToPng,
  writePictureFile,
} from "~/utils/pictures.server";
import { singleton } from "~/utils/singleton.server";

// The pictures of Easy Read letters: OpenMoji's library (searched by word, served from the
// package) and each campaign's own uploads (checked and stored by utils/pictures.server.ts,
// one row each in `pictures`). A letter names a picture by a ref (schemas/easy-read.ts):
// `openmoji:1F91D` or `upload:{sha256}`.

export { readFormWithPicture } from "~/utils/pictures.server";
export type { PictureUpload } from "~/utils/pictures.server";

/** A picture to choose: its ref for the letter, a label (OpenMoji's English name; "" for an upload) and its address. */
export type PictureChoice = { ref: string; label: string; url: string; uploadedAt?: string };

/** What a page using OpenMoji's pictures must say (CC BY-SA 4.0 asks for the credit and the licence). */
export const OPENMOJI_ATTRIBUTION = {
  name: "OpenMoji",
  url: "https://openmoji.org/",
  license: "CC BY-SA 4.0",
  licenseUrl: "https://creativecommons.org/licenses/by-sa/4.0/",
} as const;

// --- The library ---------------------------------------------------------------------------------

interface LibraryPicture {
  hexcode: string;
  label: string;
  /** The annotation as words ("thumbs", "up"), and the annotation itself, normalised. */
  nameWords: string[];
  name: string;
  /** Unicode's and OpenMoji's tags, as words. */
  tagWords: string[];
  /** Offered by the search at all: not a skin-tone variant, a component or a brand's logo. */
  offered: boolean;
  /** Flags and symbols that are letters or signs rather than pictures of things: shown after the rest. */
  low: boolean;
  /** A man's or a woman's variant of a person ("man tipping hand"): shown after the person's picture. */
  gendered: boolean;
  order: number;
}

const words = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

const LOW_SUBGROUPS = new Set(["country-flag", "subdivision-flag", "flag", "flags", "symbol-other", "alphanum", "keycap", "regional-indicator"]);

function libraryPicture(entry: OpenMojiEntry): LibraryPicture {
  const nameWords = words(entry.annotation);
  return {
    hexcode: entry.hexcode,
    label: entry.annotation,
    nameWords,
    name: nameWords.join(" "),
    tagWords: [...new Set(words(`${entry.tags} ${entry.openmoji_tags}`))],
    offered: entry.skintone === "" && entry.group !== "component" && entry.subgroups !== "brand" && entry.subgroups !== "regional-indicator",
    low: entry.group === "flags" || LOW_SUBGROUPS.has(entry.subgroups),
    gendered: /^(?:1F468|1F469)(?:-1F3F[B-F])?-200D-/.test(entry.hexcode) || /-200D-(?:2640|2642)(?:-FE0F)?$/.test(entry.hexcode),
    order: typeof entry.order === "number" ? entry.order : 100_000,
  };
}

const library = () =>
  singleton("openmoji-library", () => {
    const pictures = openMojiEntries().map(libraryPicture);
    return { pictures, byHexcode: new Map(pictures.map((picture) => [picture.hexcode, picture])) };
  });

/**
 * How well one word of a query fits a picture: in its name (a whole word, else the start of one,
 * else anywhere) and in its tags, the name counting for more; 0 if it fits neither.
 */
function wordScore(word: string, picture: LibraryPicture) {
  const fit = (list: string[], whole: number, start: number, inside: number) =>
    list.includes(word) ? whole
    : list.some((w) => w.startsWith(word)) ? start
    : word.length >= 3 && list.some((w) => w.includes(word)) ? inside
    : 0;
  return fit(picture.nameWords, 70, 50, 8) + fit(picture.tagWords, 30, 15, 4);
}

/**
 * Searches the OpenMoji library by word: each word of the query must fit the picture's name or
 * tags (whole words and beginnings of words first, the name before the tags, short names before
 * long ones), a name that is the query itself first of all. Skin-tone variants, components and
 * brands' logos are left out; a man's and a woman's variants come after the person's, and flags
 * and symbols after pictures of things. Ties keep Unicode's order. An empty query finds nothing.
 */
export function searchPictures({ query, limit = 24 }: { query: string; limit?: number }): PictureChoice[] {
  const wanted = [...new Set(words(query.slice(0, 200)))].slice(0, 8);
  if (!wanted.length || limit < 1) return [];
  const phrase = words(query.slice(0, 200)).join(" ");
  const found: { picture: LibraryPicture; score: number }[] = [];
  for (const picture of library().pictures) {
    if (!picture.offered) continue;
    let score = 0;
    for (const word of wanted) {
      const fit = wordScore(word, picture);
      if (!fit) {
        score = 0;
        break;
      }
      score += fit;
    }
    if (!score) continue;
    // A picture whose name is mostly other things ("face with hand over mouth") is less about the query.
    score -= 4 * Math.max(0, picture.nameWords.length - wanted.length);
    if (picture.name === phrase) score += 100;
    if (picture.gendered) score -= 15;
    if (picture.low) score -= 100;
    found.push({ picture, score });
  }
  found.sort((a, b) => b.score - a.score || a.picture.order - b.picture.order || a.picture.hexcode.localeCompare(b.picture.hexcode));
  return found.slice(0, limit).map(({ picture }) => libraryChoice(picture));
}

const libraryChoice = (picture: LibraryPicture): PictureChoice => ({
  ref: `openmoji:${picture.hexcode}`,
  label: picture.label,
  url: `/pictures/openmoji-${picture.hexcode}.svg`,
});

/** A ref taken apart; undefined if it is not one. */
function parseRef(ref: string): { source: "openmoji"; hexcode: string } | { source: "upload"; sha256: string } | undefined {
  if (!pictureRef.test(ref)) return undefined;
  const [source, id] = ref.split(":");
  return source === "openmoji" ? { source, hexcode: id } : { source: "upload", sha256: id };
}

const inLibrary = (hexcode: string) => library().byHexcode.has(hexcode);

/**
 * A same-site address for `<img src>`: `/pictures/openmoji-1F91D.svg` for the library's,
 * `/pictures/{sha256}` for an upload (PNG or JPEG: its Content-Type says which). Throws on
 * something that is not a ref (stored letters only hold refs).
 */
export function pictureUrl(ref: string): string {
  const parsed = parseRef(ref);
  if (!parsed) throw new Error(`Not a picture ref: ${ref}`);
  return parsed.source === "openmoji" ? `/pictures/openmoji-${parsed.hexcode}.svg` : `/pictures/${parsed.sha256}`;
}

/** OpenMoji's English name for one of its pictures ("handshake"); undefined for an upload or an unknown ref. */
export function pictureLabel(ref: string): string | undefined {
  const parsed = parseRef(ref);
  return parsed?.source === "openmoji" ? library().byHexcode.get(parsed.hexcode)?.label : undefined;
}

/** Whether any of these refs is OpenMoji's: then the page credits OpenMoji (OPENMOJI_ATTRIBUTION). */
export function usesOpenMoji(refs: string[]): boolean {
  return refs.some((ref) => parseRef(ref)?.source === "openmoji");
}

/**
 * Of these refs, the ones a letter of this campaign may not use: not refs at all, not in the
 * OpenMoji library, or not uploaded for this campaign (another campaign's upload does not count).
 * Each once, in the order given.
 */
export async function unknownPictures({ campaignId, refs }: { campaignId: number; refs: string[] }, trx: Executor = db): Promise<string[]> {
  const unique = [...new Set(refs)];
  const uploads = unique.flatMap((ref) => {
    const parsed = parseRef(ref);
    return parsed?.source === "upload" ? [parsed.sha256] : [];
  });
  const ours = new Set(await listCampaignPictureHashes({ campaignId, sha256s: uploads }, trx));
  return unique.filter((ref) => {
    const parsed = parseRef(ref);
    if (!parsed) return true;
    return parsed.source === "openmoji" ? !inLibrary(parsed.hexcode) : !ours.has(parsed.sha256);
  });
}

// --- Pictures as bytes ---------------------------------------------------------------------------

// OpenMoji pictures drawn as PNG for PDFs, the most recently used kept: a letter has at most 60.
const RASTER_CACHE_SIZE = 128;
const rasterCache = () => singleton("openmoji-rasters", () => new Map<string, Buffer>());

/**
 * A picture as bytes pdfkit can draw (it cannot draw SVG): an OpenMoji SVG drawn by resvg as a PNG
 * `width` pixels wide (16 to 2048, by default 256; kept in a small in-memory LRU), an upload as
 * stored (a PNG, or a JPEG, which pdfkit also takes). `type` says which. An unknown picture is a
 * DomainError (404).
 */
export async function pictureImage(ref: string, width = 256): Promise<{ data: Buffer; type: "png" | "jpeg" }> {
  if (!Number.isInteger(width) || width < 16 || width > 2048) throw new Error(`A picture is drawn 16 to 2048 pixels wide, not ${width}`);
  const parsed = parseRef(ref);
  if (parsed?.source === "upload") {
    const stored = await getPicture({ sha256: parsed.sha256 });
    if (!stored) throw notFound();
    return { data: await readPictureFile(stored.file), type: stored.content_type === "image/png" ? "png" : "jpeg" };
  }
  if (!parsed || !inLibrary(parsed.hexcode)) throw notFound();
  const key = `${parsed.hexcode}@${width}`;
  const cache = rasterCache();
  let data = cache.get(key);
  if (data) cache.delete(key);
  else data = await svgToPng(await fs.promises.readFile(openMojiSvgPath(parsed.hexcode)), width);
  cache.set(key, data);
  while (cache.size > RASTER_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return { data, type: "png" };
}

/**
 * A picture to serve at its address (routes/($lang)+/pictures.$name.ts): the library's SVG as
 * the package has it, an upload's stored bytes; undefined if there is none.
 */
export async function openPicture(ref: string): Promise<{ data: Buffer; contentType: "image/svg+xml" | "image/png" | "image/jpeg" } | undefined> {
  const parsed = parseRef(ref);
  if (!parsed) return undefined;
  try {
    if (parsed.source === "openmoji") {
      return inLibrary(parsed.hexcode) ? { data: await fs.promises.readFile(openMojiSvgPath(parsed.hexcode)), contentType: "image/svg+xml" } : undefined;
    }
    const stored = await getPicture({ sha256: parsed.sha256 });
    return stored && { data: await readPictureFile(stored.file), contentType: stored.content_type };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

// --- A campaign's uploads ------------------------------------------------------------------------

/** The pictures this campaign uploaded, newest first. */
export async function listCampaignPictures({ campaignId }: { campaignId: number }): Promise<PictureChoice[]> {
  const rows = await listPictureRows({ campaignId });
  return rows.map((row) => ({ ref: `upload:${row.sha256}`, label: "", url: `/pictures/${row.sha256}`, uploadedAt: row.created_at }));
}

/** What to tell the person about a form's picture field (`pictureErrors.…`); undefined when it holds a picture. */
export function pictureUploadProblem(picture: PictureUpload): MessageKey | undefined {
  switch (picture.status) {
    case "ok":
      return undefined;
    case "none":
      return "pictureErrors.none";
    case "tooLarge":
      return "pictureErrors.tooLarge";
    case "notAPicture":
      return `pictureErrors.${picture.problem}`;
  }
}

/** The picture a form holds, or a DomainError (400) saying what is wrong with it: for `replyWithError`. */
export function acceptedPicture(picture: PictureUpload): Extract<PictureUpload, { status: "ok" }> {
  const problem = pictureUploadProblem(picture);
  if (problem || picture.status !== "ok") throw invalid(problem ?? "pictureErrors.notAPicture");
  return picture;
}

/**
 * Keeps an accepted picture for a campaign and returns its ref (`upload:{sha256}`): the file under
 * its SHA-256's name, and a row saying this campaign uploaded it. The same bytes again give the
 * same ref and no second row. Called by a door that has already asked the access policy whether
 * `userId` may edit this campaign.
 */
export async function storePicture({
  campaignId,
  userId,
  picture,
}: {
  campaignId: number;
  userId: number;
  picture: Extract<PictureUpload, { status: "ok" }>;
}): Promise<{ ref: string }> {
  const file = pictureFileName(picture);
  await writePictureFile(file, picture.data);
  // The same bytes again for this campaign add nothing (one row per campaign and picture).
  await insertPicture({
    picture: {
      sha256: picture.sha256,
      campaign_id: campaignId,
      file,
      content_type: picture.type === "png" ? "image/png" : "image/jpeg",
      width: picture.width,
      height: picture.height,
      bytes: picture.data.length,
      uploaded_by: userId,
      created_at: now(),
    },
  });
  return { ref: `upload:${picture.sha256}` };
}
