import crypto, { type KeyObject, X509Certificate } from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import forge from "node-forge";
import { runQpdf } from "./qpdf.server";

// A PAdES signature on a finished PDF, as an incremental update: a PDF reader shows it in its
// signature panel, and poppler's `pdfsig` checks it. It streams: the PDF (hundreds of MB for a
// big pack) is never read whole. The few objects the update rewrites (the catalog, page 1, an
// AcroForm) are read through the cross-reference table (see `objectReader`), the update is appended with fs, the signed byte ranges are hashed as a
// stream, and the CMS (detached, SHA-256, with the signing certificate and the
// signing-certificate-v2 attribute) is written in place into the /Contents placeholder.

/** A signing certificate with its private key and any chain above it, read from one PEM bundle. */
export interface CertBundle {
  privateKey: KeyObject;
  /** The signing certificate first, then the rest of the chain as given. */
  certificates: X509Certificate[];
}

/**
 * Reads a PEM bundle: one private key (PKCS#8, or PKCS#1 RSA / SEC1 EC) and certificates, one of
 * which is the key's; the others are its chain. Throws an Error whose message says what is wrong
 * (never quoting the key).
 */
export function parseCertBundle(pem: string): CertBundle {
  const keyBlocks = pem.match(/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/g) ?? [];
  const certBlocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (keyBlocks.length !== 1) throw new Error("it must hold one unencrypted private key (-----BEGIN PRIVATE KEY-----) and its certificate (-----BEGIN CERTIFICATE-----)");
  if (!certBlocks.length) throw new Error("it holds no certificate (-----BEGIN CERTIFICATE-----)");
  let privateKey: KeyObject;
  try {
    privateKey = crypto.createPrivateKey(keyBlocks[0]);
  } catch {
    throw new Error("its private key cannot be read");
  }
  const type = privateKey.asymmetricKeyType;
  if (!(type === "rsa" && (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) && !(type === "ec" && privateKey.asymmetricKeyDetails?.namedCurve === "prime256v1")) {
    throw new Error("its private key must be RSA of 2048 bits or more, or EC P-256");
  }
  let certificates: X509Certificate[];
  try {
    certificates = certBlocks.map((block) => new X509Certificate(block));
  } catch {
    throw new Error("a certificate in it cannot be read");
  }
  const own = certificates.findIndex((c) => c.checkPrivateKey(privateKey));
  if (own < 0) throw new Error("none of its certificates is the private key's");
  const signing = certificates[own];
  if (Date.parse(signing.validTo) < Date.now()) throw new Error(`its certificate expired on ${new Date(signing.validTo).toISOString().slice(0, 10)}`);
  return { privateKey, certificates: [signing, ...certificates.filter((_, i) => i !== own)] };
}

export interface SignatureDetails {
  /** The signer's name the reader shows (the site). */
  name: string;
  reason: string;
  location: string;
  signedAt: Date;
}

/** Bytes of hex reserved for the CMS: the certificates, a signature and its attributes, with room to spare. */
function placeholderLength(bundle: CertBundle) {
  const certs = bundle.certificates.reduce((sum, c) => sum + c.raw.length, 0);
  return 2 * (certs + 4096);
}

/** Signs `file` in place: appends the signature's incremental update and fills in its CMS. */
export async function signPdf(file: string, bundle: CertBundle, details: SignatureDetails) {
  const size = fs.statSync(file).size;
  const prevXref = lastXrefOffset(file, size);
  const { read, xrefStream } = await objectReader(file, prevXref, size);
  const trailer = await readDict(read, "trailer");
  const rootRef = trailer.get("/Root");
  if (typeof rootRef !== "string" || !isRef(rootRef)) throw new Error("The PDF's trailer has no /Root");
  const root = await readDict(read, rootRef);
  const pagesRef = root.get("/Pages");
  if (typeof pagesRef !== "string" || !isRef(pagesRef)) throw new Error("The PDF's catalog has no /Pages");
  const { ref: pageRef, page } = await firstPage(read, pagesRef);

  let next = Number(trailer.get("/Size"));
  if (!Number.isInteger(next) || next < 1) throw new Error("The PDF's trailer has no /Size");
  const sigNum = next++;
  const widgetNum = next++;
  const written: { ref: string; body: string }[] = [];

  // Page 1 gets the (invisible) widget among its annotations; tab order by structure, as PDF/UA asks of a page with annotations.
  const annots = await resolvedArray(read, page.get("/Annots"));
  written.push({ ref: pageRef, body: serialize(new Map([...page, ["/Annots", [...annots, `${widgetNum} 0 R`]], ["/Tabs", page.get("/Tabs") ?? "/S"]])) });

  // The catalog's AcroForm lists the field, with SigFlags 3 (signatures exist; append only).
  const catalog: PdfDict = new Map(root);
  const acroForm = root.get("/AcroForm");
  if (typeof acroForm === "string" && isRef(acroForm)) {
    written.push({ ref: acroForm, body: serialize(await withField(read, await readDict(read, acroForm), widgetNum)) });
  } else {
    catalog.set("/AcroForm", await withField(read, acroForm instanceof Map ? acroForm : new Map(), widgetNum));
  }
  // ETSI.CAdES.detached is PDF 2.0's (and PDF 1.7 extension level 8): a header below 1.7 is raised in the catalog.
  if (!catalog.has("/Version") && headerVersion(file) < 1.7) catalog.set("/Version", "/1.7");
  written.push({ ref: rootRef, body: serialize(catalog) });

  const placeholder = placeholderLength(bundle);
  const byteRangeSlot = "/ByteRange [0 0000000000 0000000000 0000000000]";
  const sig = [
    "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached",
    byteRangeSlot,
    `/Contents <${"0".repeat(placeholder)}>`,
    `/M ${textString(pdfDate(details.signedAt))} /Name ${textString(details.name)} /Reason ${textString(details.reason)} /Location ${textString(details.location)} >>`,
  ].join("\n");
  written.push({ ref: `${sigNum} 0 R`, body: sig });
  written.push({
    ref: `${widgetNum} 0 R`,
    // Invisible (an empty rectangle), printable and locked: the reader's signature panel shows it. /TU names the field for a screen reader.
    body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /TU ${textString(details.reason)} /V ${sigNum} 0 R /F 132 /Rect [0 0 0 0] /P ${pageRef} >>`,
  });

  // The update: each object, then a cross-reference section for them and a trailer pointing back.
  let update = "\n";
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (const { ref, body } of written) {
    const [num, gen] = ref.split(" ").map(Number);
    entries.push({ num, gen, offset: size + Buffer.byteLength(update, "latin1") });
    update += `${num} ${gen} obj\n${body}\nendobj\n`;
  }
  const xrefAt = size + Buffer.byteLength(update, "latin1");
  const newTrailer: PdfDict = new Map<string, PdfValue>([["/Root", rootRef], ["/Prev", String(prevXref)]]);
  for (const key of ["/Info", "/ID"]) if (trailer.has(key)) newTrailer.set(key, trailer.get(key)!);
  if (xrefStream) {
    // The update's cross-references are a stream too, as the file's are (PDF 2.0 asks an update to
    // keep the kind): an entry of 8 bytes per object, its own included, uncompressed.
    const xrefNum = next++;
    entries.push({ num: xrefNum, gen: 0, offset: xrefAt });
    entries.sort((a, b) => a.num - b.num);
    const data = Buffer.alloc(8 * entries.length);
    entries.forEach((e, i) => {
      data[8 * i] = 1;
      data.writeUIntBE(e.offset, 8 * i + 1, 5);
      data.writeUInt16BE(e.gen, 8 * i + 6);
    });
    newTrailer.set("/Type", "/XRef");
    newTrailer.set("/Size", String(next));
    newTrailer.set("/W", ["1", "5", "2"]);
    newTrailer.set("/Index", entries.flatMap((e) => [String(e.num), "1"]));
    newTrailer.set("/Length", String(data.length));
    update += `${xrefNum} 0 obj\n${serialize(newTrailer)}\nstream\n${data.toString("latin1")}\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  } else {
    update += "xref\n";
    for (const e of entries.sort((a, b) => a.num - b.num)) update += `${e.num} 1\n${String(e.offset).padStart(10, "0")} ${String(e.gen).padStart(5, "0")} n \n`;
    newTrailer.set("/Size", String(next));
    update += `trailer\n${serialize(newTrailer)}\nstartxref\n${xrefAt}\n%%EOF\n`;
  }

  // The byte range: everything but the hex string of /Contents (its angle brackets included).
  const bytes = Buffer.from(update, "latin1");
  const contentsStart = size + bytes.indexOf(`/Contents <`) + "/Contents ".length;
  const contentsEnd = contentsStart + placeholder + 2;
  const total = size + bytes.length;
  const range = [0, contentsStart, contentsEnd, total - contentsEnd];
  const rangeText = `/ByteRange [${range.map((n) => String(n)).join(" ")}]`.padEnd(byteRangeSlot.length, " ");
  if (rangeText.length !== byteRangeSlot.length) throw new Error("The PDF is too large to sign");
  bytes.write(rangeText, bytes.indexOf(byteRangeSlot), "latin1");
  fs.appendFileSync(file, bytes);

  const digest = await hashRanges(file, [
    [range[0], range[1]],
    [range[2], range[2] + range[3]],
  ]);
  const cms = Buffer.from(buildCms(bundle, digest), "binary").toString("hex");
  if (cms.length > placeholder) throw new Error("The signature is larger than the room kept for it");
  const fd = fs.openSync(file, "r+");
  try {
    fs.writeSync(fd, cms, contentsStart + 1, "latin1");
  } finally {
    fs.closeSync(fd);
  }
}

// --- Reading the PDF with qpdf ---------------------------------------------------------------

/** A PDF object as read: a leaf (number, name, reference, string, boolean, null) kept as its PDF syntax, an array or a dictionary. */
type PdfValue = string | PdfValue[] | PdfDict;
type PdfDict = Map<string, PdfValue>;

/** The offset of the last cross-reference section, from the file's tail. */
function lastXrefOffset(file: string, size: number) {
  const length = Math.min(size, 2048);
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(readText(file, size - length, length));
  if (!match) throw new Error("The PDF has no startxref at its end");
  return Number(match[1]);
}

/** The PDF version in the file's header (%PDF-1.x). */
function headerVersion(file: string) {
  return Number(/%PDF-(\d\.\d)/.exec(readText(file, 0, 16))?.[1] ?? 0);
}

/** Reads one object by reference ("3 0 R", or "trailer"). */
type ObjectReader = (ref: string) => Promise<PdfValue>;

/**
 * How the few objects the update rewrites are read. A file with one cross-reference section
 * (pdfkit's table, or letter.pdf's own stream) is read directly: an object's entry is found by
 * arithmetic (a table's entries are 20 bytes; a stream's, its /W), and the object read where it
 * says. A tagged pack of a million signatories has six million objects, and qpdf reads every entry
 * for each object asked (some 40 s each). Any other file (an earlier update, compressed entries with
 * a predictor, an object inside an object stream) is read through `qpdf --show-object`.
 */
async function objectReader(file: string, xrefAt: number, size: number): Promise<{ read: ObjectReader; xrefStream: boolean }> {
  const viaQpdf: ObjectReader = (ref) => qpdfObject(file, ref);
  const table = readXrefTable(file, xrefAt, size);
  if (table) {
    return {
      xrefStream: false,
      read: async (ref) => {
        if (ref === "trailer") return table.trailer;
        const [num, gen] = ref.split(" ").map(Number);
        const section = table.sections.find((s) => num >= s.first && num < s.first + s.count);
        if (!section) throw new Error(`The PDF has no object ${ref}`);
        const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(readText(file, section.entriesAt + (num - section.first) * 20, 20));
        if (!entry || entry[3] !== "n" || Number(entry[2]) !== gen) throw new Error(`The PDF has no object ${ref}`);
        return objectAt(file, Number(entry[1]), num, gen, size);
      },
    };
  }
  const stream = readXrefStream(file, xrefAt, size);
  if (!stream) return { xrefStream: /^\s*\d+\s+\d+\s+obj/.test(readText(file, xrefAt, 32)), read: viaQpdf };
  return {
    xrefStream: true,
    read: async (ref) => {
      if (ref === "trailer") return stream.dict;
      const [num, gen] = ref.split(" ").map(Number);
      let before = 0;
      for (const { first, count } of stream.sections) {
        if (num >= first && num < first + count) {
          const [type, field, last] = await stream.entry(before + num - first);
          if (type === 1 && last === gen) return objectAt(file, field, num, gen, size);
          if (type === 2) return viaQpdf(ref);
          throw new Error(`The PDF has no object ${ref}`);
        }
        before += count;
      }
      throw new Error(`The PDF has no object ${ref}`);
    },
  };
}

/**
 * A cross-reference stream with no earlier section, compressed (Flate, no predictor) or not: its
 * dictionary (the trailer's entries), its sections, and a reader of its n-th entry, which inflates
 * the stream as far as that entry and no further.
 */
function readXrefStream(file: string, xrefAt: number, size: number) {
  const text = readText(file, xrefAt, 64 * 1024);
  const head = /^\s*(\d+)\s+(\d+)\s+obj/.exec(text);
  if (!head) return undefined;
  const parser = new PdfParser(text.slice(head[0].length));
  const dict = parser.value();
  if (!(dict instanceof Map) || dict.get("/Type") !== "/XRef" || dict.has("/Prev") || dict.has("/DecodeParms")) return undefined;
  const filter = dict.get("/Filter");
  if (filter !== undefined && filter !== "/FlateDecode") return undefined;
  const widths = dict.get("/W");
  const length = Number(dict.get("/Length"));
  if (!Array.isArray(widths) || widths.length !== 3 || !Number.isInteger(length)) return undefined;
  const w = widths.map(Number);
  const index = dict.get("/Index") ?? ["0", String(dict.get("/Size"))];
  if (!Array.isArray(index) || index.length % 2) return undefined;
  const sections: { first: number; count: number }[] = [];
  for (let i = 0; i < index.length; i += 2) sections.push({ first: Number(index[i]), count: Number(index[i + 1]) });
  const streamKeyword = /^\s*stream\r?\n/.exec(text.slice(head[0].length + parser.position));
  if (!streamKeyword) return undefined;
  const dataAt = xrefAt + head[0].length + parser.position + streamKeyword[0].length;
  const entrySize = w[0] + w[1] + w[2];
  const field = (bytes: Buffer, at: number, width: number) => (width ? bytes.readUIntBE(at, width) : 0);
  return {
    dict,
    sections,
    /** The entry's type (1 when /W gives it no bytes), second and third fields. */
    async entry(n: number): Promise<[number, number, number]> {
      const bytes = await streamBytes(file, dataAt, Math.min(length, size - dataAt), filter === "/FlateDecode", n * entrySize, entrySize);
      return [w[0] ? field(bytes, 0, w[0]) : 1, field(bytes, w[0], w[1]), field(bytes, w[0] + w[1], w[2])];
    },
  };
}

/** `count` bytes from `from` on of a stream's data (inflated when `inflate`), reading no further than needed. */
async function streamBytes(file: string, dataAt: number, length: number, inflate: boolean, from: number, count: number) {
  const source = fs.createReadStream(file, { start: dataAt, end: dataAt + length - 1 });
  const data = inflate ? source.pipe(zlib.createInflate()) : source;
  const wanted: Buffer[] = [];
  let seen = 0;
  try {
    for await (const chunk of data as AsyncIterable<Buffer>) {
      const start = Math.max(0, from - seen);
      const end = Math.min(chunk.length, from + count - seen);
      if (end > start) wanted.push(chunk.subarray(start, end));
      seen += chunk.length;
      if (seen >= from + count) break;
    }
  } finally {
    source.destroy();
    data.destroy();
  }
  const bytes = Buffer.concat(wanted);
  if (bytes.length !== count) throw new Error("The PDF's cross-reference stream ends too soon");
  return bytes;
}

/** The classic table's sections and trailer, or undefined when the file's is not one such table. */
function readXrefTable(file: string, xrefAt: number, size: number) {
  let at = xrefAt;
  const head = /^xref\s*?\r?\n/.exec(readText(file, at, 16));
  if (!head) return undefined;
  at += head[0].length;
  const sections: { first: number; count: number; entriesAt: number }[] = [];
  for (;;) {
    const text = readText(file, at, 64);
    const section = /^(\d+) (\d+)\s*?\r?\n/.exec(text);
    if (section) {
      const count = Number(section[2]);
      sections.push({ first: Number(section[1]), count, entriesAt: at + section[0].length });
      at += section[0].length + count * 20;
      continue;
    }
    const trailer = /^\s*trailer\s*/.exec(text);
    if (!trailer) return undefined;
    const value = new PdfParser(readText(file, at + trailer[0].length, Math.min(size - at, 1024 * 1024))).value();
    if (!(value instanceof Map) || value.has("/Prev") || value.has("/XRefStm")) return undefined;
    return { sections, trailer: value };
  }
}

/** The object that starts at `offset` ("12 0 obj …"), read in growing parts until it is whole. */
function objectAt(file: string, offset: number, num: number, gen: number, size: number) {
  for (let length = 64 * 1024; ; length *= 4) {
    const text = readText(file, offset, Math.min(length, size - offset));
    const head = /^\s*(\d+)\s+(\d+)\s+obj/.exec(text);
    if (!head || Number(head[1]) !== num || Number(head[2]) !== gen) throw new Error(`The PDF's object ${num} ${gen} R is not where its table says`);
    try {
      return new PdfParser(text.slice(head[0].length)).value();
    } catch (error) {
      if (offset + length >= size) throw error;
    }
  }
}

function readText(file: string, at: number, length: number) {
  const buffer = Buffer.alloc(Math.max(0, length));
  const fd = fs.openSync(file, "r");
  try {
    return buffer.toString("latin1", 0, fs.readSync(fd, buffer, 0, buffer.length, at));
  } finally {
    fs.closeSync(fd);
  }
}

/** One object as `qpdf --show-object` prints it (qpdf reads the cross-reference table and that object). */
async function qpdfObject(file: string, ref: string) {
  const [num, gen] = ref.split(" ");
  const outcome = await runQpdf([`--show-object=${ref === "trailer" ? "trailer" : `${num},${gen}`}`, file], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (outcome.status !== "ok") throw new Error(`qpdf cannot read the PDF to sign it: ${outcome.status === "failed" ? outcome.reason : "qpdf is missing"}`);
  return new PdfParser(outcome.stdout).value();
}

async function readDict(read: ObjectReader, ref: string) {
  const value = await read(ref);
  if (!(value instanceof Map)) throw new Error(`The PDF's object ${ref} is not a dictionary`);
  return value;
}

/** Page 1: down the page tree by the first kid of each node. */
async function firstPage(read: ObjectReader, pagesRef: string) {
  let ref = pagesRef;
  for (let depth = 0; depth < 64; depth++) {
    const node = await readDict(read, ref);
    if (node.get("/Type") === "/Page" || !node.has("/Kids")) return { ref, page: node };
    const kids = await resolvedArray(read, node.get("/Kids"));
    if (typeof kids[0] !== "string" || !isRef(kids[0])) break;
    ref = kids[0];
  }
  throw new Error("The PDF's first page cannot be found to sign it");
}

/** An array given inline or by reference, as its items. */
async function resolvedArray(read: ObjectReader, value: PdfValue | undefined): Promise<PdfValue[]> {
  if (typeof value === "string" && isRef(value)) return resolvedArray(read, await read(value));
  return Array.isArray(value) ? value : [];
}

async function withField(read: ObjectReader, form: PdfDict, widgetNum: number): Promise<PdfDict> {
  const fields = await resolvedArray(read, form.get("/Fields"));
  return new Map([...form, ["/Fields", [...fields, `${widgetNum} 0 R`]], ["/SigFlags", "3"]]);
}

const isRef = (value: string) => /^\d+ \d+ R$/.test(value);

function serialize(value: PdfValue): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(serialize).join(" ")}]`;
  return `<< ${[...value].map(([key, v]) => `${key} ${serialize(v)}`).join(" ")} >>`;
}

/** Just enough of PDF's object syntax to read what qpdf --show-object prints (no streams). */
class PdfParser {
  private at = 0;
  constructor(private readonly text: string) {}

  /** Where the parser stands: just after the last value read. */
  get position() {
    return this.at;
  }

  value(): PdfValue {
    this.skip();
    const { text } = this;
    if (text.startsWith("<<", this.at)) {
      this.at += 2;
      const dict: PdfDict = new Map();
      for (this.skip(); !text.startsWith(">>", this.at); this.skip()) {
        if (this.at >= text.length) throw new Error("The PDF has a dictionary that does not end");
        const key = this.value();
        if (typeof key !== "string" || !key.startsWith("/")) throw new Error("The PDF has a dictionary key that is not a name");
        dict.set(key, this.value());
      }
      this.at += 2;
      return dict;
    }
    if (text[this.at] === "[") {
      this.at++;
      const items: PdfValue[] = [];
      for (this.skip(); text[this.at] !== "]"; this.skip()) {
        if (this.at >= text.length) throw new Error("The PDF has an array that does not end");
        items.push(this.value());
      }
      this.at++;
      return items;
    }
    const start = this.at;
    if (text[this.at] === "(") {
      for (let depth = 0; this.at < text.length; this.at++) {
        const c = text[this.at];
        if (c === "\\") this.at++;
        else if (c === "(") depth++;
        else if (c === ")" && --depth === 0) break;
      }
      return text.slice(start, ++this.at);
    }
    if (text[this.at] === "<") {
      this.at = text.indexOf(">", this.at) + 1;
      if (this.at === 0) throw new Error("The PDF has a hex string that does not end");
      return text.slice(start, this.at);
    }
    if (text[this.at] === "/") this.at++;
    while (this.at < text.length && !/[\s()<>[\]{}/%]/.test(text[this.at])) this.at++;
    if (this.at === start) throw new Error(`The PDF has an unexpected character: ${text[this.at]}`);
    const token = text.slice(start, this.at);
    // A reference: two whole numbers and R.
    const ref = /^\s+(\d+)\s+R(?=[\s()<>[\]{}/%]|$)/.exec(text.slice(this.at, this.at + 40));
    if (/^\d+$/.test(token) && ref) {
      this.at += ref[0].length;
      return `${token} ${ref[1]} R`;
    }
    return token;
  }

  private skip() {
    for (;;) {
      while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
      if (this.text[this.at] !== "%") return;
      while (this.at < this.text.length && this.text[this.at] !== "\n" && this.text[this.at] !== "\r") this.at++;
    }
  }
}

/** A text string: literal when plain ASCII, else UTF-16BE with its byte order mark. */
function textString(text: string) {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const utf16 = Buffer.from(text, "utf16le").swap16();
  return `<feff${utf16.toString("hex")}>`;
}

function pdfDate(date: Date) {
  const iso = date.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

async function hashRanges(file: string, ranges: [number, number][]) {
  const hash = crypto.createHash("sha256");
  for (const [start, end] of ranges) {
    if (end <= start) continue;
    for await (const chunk of fs.createReadStream(file, { start, end: end - 1, highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  }
  return hash.digest();
}

// --- The CMS --------------------------------------------------------------------------------

const { asn1 } = forge;
const OIDS = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  sha256: "2.16.840.1.101.3.4.2.1",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
};

const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const int = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, String.fromCharCode(n));
const octets = (bytes: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString("binary"));
const nul = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "");
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), "binary");
const fromDer = (bytes: Buffer) => asn1.fromDer(bytes.toString("binary"));
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

/** The issuer Name and serialNumber INTEGER of a certificate, as ASN.1 nodes taken from its DER. */
function issuerAndSerial(certificate: X509Certificate) {
  const tbs = (fromDer(certificate.raw).value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  const offset = tbs[0].tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0; // [0] version, when present
  return { serial: tbs[offset], issuer: tbs[offset + 2] };
}

/** A detached CMS SignedData (CAdES-BES shape) over `digest`, the SHA-256 of the signed byte ranges. */
export function buildCms(bundle: CertBundle, digest: Buffer) {
  const [signing] = bundle.certificates;
  const { issuer, serial } = issuerAndSerial(signing);
  const certHash = crypto.createHash("sha256").update(signing.raw).digest();
  const generalNames = seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])]);
  const attributes = [
    attribute(OIDS.contentType, oid(OIDS.data)),
    attribute(OIDS.messageDigest, octets(digest)),
    // ESSCertIDv2 with SHA-256 (the default, so its algorithm is left out) and the issuer and serial.
    attribute(OIDS.signingCertificateV2, seq([seq([seq([octets(certHash), seq([generalNames, serial])])])])),
  ]
    .map(der)
    .sort(Buffer.compare); // DER orders a SET OF by its members' encodings
  const signedAttrs = Buffer.concat(attributes);
  const toSign = Buffer.concat([derHeader(0x31, signedAttrs.length), signedAttrs]);
  const isEc = bundle.privateKey.asymmetricKeyType === "ec";
  const signature = crypto.sign("sha256", toSign, bundle.privateKey);
  const sha256 = seq([oid(OIDS.sha256), nul()]);
  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    sha256,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attributes.map(fromDer)),
    isEc ? seq([oid(OIDS.ecdsaWithSha256)]) : seq([oid(OIDS.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([sha256]),
    seq([oid(OIDS.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, bundle.certificates.map((c) => fromDer(c.raw))),
    set([signerInfo]),
  ]);
  return asn1.toDer(seq([oid(OIDS.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])])).getBytes();
}

function derHeader(tag: number, length: number) {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}
