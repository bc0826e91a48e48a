import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runQpdf } from "~/utils/qpdf.server";

// An uploaded letter of support's pages, copied into letter.pdf while pdfkit writes it. Splicing
// them in afterwards made qpdf rewrite the whole of letter.pdf (a million signatories: ten minutes,
// 10 GB); copying only the upload's own objects costs what the upload weighs. qpdf still does the
// reading (object streams, broken cross-references, encryption): it dumps the upload as JSON, and
// this module writes each object the pages need back out in PDF syntax, with new numbers.

/** Where imported objects go: the PDF being written (LetterPdf gives one over its pdfkit document). */
export interface PdfObjectWriter {
  /** A new object number in the PDF being written. */
  allocate(): number;
  /** Writes object `id`: `dict` in PDF syntax ("<< … >>" or any other direct value), and, for a stream, its bytes as they are (still filtered: /Filter and /Length in `dict` describe them). */
  write(id: number, dict: string, stream?: Uint8Array): void;
}

/**
 * Where the upload's structure tree goes, when it has one: under an element of the document being
 * written, with each page's (and annotation's) entry of its ParentTree given a new key there.
 */
export interface StructureTarget {
  /** The element the upload's top-level structure elements go under ("12 0 R"). */
  parent: string;
  /** A new key in the document's ParentTree for `value` (PDF syntax: "[…]" for a page, "n 0 R" for an annotation). */
  parentTreeEntry(value: string): number;
}

/** The upload's pages in the document, and its structure when it had one. */
export interface ImportedPages {
  /** The new page objects' numbers, in order. */
  pages: number[];
  /** The upload's top-level structure elements, renumbered, for the caller to list under `StructureTarget.parent`; empty when it is untagged. */
  elements: number[];
  /** The upload's own structure types and the standard ones they stand for (its /RoleMap), for the document's. */
  roleMap: Record<string, string>;
}

/** A PDF value as qpdf's JSON (version 2) gives it. */
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonDict = { [key: string]: JsonValue };

/** One object of the upload: a value, or a stream whose bytes qpdf left in a file of their own. */
interface UploadObject {
  value?: JsonValue;
  stream?: { dict: JsonDict; datafile?: string; data?: string };
}

interface QpdfJson {
  pages: { object: string }[];
  qpdf: [unknown, Record<string, UploadObject>];
}

/** Uploads are at most 10 MB; qpdf reads even a damaged one in seconds. */
const QPDF_TIMEOUT = 120_000;

/** Page attributes a page may take from an ancestor /Pages node (PDF 32000 §7.7.3.4). */
const INHERITED = ["/Resources", "/MediaBox", "/CropBox", "/Rotate"];

/**
 * Keys numbering entries in the upload's ParentTree: given new keys in the document's when the
 * structure tree comes along, else left off (they would point into the document's own tree, at the
 * wrong elements).
 */
const STRUCTURE_KEYS = new Set(["/StructParent", "/StructParents"]);
/** Keys left off pages: /B (article beads belong to the catalog's /Threads), /PieceInfo (the authoring application's private data). */
const PAGE_ONLY_KEYS = new Set(["/Parent", "/B", "/PieceInfo"]);

/**
 * Objects never copied, whatever refers to them: the upload's document-level objects (its catalog,
 * page tree, structure tree root) and the containers qpdf has already unpacked. A reference to one
 * is written as null, which is what a dangling reference means in PDF. Its structure elements are
 * copied only with its structure tree (see `StructureTarget`).
 */
const DOCUMENT_TYPES = new Set(["/Catalog", "/Pages", "/StructTreeRoot", "/ObjStm", "/XRef"]);

/**
 * Copies every page of `file` (an uploaded PDF) into `writer`, with every object those pages need,
 * renumbered. Each page's /Parent is `parent` ("12 0 R", the writer's page tree node, which the
 * caller lists them in). With `structure`, a tagged upload keeps its tags: its structure elements
 * are copied too, its top-level ones under `structure.parent` (with the upload's language when they
 * name none), and its ParentTree entries get keys in the document's.
 */
export async function importPages(file: string, writer: PdfObjectWriter, parent: string, structure?: StructureTarget): Promise<ImportedPages> {
  // qpdf's JSON and the upload's stream bytes, for as long as the copying takes.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-import-"));
  try {
    const upload = await readUpload(file, workDir);
    return copyPages(upload, writer, parent, structure);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The upload as qpdf reads it: its pages in order (qpdf's walk of the page tree, the one
 * `--show-pages` counts), and its objects, those in object streams included. Stream bytes stay as
 * filtered in the file and are written to `workDir`, one file each, so the JSON held in memory is
 * only dictionaries (the app runs in a 200 MB heap; fonts and pictures are most of an upload). The
 * JSON goes to a file too: qpdf writes it in small pieces, which through a pipe took three times
 * as long (43,000 objects: 7.8 s against 2.7 s).
 */
async function readUpload(file: string, workDir: string) {
  const jsonFile = path.join(workDir, "upload.json");
  const outcome = await runQpdf(
    [
      "--json=2",
      "--json-key=pages",
      "--json-key=qpdf",
      "--json-stream-data=file",
      `--json-stream-prefix=${path.join(workDir, "stream")}`,
      "--decode-level=none",
      file,
      jsonFile,
    ],
    { timeout: QPDF_TIMEOUT },
  );
  if (outcome.status === "missing") throw new Error("qpdf is not installed: the pages of an uploaded PDF cannot be copied without it");
  if (outcome.status === "failed") throw new Error(`qpdf could not read the uploaded PDF ${path.basename(file)}: ${outcome.reason}`);
  let json: QpdfJson;
  try {
    json = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as QpdfJson;
  } catch {
    throw new Error(`qpdf's description of the uploaded PDF ${path.basename(file)} is not JSON`);
  }
  const objects = new Map<string, UploadObject>();
  let trailer: JsonValue | undefined;
  for (const [key, object] of Object.entries(json.qpdf?.[1] ?? {})) {
    // Keys are "obj:12 0 R", kept as "12 0"; "trailer" is the only other, and is not copied.
    if (key.startsWith("obj:")) objects.set(referenceKey(key.slice("obj:".length)), object);
    else if (key === "trailer") trailer = object.value;
  }
  const pages = (json.pages ?? []).map((page) => referenceKey(page.object));
  if (!pages.length) throw new Error(`The uploaded PDF ${path.basename(file)} has no pages`);
  const resolve = (value: JsonValue | undefined) => resolved(value, objects);
  const catalog = isDict(trailer) ? resolve(trailer["/Root"]) : undefined;
  return { pages, objects, catalog: isDict(catalog) ? catalog : undefined };
}

/** The upload's structure tree, when it has one: its root's key, top-level elements, ParentTree and RoleMap, and its language. */
function structureOf(catalog: JsonDict | undefined, objects: Map<string, UploadObject>) {
  const rootRef = catalog?.["/StructTreeRoot"];
  if (typeof rootRef !== "string" || !isReference(rootRef)) return undefined;
  const root = objects.get(referenceKey(rootRef))?.value;
  if (!isDict(root)) return undefined;
  const resolve = (value: JsonValue | undefined) => resolved(value, objects);
  const kids = resolve(root["/K"]);
  const elements = (Array.isArray(kids) ? kids : [root["/K"]]).filter((kid): kid is string => typeof kid === "string" && isReference(kid));
  // The ParentTree is a number tree: /Nums [key value …] in its leaves, /Kids below its other nodes.
  const parentTree = new Map<number, JsonValue>();
  const seen = new Set<JsonValue>();
  const walk = (node: JsonValue | undefined) => {
    const dict = resolve(node);
    if (!isDict(dict) || seen.has(dict)) return;
    seen.add(dict);
    const nums = resolve(dict["/Nums"]);
    if (Array.isArray(nums)) for (let i = 0; i + 1 < nums.length; i += 2) if (typeof nums[i] === "number") parentTree.set(nums[i] as number, nums[i + 1]);
    const children = resolve(dict["/Kids"]);
    if (Array.isArray(children)) children.forEach(walk);
  };
  walk(root["/ParentTree"]);
  const roleMap: Record<string, string> = {};
  const roles = resolve(root["/RoleMap"]);
  if (isDict(roles)) for (const [role, standard] of Object.entries(roles)) if (typeof standard === "string" && standard.startsWith("/")) roleMap[role.slice(1)] = standard.slice(1);
  const lang = catalog?.["/Lang"];
  return { rootKey: referenceKey(rootRef), elements, parentTree, roleMap, lang: typeof lang === "string" ? lang : undefined };
}

/** The pages and what they reach, written to `writer` one object at a time. */
function copyPages(
  { pages, objects, catalog }: { pages: string[]; objects: Map<string, UploadObject>; catalog: JsonDict | undefined },
  writer: PdfObjectWriter,
  parent: string,
  target: StructureTarget | undefined,
): ImportedPages {
  const structure = target ? structureOf(catalog, objects) : undefined;
  // Old reference ("12 0") -> new object number. Pages are numbered first, so that a link on page 1
  // to page 3 gets page 3's new number; everything else is numbered when first reached.
  const renumbered = new Map<string, number>();
  const pageIds = pages.map((page) => {
    const id = writer.allocate();
    // A page listed twice (qpdf lists what the tree holds) is written twice; links go to the first.
    if (!renumbered.has(page)) renumbered.set(page, id);
    return id;
  });
  const waiting: string[] = [];

  const typeOf = (object: UploadObject | undefined) => {
    const dict = object?.stream?.dict ?? object?.value;
    return isDict(dict) ? dict["/Type"] : undefined;
  };
  /** The new "N 0 R" for an old reference, or null for what is not copied. */
  const reference = (old: string): string => {
    const known = renumbered.get(old);
    if (known !== undefined) return `${known} 0 R`;
    // The upload's structure tree root is the document's element the upload's elements go under.
    if (structure && target && old === structure.rootKey) return target.parent;
    const object = objects.get(old);
    const type = typeOf(object);
    // A page outside qpdf's list (an orphan an annotation still names) would bring its /Parent
    // and so the upload's whole page tree: it goes the way of the catalog.
    if (!object || object.value === null || (typeof type === "string" && (DOCUMENT_TYPES.has(type) || type === "/Page"))) return "null";
    const id = writer.allocate();
    renumbered.set(old, id);
    waiting.push(old);
    return `${id} 0 R`;
  };
  /** A ParentTree key of the upload's, as a new key in the document's (undefined: the key goes). */
  const parentTreeKeys = new Map<number, number>();
  const structParent = (old: JsonValue): number | undefined => {
    if (!structure || !target || typeof old !== "number" || !structure.parentTree.has(old)) return undefined;
    let key = parentTreeKeys.get(old);
    if (key === undefined) {
      // A page's entry is an array (given here, not through a reference to it); an annotation's, its element.
      let entry = structure.parentTree.get(old)!;
      const referred = typeof entry === "string" && isReference(entry) ? objects.get(referenceKey(entry))?.value : undefined;
      if (Array.isArray(referred)) entry = referred;
      key = target.parentTreeEntry(serialize(entry));
      parentTreeKeys.set(old, key);
    }
    return key;
  };
  const serialize = (value: JsonValue): string => pdfValue(value, reference, structParent);
  // The top-level elements first: their numbers are what the caller lists under its element.
  const elements = (structure?.elements ?? []).map((element) => Number(reference(referenceKey(element)).split(" ")[0])).filter((id) => id > 0);

  pages.forEach((page, index) => {
    const dict = objects.get(page)?.value;
    if (!isDict(dict)) throw new Error(`Page ${index + 1} of the uploaded PDF is not a dictionary`);
    const entries = Object.entries(dict).filter(([key]) => !PAGE_ONLY_KEYS.has(key) && key !== "/Type");
    for (const key of INHERITED) {
      if (key in dict) continue;
      const inherited = inheritedValue(dict, key, objects);
      if (inherited !== undefined) entries.push([key, inherited]);
    }
    const body = entries.flatMap(([key, value]) => {
      if (!STRUCTURE_KEYS.has(key)) return [`${pdfName(key)} ${serialize(value)}`];
      const renumbered = structParent(value);
      return renumbered === undefined ? [] : [`${key} ${renumbered}`];
    });
    writer.write(pageIds[index], `<< /Type /Page /Parent ${parent} ${body.join(" ")} >>`);
  });

  // Everything the pages reach, breadth first; each object is written once, when its turn comes.
  for (let next = 0; next < waiting.length; next++) {
    const old = waiting[next];
    const id = renumbered.get(old)!;
    const object = objects.get(old)!;
    if (object.stream) {
      const bytes = streamBytes(object.stream);
      // qpdf leaves /Length out of the JSON; the bytes written are what it must count.
      const dict = { ...object.stream.dict };
      delete dict["/Length"];
      dict["/Length"] = bytes.length;
      writer.write(id, serialize(dict), bytes);
    } else {
      let value = object.value ?? null;
      // A top-level element names the upload's language when it names none, or a screen reader
      // would read it in the document's; the upload's Document is a Div in the document's.
      if (structure && isDict(value) && value["/P"] === `${structure.rootKey} R`) {
        value = { ...value };
        if (structure.lang && !("/Lang" in value)) value["/Lang"] = structure.lang;
        if (value["/S"] === "/Document") value["/S"] = "/Div";
      }
      writer.write(id, serialize(value));
    }
  }
  return { pages: pageIds, elements, roleMap: structure?.roleMap ?? {} };
}

/** A value, or what it refers to when it is a reference. */
function resolved(value: JsonValue | undefined, objects: Map<string, UploadObject>) {
  return typeof value === "string" && isReference(value) ? objects.get(referenceKey(value))?.value : value;
}

/** What a page takes from the nearest ancestor /Pages node that has `key`, if any does. */
function inheritedValue(page: JsonDict, key: string, objects: Map<string, UploadObject>) {
  const seen = new Set<string>();
  let node: JsonValue | undefined = page["/Parent"];
  // A page tree loop, which qpdf tolerates, must not hang the export.
  while (typeof node === "string" && isReference(node) && !seen.has(node)) {
    seen.add(node);
    const ancestor: JsonValue | undefined = objects.get(referenceKey(node))?.value;
    if (!isDict(ancestor)) return undefined;
    if (key in ancestor) return ancestor[key];
    node = ancestor["/Parent"];
  }
  return undefined;
}

/** A stream's bytes, as filtered in the upload: from qpdf's file for it (or inline, should qpdf give them so). */
function streamBytes(stream: NonNullable<UploadObject["stream"]>): Uint8Array {
  if (stream.datafile !== undefined) return fs.readFileSync(stream.datafile);
  return Buffer.from(stream.data ?? "", "base64");
}

const REFERENCE = /^(\d+) (\d+) R$/;
const isReference = (value: string) => REFERENCE.test(value);
/** "12 0 R" -> "12 0", the key objects are kept under. */
const referenceKey = (value: string) => value.slice(0, -2);
const isDict = (value: JsonValue | undefined): value is JsonDict => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A value of qpdf's JSON in PDF syntax, with each reference turned into `reference(old)` and each
 * /StructParent(s) key into `structParent(old)` (left off when that gives none).
 */
function pdfValue(value: JsonValue, reference: (old: string) => string, structParent: (old: JsonValue) => number | undefined): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return pdfNumber(value);
  if (Array.isArray(value)) return `[${value.map((item) => pdfValue(item, reference, structParent)).join(" ")}]`;
  if (typeof value === "object") {
    const entries: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (STRUCTURE_KEYS.has(key)) {
        const renumbered = structParent(item);
        if (renumbered !== undefined) entries.push(`${key} ${renumbered}`);
      } else {
        entries.push(`${pdfName(key)} ${pdfValue(item, reference, structParent)}`);
      }
    }
    return `<< ${entries.join(" ")} >>`;
  }
  if (isReference(value)) return reference(referenceKey(value));
  if (value.startsWith("/")) return pdfName(value);
  if (value.startsWith("n:/")) return pdfName(value.slice(2), { escaped: true });
  if (value.startsWith("u:")) return pdfTextString(value.slice(2));
  if (value.startsWith("b:")) return `<${value.slice(2)}>`;
  throw new Error(`qpdf's JSON holds a value this cannot write back as PDF: ${value.slice(0, 40)}`);
}

/**
 * A number as PDF writes it: no exponent (PDF has none), so very small or large reals are spelt
 * out. JSON.parse has already rounded anything beyond a double's precision; PDF readers keep less.
 */
function pdfNumber(value: number) {
  if (!Number.isFinite(value)) return "0";
  const text = String(value);
  if (!/e/i.test(text)) return text;
  if (Math.abs(value) >= 1) return BigInt(Math.round(value)).toString();
  return value.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

/**
 * A name in PDF syntax. qpdf gives it resolved ("/text/plain"); PDF needs delimiters, "#",
 * whitespace and bytes outside printable ASCII written as #xx ("/text#2fplain"). An "n:" name is
 * already written with #xx escapes.
 */
function pdfName(name: string, { escaped = false } = {}) {
  const bytes = escaped ? unescapeName(name.slice(1)) : Buffer.from(name.slice(1), "utf8");
  let out = "/";
  for (const byte of bytes) {
    const regular = byte > 0x20 && byte < 0x7f && !"()<>[]{}/%#".includes(String.fromCharCode(byte));
    out += regular ? String.fromCharCode(byte) : `#${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

function unescapeName(name: string) {
  return Buffer.from(name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
}

/**
 * A text string: plain ASCII as a literal string, anything else as UTF-16BE with its byte order
 * mark (which PDF readers take as text whatever the document's encoding).
 */
function pdfTextString(text: string) {
  if (/^[\u0020-\u007e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = "FEFF";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0");
  return `<${hex}>`;
}
