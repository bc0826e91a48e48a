import crypto from "node:crypto";
import fs from "node:fs";
import yauzl from "yauzl";
import yazl from "yazl";

/** Every file of a ZIP, in order, with its bytes (for packs: small enough in tests). */
export function readZip(file: string) {
  return new Promise<Map<string, Buffer>>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on("error", reject);
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Writes a ZIP from files in order: how a test re-zips a pack it has tampered with. */
export async function writeZip(file: string, files: Map<string, Buffer>) {
  const zip = new yazl.ZipFile();
  for (const [name, content] of files) zip.addBuffer(content, name);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on("close", resolve).on("error", reject);
  });
}

/** A copy of `files` with one byte changed in the middle of `name`. */
export function withByteChanged(files: Map<string, Buffer>, name: string) {
  const copy = new Map(files);
  const changed = Buffer.from(files.get(name)!);
  changed[Math.floor(changed.length / 2)] ^= 0x01;
  copy.set(name, changed);
  return copy;
}

export const sha256 = (data: Buffer | string) => crypto.createHash("sha256").update(data).digest("hex");
