import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import { Transform, type TransformCallback, Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import type { PackSignatory } from "~/models/packs.server";
import { sheetLabel } from "~/schemas/paper";

// The pack's files other than letter.pdf: writers that hash as they stream, signatures.csv and
// signatures.json row by row.

/** A file of the pack: its path inside the ZIP, size and SHA-256, as listed in manifest.json. */
export interface PackFile {
  path: string;
  bytes: number;
  sha256: string;
  /** On disk compressed already (raw deflate), with the CRC-32 of what it holds: see `HashingWriter`. */
  deflated?: { crc32: number };
}

/**
 * Writes a file on disk, hashing what it writes; `end()` gives its manifest entry. With `deflate`,
 * the file on disk is compressed as it is written (on libuv's thread pool, beside the export's
 * work) and goes into the ZIP as it is: signatures.csv and signatures.json, some 2.5 GB for the
 * UK's largest petition, are not compressed afterwards, one after the other, while all else waits.
 */
export class HashingWriter {
  private readonly out: fs.WriteStream;
  private readonly deflate: zlib.DeflateRaw | undefined;
  private readonly hash = crypto.createHash("sha256");
  private crc32 = 0;
  private bytes = 0;

  constructor(
    file: string,
    private readonly zipPath: string,
    { deflate = false } = {},
  ) {
    this.out = fs.createWriteStream(file);
    if (deflate) {
      this.deflate = zlib.createDeflateRaw({ level: 1 });
      this.deflate.pipe(this.out);
    }
  }

  async write(data: string | Buffer) {
    const chunk = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.deflate) {
      this.crc32 = zlib.crc32(chunk, this.crc32);
      if (!this.deflate.write(chunk)) await once(this.deflate, "drain");
    } else if (!this.out.write(chunk)) await once(this.out, "drain");
  }

  async end(): Promise<PackFile> {
    (this.deflate ?? this.out).end();
    await finished(this.out);
    const file = { path: this.zipPath, bytes: this.bytes, sha256: this.hash.digest("hex") };
    return this.deflate ? { ...file, deflated: { crc32: this.crc32 } } : file;
  }
}

/** Passes bytes through, counting and hashing them: for the ZIP as it is written. */
export class HashingStream extends Transform {
  private readonly hash = crypto.createHash("sha256");
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  sha256() {
    return this.hash.digest("hex");
  }
}

/** The manifest entry of a file already on disk (letter.pdf after pages were appended). */
export async function hashFile(file: string, zipPath: string): Promise<PackFile> {
  const hashing = new HashingStream();
  await pipeline(fs.createReadStream(file), hashing, new Writable({ write: (_chunk, _encoding, done) => done() }));
  return { path: zipPath, bytes: hashing.bytes, sha256: hashing.sha256() };
}

/** Copies a file into the pack's folder, hashing it on the way. */
export async function copyHashed(from: string, to: string, zipPath: string): Promise<PackFile> {
  const writer = new HashingWriter(to, zipPath);
  for await (const chunk of fs.createReadStream(from)) await writer.write(chunk);
  return writer.end();
}

/**
 * `language` (en or cy) is the language they signed in: the letter text letter_sha256 names is in
 * it. `letter_variant` is that text's variant (standard or easy_read); `helper_name` and
 * `helper_relation` (support_worker, family, friend, advocate, other) who helped them sign, empty
 * when nobody did. `source` is where they signed (online, paper, event); `sheet` and `sheet_row`
 * the paper sheet (S-0007, its scan in the pack as sheets/S-0007.pdf, .png or .jpg) and its row,
 * `event` the name of the event, each empty when it does not apply. New columns go last, so older
 * ones keep their place.
 */
export const SIGNATORY_COLUMNS = [
  "id",
  "name",
  "signer_type",
  "organisation",
  "role",
  "location",
  "letter_version",
  "letter_sha256",
  "confirmed_at",
  "language",
  "letter_variant",
  "helper_name",
  "helper_relation",
  "source",
  "sheet",
  "sheet_row",
  "event",
] as const;

/** One signatory as the CSV and the JSON give it: the same columns, in the same order. */
export function signatoryRecord(row: PackSignatory) {
  return {
    id: row.id,
    name: row.name,
    signer_type: row.signer_type,
    organisation: row.organisation,
    role: row.role,
    location: row.location,
    letter_version: row.letter_version,
    letter_sha256: row.letter_sha256,
    confirmed_at: row.verified_at,
    language: row.language,
    letter_variant: row.letter_variant,
    helper_name: row.helper_name,
    helper_relation: row.helper_relation,
    source: row.source,
    sheet: row.sheet_number === null ? null : sheetLabel(row.sheet_number),
    sheet_row: row.sheet_row,
    event: row.event_name,
  };
}

/**
 * One CSV cell: text a spreadsheet would run as a formula (= + - @, or a tab or CR first) gets a
 * leading apostrophe; quotes, commas and line breaks are quoted as RFC 4180 says.
 */
export function csvCell(value: string | number | null) {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: (string | number | null)[]) {
  return `${values.map(csvCell).join(",")}\r\n`;
}
