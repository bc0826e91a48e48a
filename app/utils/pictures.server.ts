import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type UploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { renderAsync } from "@resvg/resvg-js";
import { env } from "./env.server";
import { bodyTooLarge, readForm } from "./request.server";
import { singleton } from "./singleton.server";

// Pictures for Easy Read letters, as bytes: a campaigner's upload checked by what it is (never by
// its name or the browser's Content-Type), cleaned and stored under a name made of its SHA-256;
// and the OpenMoji library that ships in node_modules. Which picture a campaign may use, and the
// search, are the domain's (services/pictures.server.ts).

/** The largest picture file a form accepts. */
export const MAX_PICTURE_BYTES = 2 * 1024 * 1024;
/** The largest picture, in pixels each way: a bigger one is refused before it is decoded (a decompression bomb). */
export const MAX_PICTURE_SIDE = 4096;
/** An SVG is stored as a PNG this many pixels on its longer side. */
export const SVG_RASTER_SIDE = 512;
// A file past 2 MB is still read to its end (and thrown away), so the person sees the form again
// with what they typed; past this, the request is not read at all.
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
// The form's other fields, all together (the campaign editor's form is read with 256 KB).
const MAX_TEXT_BYTES = 512 * 1024;

export type PictureType = "png" | "jpeg";
/** Why a file is not taken as a picture; each is a message under `pictureErrors`. */
export type PictureProblem = "notAPicture" | "tooBig" | "svgExternal" | "svgText";

/**
 * What became of a form's picture field. "ok": a checked picture in memory, as it will be stored
 * (`data`, of `type`, `sha256` its name): a PNG or JPEG as sent without its metadata, an SVG as
 * the PNG it was drawn to (`from: "svg"`). "notAPicture" says why in `problem`.
 */
export type PictureUpload =
  | { status: "none" }
  | { status: "tooLarge" }
  | { status: "notAPicture"; problem: PictureProblem }
  | { status: "ok"; data: Buffer; type: PictureType; width: number; height: number; sha256: string; from: PictureType | "svg" };

/**
 * Reads a multipart form as a stream: text fields into FormData (512 KB in all, or a 413), the
 * picture field (`field`) into memory up to 2 MB (past that it is read to its end and dropped:
 * "tooLarge"), any other file dropped. A form sent without a file (urlencoded) is read as usual.
 * Only a broken or oversized request is thrown, as a 4xx Response; a bad file is a status.
 */
export async function readFormWithPicture(request: Request, field: string): Promise<{ formData: FormData; picture: PictureUpload }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) return { formData: await readForm(request, MAX_TEXT_BYTES), picture: { status: "none" } };
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) {
    return { formData: new FormData(), picture: { status: "tooLarge" } };
  }

  let received: { bytes: Buffer; size: number; filename: string } | undefined;
  let requestBytes = 0;
  let textBytes = 0;
  const count = (chunk: Uint8Array) => {
    requestBytes += chunk.byteLength;
    if (requestBytes > MAX_REQUEST_BYTES) throw bodyTooLarge();
  };
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (typeof filename !== "string") {
      const chunks: Uint8Array[] = [];
      for await (const chunk of data) {
        count(chunk);
        textBytes += chunk.byteLength;
        if (textBytes > MAX_TEXT_BYTES) throw bodyTooLarge();
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString("utf8");
    }
    if (name !== field || received) {
      for await (const chunk of data) count(chunk); // any other file is read and dropped
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      count(chunk);
      size += chunk.byteLength;
      if (size <= MAX_PICTURE_BYTES) chunks.push(chunk); // past it, read on to the end of the form, keep nothing
    }
    received = { bytes: size <= MAX_PICTURE_BYTES ? Buffer.concat(chunks) : Buffer.alloc(0), size, filename };
    return undefined;
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof Response) throw error;
    throw new Response("The form could not be read.", { status: 400 });
  }
  const file = received as { bytes: Buffer; size: number; filename: string } | undefined;
  const picture: PictureUpload =
    !file || (file.size === 0 && file.filename === "") ? { status: "none" }
    : file.size > MAX_PICTURE_BYTES ? { status: "tooLarge" }
    : await examinePicture(file.bytes);
  return { formData, picture };
}

/** What a file is, by its bytes alone: a picture to store, or why not. */
export async function examinePicture(bytes: Buffer): Promise<Exclude<PictureUpload, { status: "none" }>> {
  if (bytes.length > MAX_PICTURE_BYTES) return { status: "tooLarge" };
  let checked: Checked;
  try {
    checked = bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? readPng(bytes)
      : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? readJpeg(bytes)
      : await drawSvg(bytes);
  } catch (error) {
    // A length that points past the end, read anyway: the file is broken, not the request.
    if (error instanceof RangeError) return { status: "notAPicture", problem: "notAPicture" };
    throw error;
  }
  if ("problem" in checked) return { status: "notAPicture", problem: checked.problem };
  // The structure can be right and the pixels junk: it must decode to something one can see.
  if (checked.from !== "svg" && !(await drawsSomething(checked.data, checked.type))) return { status: "notAPicture", problem: "notAPicture" };
  return { status: "ok", ...checked, sha256: sha256(checked.data) };
}

/**
 * A scan of a paper sheet, by its bytes alone: a PNG or JPEG read chunk by chunk as an upload is
 * (every CRC, every segment to EOI), with its metadata dropped (a phone's photo carries where it
 * was taken), up to `maxSide` pixels each way. Not drawn: a 20 MB scan would take hundreds of
 * megabytes to decode, and only its campaign's team ever looks at it.
 */
export function examineScanPicture(bytes: Buffer, maxSide: number): { status: "ok"; data: Buffer; type: PictureType } | { status: "notAPicture" } {
  try {
    const checked =
      bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? readPng(bytes, maxSide)
      : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? readJpeg(bytes, maxSide)
      : undefined;
    return checked && !("problem" in checked) ? { status: "ok", data: checked.data, type: checked.type } : { status: "notAPicture" };
  } catch (error) {
    if (error instanceof RangeError) return { status: "notAPicture" };
    throw error;
  }
}

type Checked = { data: Buffer; type: PictureType; width: number; height: number; from: PictureType | "svg" } | { problem: PictureProblem };

const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest("hex");
const tooBig = (width: number, height: number, maxSide = MAX_PICTURE_SIDE) => width > maxSide || height > maxSide;

// --- PNG -----------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Chunks a PNG keeps: what draws it and its colours. Text, time and EXIF chunks (where a camera or
// an editor leaves names, places and dates) and animation are dropped.
const KEPT_PNG_CHUNKS = new Set(["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD"]);
const PNG_BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** A PNG chunk by chunk, every CRC checked, ending with IEND and nothing after it. */
function readPng(bytes: Buffer, maxSide = MAX_PICTURE_SIDE): Checked {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  let palette = false;
  let idat: "before" | "in" | "after" = "before";
  for (let index = 0; ; index++) {
    if (pos + 12 > bytes.length) return { problem: "notAPicture" };
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString("latin1", pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) return { problem: "notAPicture" };
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== bytes.readUInt32BE(pos + 8 + length)) return { problem: "notAPicture" };
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    if (index === 0) {
      if (type !== "IHDR" || length !== 13) return { problem: "notAPicture" };
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colourType = body[9];
      const depths = PNG_BIT_DEPTHS[colourType];
      if (!width || !height || !depths?.includes(body[8]) || body[10] !== 0 || body[11] !== 0 || body[12] > 1) return { problem: "notAPicture" };
      if (tooBig(width, height, maxSide)) return { problem: "tooBig" };
    } else if (type === "IHDR") return { problem: "notAPicture" };
    if (type === "PLTE") palette = true;
    if (type === "IDAT") {
      if (idat === "after" || (colourType === 3 && !palette)) return { problem: "notAPicture" };
      idat = "in";
    } else if (idat === "in") idat = "after";
    // A critical chunk (upper-case first letter) nobody knows means a picture nobody can draw.
    if (!KEPT_PNG_CHUNKS.has(type) && type[0] === type[0].toUpperCase()) return { problem: "notAPicture" };
    if (KEPT_PNG_CHUNKS.has(type)) kept.push(bytes.subarray(pos, end));
    pos = end;
    if (type === "IEND") break;
  }
  if (pos !== bytes.length || idat === "before") return { problem: "notAPicture" };
  return { data: Buffer.concat(kept), type: "png", width, height, from: "png" };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array) {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// --- JPEG ----------------------------------------------------------------------------------------

const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * A JPEG segment by segment, from SOI to the first EOI; what follows EOI (a camera's second image)
 * is dropped. So are the segments that carry metadata (EXIF with its GPS position, XMP, IPTC,
 * comments), keeping JFIF, the colour profile and Adobe's colour transform; an EXIF orientation
 * is kept, alone, so a photo stands the right way up.
 */
function readJpeg(bytes: Buffer, maxSide = MAX_PICTURE_SIDE): Checked {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let pos = 2;
  let size: { width: number; height: number } | undefined;
  let orientation = 1;
  for (;;) {
    if (pos + 4 > bytes.length || bytes[pos] !== 0xff) return { problem: "notAPicture" };
    while (bytes[pos + 1] === 0xff && pos + 4 < bytes.length) pos++; // fill bytes
    const marker = bytes[pos + 1];
    const length = bytes.readUInt16BE(pos + 2);
    const end = pos + 2 + length;
    if (length < 2 || end > bytes.length || marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7)) return { problem: "notAPicture" };
    const segment = bytes.subarray(pos, end);
    const body = bytes.subarray(pos + 4, end);
    if (isSof(marker)) {
      if (size || length < 8) return { problem: "notAPicture" };
      size = { height: body.readUInt16BE(1), width: body.readUInt16BE(3) };
      if (!size.width || !size.height || ![1, 3, 4].includes(body[5])) return { problem: "notAPicture" };
      if (tooBig(size.width, size.height, maxSide)) return { problem: "tooBig" };
    }
    if (marker === 0xe1 && body.subarray(0, 6).toString("latin1") === "Exif\0\0") orientation = exifOrientation(body.subarray(6)) ?? orientation;
    const keep =
      marker === 0xe0 || marker === 0xee || (marker === 0xe2 && body.subarray(0, 12).toString("latin1") === "ICC_PROFILE\0") ? true
      : marker >= 0xe0 && marker <= 0xef ? false
      : marker !== 0xfe;
    if (keep) kept.push(segment);
    pos = end;
    if (marker === 0xda) break; // SOS: the picture's data follows
  }
  if (!size) return { problem: "notAPicture" };
  // Entropy-coded data: a 0xFF is stuffed (FF 00), a restart (FF D0–D7), or a marker: EOI ends the
  // picture; anything else (a progressive JPEG's next tables and scans) is a segment with a length.
  const scanStart = pos;
  for (;;) {
    const ff = bytes.indexOf(0xff, pos);
    if (ff === -1 || ff + 1 >= bytes.length) return { problem: "notAPicture" }; // cut short: no EOI
    const next = bytes[ff + 1];
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
      pos = ff + (next === 0xff ? 1 : 2);
      continue;
    }
    if (next === 0xd9) {
      pos = ff + 2;
      break;
    }
    if (ff + 4 > bytes.length) return { problem: "notAPicture" };
    const end = ff + 2 + bytes.readUInt16BE(ff + 2);
    if (end > bytes.length || bytes.readUInt16BE(ff + 2) < 2 || isSof(next) || next === 0xd8) return { problem: "notAPicture" };
    pos = end;
  }
  // After JFIF's APP0 if there is one: each wants to come first, and JFIF says so more strictly.
  if (orientation !== 1) kept.splice(kept[1]?.[1] === 0xe0 ? 2 : 1, 0, exifWithOrientation(orientation));
  kept.push(bytes.subarray(scanStart, pos));
  // Width and height as a viewer shows them: turned a quarter for orientations 5 to 8.
  const turned = orientation >= 5;
  return { data: Buffer.concat(kept), type: "jpeg", width: turned ? size.height : size.width, height: turned ? size.width : size.height, from: "jpeg" };
}

/** The orientation (1–8) in an EXIF block's first directory, if it says one. */
function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString("latin1", 0, 2);
  if (order !== "II" && order !== "MM") return undefined;
  const u16 = (at: number) => (order === "II" ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (order === "II" ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const entries = u16(ifd);
  for (let i = 0; i < entries; i++) {
    const at = ifd + 2 + i * 12;
    if (at + 12 > tiff.length) return undefined;
    if (u16(at) === 0x0112 && u16(at + 2) === 3) {
      const value = u16(at + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** An APP1 segment with an EXIF block holding the orientation and nothing else. */
function exifWithOrientation(orientation: number) {
  const tiff = Buffer.alloc(26);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // the first directory follows the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next directory
  const body = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

// --- SVG -----------------------------------------------------------------------------------------

// Before the root element: an XML declaration, comments, and at most a DOCTYPE without an internal
// subset (so no entity can be declared).
const SVG_PROLOG = /^\uFEFF?\s*(?:<\?xml\s[^<>]*\?>\s*)?(?:<!--(?:(?!-->)[\s\S])*-->\s*)*(?:<!DOCTYPE\s+svg(?:\s+(?:PUBLIC|SYSTEM)(?:\s+(?:"[^"]*"|'[^']*'))+)?\s*>\s*)?(?:<!--(?:(?!-->)[\s\S])*-->\s*)*(?=<svg[\s/>])/;
const SVG_ROOT = /^<svg((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/;
/** A link inside the SVG itself, `href="#shape"`: the only kind an uploaded SVG may have. */
const LOCAL_HREF = /(?:[\w.-]+:)?href\s*=\s*(?:"#[^"&<>\s]*"|'#[^'&<>\s]*')/g;

/**
 * An SVG becomes a PNG: it must be UTF-8 XML with an `<svg>` root, link to nothing outside itself
 * (no `<image>`, no `href` but `#id`, no `url()` but `url(#id)`, no `@import`, no
 * stylesheet instruction: resvg reads local files named by an `<image>`), and have no text (drawn
 * the way resvg draws it here, text would vanish). Its scripts and event handlers do nothing in
 * resvg, and the SVG itself is never kept. It is drawn as an `<image>` inside an SVG of our own,
 * `SVG_RASTER_SIDE` on its longer side: resvg draws an image's SVG with no access to any file
 * and no fonts, and the size of the PNG is ours whatever the upload's own width and height say.
 */
async function drawSvg(bytes: Buffer): Promise<Checked> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { problem: "notAPicture" };
  }
  const prolog = SVG_PROLOG.exec(text);
  const root = prolog && SVG_ROOT.exec(text.slice(prolog[0].length));
  if (!root || /<!ENTITY|<!DOCTYPE[^>]*\[/i.test(text)) return { problem: "notAPicture" };
  const hrefs = text.match(/href/gi)?.length ?? 0;
  const localHrefs = text.match(LOCAL_HREF)?.length ?? 0;
  const urls = [...text.matchAll(/url\s*\(\s*(["']?)([^)]*?)\1\s*\)/gi)];
  if (
    hrefs !== localHrefs ||
    urls.some(([, , target]) => !target.startsWith("#")) ||
    /<(?:[\w.-]+:)?(?:image|feImage)[\s/>]|@import|<\?xml-stylesheet/i.test(text)
  ) {
    return { problem: "svgExternal" };
  }
  if (/<(?:[\w.-]+:)?(?:text|tspan|textPath)[\s/>]/.test(text)) return { problem: "svgText" };

  const ratio = svgAspectRatio(root[1]);
  const width = ratio >= 1 ? SVG_RASTER_SIDE : Math.max(1, Math.round(SVG_RASTER_SIDE * ratio));
  const height = ratio >= 1 ? Math.max(1, Math.round(SVG_RASTER_SIDE / ratio)) : SVG_RASTER_SIDE;
  const frame =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<image width="${width}" height="${height}" href="data:image/svg+xml;base64,${bytes.toString("base64")}"/></svg>`;
  try {
    const image = await drawUpload(frame);
    // resvg draws an SVG it cannot read as nothing: a picture with no visible pixel is none.
    if (!hasVisiblePixel(image.pixels)) return { problem: "notAPicture" };
    return { data: image.asPng(), type: "png", width: image.width, height: image.height, from: "svg" };
  } catch {
    return { problem: "notAPicture" };
  }
}

const LENGTH_IN_PX: Record<string, number> = { "": 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };

/** The root's width ÷ height, from its viewBox, else its width and height; square if it says neither. */
function svgAspectRatio(attributes: string) {
  const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes)?.slice(1).find((v) => v !== undefined)?.trim();
  const box = attribute("viewBox")?.split(/[\s,]+/).map(Number);
  const length = (value: string | undefined) => {
    const match = value && /^(\d*\.?\d+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?$/i.exec(value);
    return match ? Number(match[1]) * LENGTH_IN_PX[(match[2] ?? "").toLowerCase()] : undefined;
  };
  const [width, height] = box?.length === 4 && box.every(Number.isFinite) ? [box[2], box[3]] : [length(attribute("width")), length(attribute("height"))];
  const ratio = width && height && width > 0 && height > 0 ? width / height : 1;
  return Math.min(Math.max(ratio, 1 / 64), 64);
}

// Uploads are drawn one at a time, in libuv's threads (renderAsync), never on the event loop: an
// SVG built to take long (nested <use>s, up to resvg's limit on its size: about 3 s) then delays
// other uploads' checks, not the rest of the app's file work.
let drawing: Promise<unknown> = Promise.resolve();
function drawUpload(svg: string) {
  const turn = drawing.then(() => renderAsync(svg, { font: { loadSystemFonts: false }, logLevel: "off" }));
  drawing = turn.catch(() => undefined);
  return turn;
}

function hasVisiblePixel(rgba: Buffer) {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return true;
  return false;
}

/** Whether resvg decodes a PNG or JPEG into at least one visible pixel (drawn small: the check is the decoding). */
async function drawsSomething(data: Buffer, type: PictureType) {
  const frame =
    `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">` +
    `<image width="32" height="32" href="data:image/${type};base64,${data.toString("base64")}"/></svg>`;
  try {
    return hasVisiblePixel((await drawUpload(frame)).pixels);
  } catch {
    return false;
  }
}

// --- Stored pictures -----------------------------------------------------------------------------

/** A stored picture's file name: `{sha256}.png` or `.jpg`. */
export const pictureFileName = ({ sha256, type }: { sha256: string; type: PictureType }) => `${sha256}.${type === "png" ? "png" : "jpg"}`;

/** The path of a stored picture; `file` is a generated name, never one a person typed. */
export function picturePath(file: string) {
  if (!/^[0-9a-f]{64}\.(?:png|jpg)$/.test(file)) throw new Error(`Not a stored picture name: ${file}`);
  return path.join(env.UPLOADS_DIR, file);
}

/** Writes a picture under its content's name; the same bytes twice make one file. */
export async function writePictureFile(file: string, data: Buffer) {
  const full = picturePath(file);
  if (fs.existsSync(full)) return;
  await fs.promises.mkdir(env.UPLOADS_DIR, { recursive: true });
  // Written aside and renamed, so nobody ever reads half a file.
  const part = `${full}.${crypto.randomBytes(8).toString("hex")}.part`;
  await fs.promises.writeFile(part, data, { flag: "wx" });
  await fs.promises.rename(part, full);
}

export const readPictureFile = (file: string) => fs.promises.readFile(picturePath(file));

// --- OpenMoji ------------------------------------------------------------------------------------

/** One picture of the OpenMoji library, as openmoji.json describes it (the fields we read). */
export interface OpenMojiEntry {
  hexcode: string;
  annotation: string;
  tags: string;
  openmoji_tags: string;
  group: string;
  subgroups: string;
  skintone: string;
  order: number | "";
}

// The package is read from node_modules when first needed, not bundled into the server build:
// its data is 2 MB of JSON and its pictures 4,500 SVG files.
const openMojiRoot = () => path.dirname(createRequire(import.meta.url).resolve("openmoji/package.json"));

/** OpenMoji's list of pictures, read once. */
export const openMojiEntries = () =>
  singleton("openmoji", () => JSON.parse(fs.readFileSync(path.join(openMojiRoot(), "data/openmoji.json"), "utf8")) as OpenMojiEntry[]);

/** The path of an OpenMoji picture's colour SVG; `hexcode` must be one of the library's (never one a person typed). */
export function openMojiSvgPath(hexcode: string) {
  if (!/^[0-9A-F]{2,6}(?:-[0-9A-F]{2,6})*$/.test(hexcode)) throw new Error(`Not an OpenMoji code: ${hexcode}`);
  return path.join(openMojiRoot(), "color/svg", `${hexcode}.svg`);
}

/** A trusted SVG (the library's) drawn as a PNG `width` pixels wide. */
export async function svgToPng(svg: Buffer, width: number) {
  const image = await renderAsync(svg, { fitTo: { mode: "width", value: width }, font: { loadSystemFonts: false }, logLevel: "off" });
  return image.asPng();
}
