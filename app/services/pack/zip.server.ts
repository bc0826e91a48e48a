import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { packFilePath, partialPackFilePath } from "~/utils/pack-files.server";
import { HashingStream, type PackFile } from "./files.server";

/**
 * The pack's ZIP: its files from `dir`, then manifest.json and manifest.sig. Written as a partial
 * file and renamed when complete, so a finished pack's name never points at half a ZIP.
 */
export async function writeZip({ dir, files, manifest, signature, name }: { dir: string; files: PackFile[]; manifest: Buffer; signature: Buffer; name: string }) {
  const zip = new yazl.ZipFile();
  // PDFs and scanned images are compressed inside already; deflating them again costs time and saves nothing.
  const mode = 0o100644;
  for (const file of files) {
    const onDisk = path.join(dir, file.path);
    if (file.deflated) {
      // Compressed as it was written (see HashingWriter), it goes in as it is: `deflated` is this
      // project's patch of yazl (patches/), for data that is raw deflate, with its CRC-32 and size.
      const options: Partial<yazl.ReadStreamOptions> & { deflated: { crc32: number; size: number } } = { deflated: { ...file.deflated, size: file.bytes }, size: file.bytes, mode };
      zip.addReadStreamLazy(file.path, options, (done) => done(null, fs.createReadStream(onDisk)));
    } else {
      zip.addFile(onDisk, file.path, { compress: !/\.(pdf|png|jpe?g)$/.test(file.path), mode });
    }
  }
  zip.addBuffer(manifest, "manifest.json", { mode });
  zip.addBuffer(signature, "manifest.sig", { compress: false, mode });
  zip.end();
  const hashing = new HashingStream();
  const partial = partialPackFilePath(name);
  try {
    await pipeline(zip.outputStream, hashing, fs.createWriteStream(partial));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.renameSync(partial, packFilePath(name));
  return { file: name, bytes: hashing.bytes, sha256: hashing.sha256() };
}
