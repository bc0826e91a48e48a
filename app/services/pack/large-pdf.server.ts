import { once } from "node:events";
import type fs from "node:fs";
import zlib from "node:zlib";

// pdfkit made to write a PDF of millions of objects (a tagged table of a million signatories is six
// million) in flat memory and in time: writes joined into large chunks, object offsets in typed
// arrays, small objects packed into compressed object streams, the cross-references a compressed
// stream written in parts, page content compressed once per page. LetterPdf draws; this writes.

/** The internals of pdfkit a large PDF needs. */
export interface PdfInternals {
  _write(data: string | Uint8Array): void;
  _offset: number;
  _offsets: (number | null)[] | ObjectOffsets;
  _finalize(): void;
  _refEnd(ref: PdfRef & { offset: number }): void;
  _waiting: number;
  _ended: boolean;
  _root: PdfRef;
  _info: PdfRef;
  _id: Uint8Array;
  readableLength: number;
  addContent(data: string): void;
  push(chunk: Uint8Array | null): boolean;
  page: {
    dictionary: PdfRef & { data: { StructParents?: number } };
    structParentTreeKey: number;
  };
  getStructParentTree(): {
    get(key: number): unknown[];
    add(key: number, value: unknown): void;
  };
  ref(data: unknown): PdfRef;
  outline: { addItem(title: string): { outlineData: Record<string, unknown> } };
}

/** pdfkit's reference to an object ("12 0 R"), with the dictionary or array it writes. */
export interface PdfRef {
  id: number;
  data: unknown;
  end(): void;
  toString(): string;
}

/**
 * Where each object of the file is, for the cross-reference stream: its offset, or, for an object
 * kept in an object stream, that stream's number and its place in it (stored as a negative number).
 * 8 bytes an object in typed arrays of a million: pdfkit keeps offsets in an array of boxed
 * numbers (some 24 bytes each), and a tagged million-row table is six million objects; the UK's
 * largest petition would be 37 million. pdfkit's `ref()` takes a number with `push(null)` and
 * `length`, as from its array.
 */
class ObjectOffsets {
  private static readonly CHUNK = 1 << 20;
  private readonly chunks: Float64Array[] = [];
  length = 0;

  constructor(offsets: (number | null)[]) {
    for (const offset of offsets) this.set(this.push(), offset);
  }

  /** A new object's number. */
  push() {
    if (this.length % ObjectOffsets.CHUNK === 0) this.chunks.push(new Float64Array(ObjectOffsets.CHUNK).fill(-1));
    return ++this.length;
  }

  set(id: number, offset: number | null) {
    this.chunks[Math.floor((id - 1) / ObjectOffsets.CHUNK)][(id - 1) % ObjectOffsets.CHUNK] = offset ?? -1;
  }

  /** Object `id` is the `index`-th in object stream `stream`. */
  setInStream(id: number, stream: number, index: number) {
    this.set(id, -2 - (stream * 65_536 + index));
  }

  /**
   * Where object `id` is, as `set` stored it: its offset (0 or more), -1 if it was never written (the
   * file would then be broken), or, for an object in an object stream, -2 - (stream * 65,536 + index).
   * A number, not an object: the cross-references read millions of them.
   */
  get(id: number) {
    return this.chunks[Math.floor((id - 1) / ObjectOffsets.CHUNK)][(id - 1) % ObjectOffsets.CHUNK];
  }
}

/** A page's content stream, as pdfkit keeps it until the page ends (see `LargePdf.collectPageContent`). */
interface PageContent {
  buffer: Uint8Array[];
  compress: boolean;
  data: { Filter?: string };
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

export class LargePdf {
  private readonly doc: PdfInternals;
  /** Where each object is (see `ObjectOffsets`). */
  private readonly offsets: ObjectOffsets;
  /** Objects waiting for `writePacked`. */
  private packed: { id: number; body: string }[] = [];
  /** pdfkit writes an instance of its PDFAbstractReference as "n 0 R": PDFReference's parent class. */
  private readonly Ref: new (id: number) => PdfRef;

  constructor(doc: PDFKit.PDFDocument, private readonly out: fs.WriteStream) {
    this.doc = doc as unknown as PdfInternals;
    this.offsets = new ObjectOffsets(this.doc._offsets as (number | null)[]);
    this.streamWrites();
    this.keepOffsetsCompact();
    const Abstract = Object.getPrototypeOf(Object.getPrototypeOf(this.doc._root)).constructor as new () => object;
    this.Ref = class extends Abstract {
      data = null;
      constructor(readonly id: number) {
        super();
      }
      end() {}
      toString() {
        return `${this.id} 0 R`;
      }
    };
  }

  /** A reference to object `id` that pdfkit writes as one of its own ("12 0 R"). */
  ref(id: number): PdfRef {
    return new this.Ref(id);
  }

  /** A new object's number, as pdfkit's ref() gives it. */
  newObject() {
    return this.offsets.push();
  }

  /** Writes object `id` now (`dict` in PDF syntax and, for a stream, its bytes as they are), its offset noted as pdfkit's own are. */
  writeObject(id: number, dict: string, stream?: Uint8Array) {
    const { doc } = this;
    this.offsets.set(id, doc._offset);
    doc._write(`${id} 0 obj`);
    doc._write(dict);
    if (stream) {
      doc._write("stream");
      doc._write(stream);
      doc._write("\nendstream");
    }
    doc._write("endobj");
  }

  /** Object `id` (`body` in PDF syntax, no stream) goes into the next object stream `writePacked` writes. */
  pack(id: number, body: string) {
    this.packed.push({ id, body });
  }

  /**
   * The objects packed since the last call, in one compressed object stream. A page of the
   * signatories' table is some 400 small objects (a TR and five TDs a row): written one by one, a
   * tagged million-row table made letter.pdf ten times larger.
   */
  writePacked() {
    const objects = this.packed;
    if (!objects.length) return;
    this.packed = [];
    const { doc } = this;
    const stream = this.newObject();
    let header = "";
    let body = "";
    objects.forEach(({ id, body: text }, index) => {
      header += `${id} ${body.length} `;
      body += `${text}\n`;
      this.offsets.setInStream(id, stream, index);
    });
    const data = zlib.deflateSync(Buffer.from(header + body, "latin1"), { level: 1 });
    this.offsets.set(stream, doc._offset);
    doc._write(`${stream} 0 obj`);
    doc._write(`<< /Type /ObjStm /N ${objects.length} /First ${header.length} /Length ${data.length} /Filter /FlateDecode >>`);
    doc._write("stream");
    doc._write(data);
    doc._write("\nendstream");
    doc._write("endobj");
  }

  /**
   * Each page's marked content is listed in the structure tree's ParentTree, which pdfkit keeps in
   * memory to the end: millions of references for a million signatories. A table page, once done,
   * has its list written out as an object of its own, packed with the page's other objects (see
   * `pack`), and the ParentTree keeps only its reference.
   */
  compactParentTree() {
    const { doc } = this;
    const key = doc.page.dictionary.data.StructParents;
    if (key === undefined) return;
    const tree = doc.getStructParentTree();
    const id = this.newObject();
    const parents = tree.get(key).map((parent) => (parent === null ? "null" : String(parent)));
    this.pack(id, `[${parents.join(" ")}]`);
    tree.add(key, this.ref(id));
  }

  /**
   * The page before the one just added has been written: the page tree keeps a bare reference to it,
   * not pdfkit's, which holds the page's dictionaries and their objects to the end (some 5 KB a
   * page: 450 MB for the UK's largest petition).
   */
  forgetWrittenPage() {
    const kids = (this.doc._root.data as { Pages: { data: { Kids: PdfRef[] } } }).Pages.data.Kids;
    if (kids.length >= 2) kids[kids.length - 2] = this.ref(kids[kids.length - 2].id);
  }

  /**
   * A page's content as text until the page ends, then turned into bytes and compressed at once.
   * pdfkit turns every operator it adds into bytes one character at a time and compresses at
   * zlib's default level: together a sixth of a big export's time. Level 1 costs a tenth in size on
   * these pages and a quarter of the time.
   */
  collectPageContent() {
    const content = (this.doc.page as unknown as { content: PageContent }).content;
    const parts = content.buffer.map((chunk) => Buffer.from(chunk).toString("latin1"));
    const finalize = content.finalize.bind(content);
    content.write = (chunk) => {
      parts.push(typeof chunk === "string" ? `${chunk}\n` : Buffer.from(chunk).toString("latin1"));
    };
    content.finalize = () => {
      content.compress = false;
      content.data.Filter = "FlateDecode";
      content.buffer = [zlib.deflateSync(Buffer.from(parts.join(""), "latin1"), { level: 1 })];
      // The page tree keeps every page's content object to the end: its text must not stay with it.
      parts.length = 0;
      finalize();
    };
  }

  /** Resolves once the file has taken what was written so far. */
  async fileCaughtUp() {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.out.writableNeedDrain) await once(this.out, "drain");
  }

  /**
   * pdfkit hands the stream every object in three small writes, each turned into bytes one
   * character at a time: a tagged million-row table is some six million objects (a TD per cell), and
   * the cross-reference table at the end is a line per object, written in one go. Writes are joined
   * here into chunks of 64 KB, converted at once: far fewer, larger chunks, so neither the time nor
   * the memory of the stream's buffer grows with the number of objects. Offsets are kept as pdfkit
   * counts them (the bytes handed on, in order).
   */
  private streamWrites() {
    const { doc } = this;
    const push = doc.push.bind(doc);
    let parts: string[] = [];
    let length = 0;
    const flush = () => {
      if (!parts.length) return;
      push(Buffer.from(parts.join(""), "latin1"));
      parts = [];
      length = 0;
    };
    doc._write = (data) => {
      if (typeof data === "string") {
        const line = `${data}\n`;
        parts.push(line);
        length += line.length;
        doc._offset += line.length;
        if (length >= 65_536) flush();
      } else {
        flush();
        push(data);
        doc._offset += data.length;
      }
    };
    doc.push = (chunk) => {
      if (chunk === null) flush();
      return push(chunk);
    };
  }

  /**
   * pdfkit's object offsets kept in `ObjectOffsets`, and a cross-reference stream written at the end
   * in its place: pdfkit writes a table in one go, a line of 20 bytes per object (120 MB for a
   * million signatories), all of it in memory before the file takes any, and a table cannot point
   * into object streams.
   */
  private keepOffsetsCompact() {
    const { doc } = this;
    const { offsets } = this;
    doc._offsets = offsets;
    doc._refEnd = (ref) => {
      offsets.set(ref.id, ref.offset);
      if (--doc._waiting === 0 && doc._ended) {
        doc._ended = false;
        doc._finalize();
      }
    };
    doc._finalize = () => {
      this.writeCrossReferences().catch((error: Error) => this.out.destroy(error));
    };
  }

  /**
   * The cross-reference stream (PDF 1.5), which can point into object streams: an entry of 8 bytes
   * an object (type, offset or object stream, generation or index), compressed as it is made, in
   * parts, waiting for the file between them.
   */
  private async writeCrossReferences() {
    const { doc } = this;
    const { offsets } = this;
    const xref = this.newObject();
    const start = doc._offset;
    offsets.set(xref, start);
    // Level 1: six million entries in order compress nearly as well at it, five times faster than at the default.
    const deflate = zlib.createDeflate({ level: 1 });
    const compressed: Buffer[] = [];
    deflate.on("data", (chunk: Buffer) => compressed.push(chunk));
    const ended = once(deflate, "end");
    const ENTRIES = 65_536;
    let entries = Buffer.alloc(8 * ENTRIES);
    let at = 0;
    const entry = (type: number, field: number, last: number) => {
      entries[at] = type;
      entries[at + 1] = Math.floor(field / 2 ** 32);
      entries.writeUInt32BE(field % 2 ** 32, at + 2);
      entries.writeUInt16BE(last, at + 6);
      at += 8;
    };
    entry(0, 0, 0xffff);
    for (let id = 1; id <= offsets.length; id++) {
      const value = offsets.get(id);
      if (value >= 0) entry(1, value, 0);
      else if (value === -1) throw new Error(`The PDF: object ${id} was never written`);
      else entry(2, Math.floor((-2 - value) / 65_536), (-2 - value) % 65_536);
      if (at === entries.length) {
        if (!deflate.write(entries)) await once(deflate, "drain");
        entries = Buffer.alloc(8 * ENTRIES);
        at = 0;
      }
    }
    deflate.end(entries.subarray(0, at));
    await ended;
    const data = Buffer.concat(compressed);
    const id = Buffer.from(doc._id).toString("hex");
    doc._write(`${xref} 0 obj`);
    doc._write(
      `<< /Type /XRef /Size ${offsets.length + 1} /W [1 5 2] /Root ${doc._root} /Info ${doc._info} /ID [<${id}> <${id}>] /Length ${
        data.length
      } /Filter /FlateDecode >>`
    );
    doc._write("stream");
    for (let from = 0; from < data.length; from += 1024 * 1024) {
      doc._write(data.subarray(from, from + 1024 * 1024));
      await this.fileCaughtUp();
    }
    doc._write("\nendstream");
    doc._write("endobj");
    doc._write("startxref");
    doc._write(String(start));
    doc._write("%%EOF");
    doc.push(null);
  }
}
