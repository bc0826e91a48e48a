import crypto, { type KeyObject } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { MaxPartSizeExceededError, NodeOnDiskFile, unstable_createFileUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import yauzl from "yauzl";
import type { MessageKey } from "~/i18n";
import { isExportedManifest } from "~/models/packs.server";
import { keyFingerprint, packSigningKey } from "~/utils/pack-key.server";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { limitBody } from "~/utils/request.server";
import { singleton } from "~/utils/singleton.server";
import { type Manifest, ManifestSchema } from "./pack/manifest.server";

// Checking a signature pack, for `npm run cli -- pack:verify` and the /verify-pack page: every
// file's size and SHA-256 against manifest.json, and manifest.sig (Ed25519) over manifest.json's
// exact bytes. The first problem found is named, with its file.
//
// A ZIP of a few MB can unzip to many GB, so nothing is inflated on the ZIP's word alone. The
// central directory is listed first; then manifest.json, manifest.sig and public-key.pem are read,
// each capped small, and the signature checked. Only then are the listed files read, once their
// sizes in the ZIP agree with manifest.json and add up to no more than a pack can be: a file the
// manifest does not list is refused unread, and each file is counted as it inflates and dropped
// as changed the moment it runs past the size manifest.json gives it.

const MAX_PACK_UPLOAD_BYTES = 200 * 1024 * 1024;
/** What the files of a pack may add up to, unzipped, whatever a manifest signed with the pack's own key says. */
const MAX_UNZIPPED_BYTES = 8 * 1024 ** 3;
/** More files than any pack holds (one per letter of support, two with a PDF): the ZIP is refused before its listing is read. */
const MAX_ENTRIES = 100_000;
/** manifest.json lists every file on a line of under 200 bytes; manifest.sig is 64 bytes; public-key.pem about 113. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const MAX_SIGNATURE_BYTES = 1024;
const MAX_KEY_BYTES = 16 * 1024;

export type PackProblem =
  | "notZip"
  | "tooLarge"
  | "duplicate"
  | "missing"
  | "changed"
  | "extra"
  | "manifestUnreadable"
  | "manifestChanged"
  | "signatureChanged"
  | "wrongKey"
  | "keyUnreadable";

export type PackCheck =
  | { ok: true; manifest: Manifest; filesChecked: number; fingerprint: string }
  | { ok: false; problem: PackProblem; file: string };

/**
 * Checks a pack. `publicKeyPem` is the key to check against (the site's, or one given on the
 * command line); without it, the pack's own public-key.pem is used and its fingerprint reported,
 * to compare with the one the site publishes.
 */
export async function verifyPack({ zipFile, publicKeyPem, keyName = "the key given" }: { zipFile: string; publicKeyPem?: string; keyName?: string }): Promise<PackCheck> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipFile, { lazyEntries: true, autoClose: false, strictFileNames: true });
  } catch {
    return fail("notZip", path.basename(zipFile));
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) return fail("tooLarge", path.basename(zipFile));
    return await checkPack(zip, await listEntries(zip), { publicKeyPem, keyName });
  } catch (error) {
    if (error instanceof PackProblemError) return fail(error.problem, error.file);
    return fail("notZip", path.basename(zipFile));
  } finally {
    zip.close();
  }
}

const fail = (problem: PackProblem, file: string): PackCheck => ({ ok: false, problem, file });

async function checkPack(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, { publicKeyPem, keyName }: { publicKeyPem?: string; keyName: string }): Promise<PackCheck> {
  const manifestEntry = entries.get("manifest.json");
  if (!manifestEntry) return fail("missing", "manifest.json");
  const manifestBytes = await readWhole(zip, manifestEntry, MAX_MANIFEST_BYTES);
  let manifest: Manifest;
  try {
    if (!manifestBytes) throw new Error("manifest.json is larger than any pack's");
    manifest = ManifestSchema.parse(JSON.parse(manifestBytes.toString("utf8")));
  } catch {
    return fail("manifestUnreadable", "manifest.json");
  }
  const signatureEntry = entries.get("manifest.sig");
  if (!signatureEntry) return fail("missing", "manifest.sig");
  // Too big to be a signature is a signature that does not hold.
  const signature = (await readWhole(zip, signatureEntry, MAX_SIGNATURE_BYTES)) ?? Buffer.alloc(0);

  const packKeyEntry = entries.get("public-key.pem");
  if (!publicKeyPem && !packKeyEntry) return fail("missing", "public-key.pem");
  const packKeyPem = packKeyEntry && (await readWhole(zip, packKeyEntry, MAX_KEY_BYTES));
  const packKey = packKeyPem && readPublicKey(packKeyPem.toString("utf8"));
  const key = publicKeyPem ? readPublicKey(publicKeyPem) : packKey;
  if (!key) return fail("keyUnreadable", publicKeyPem ? keyName : "public-key.pem");

  if (!signatureHolds(manifestBytes, signature, key)) {
    if (publicKeyPem && packKey && signatureHolds(manifestBytes, signature, packKey)) return fail("wrongKey", keyName);
    // Either file may have changed; a manifest this site exported tells which.
    const manifestSha256 = crypto.createHash("sha256").update(manifestBytes).digest("hex");
    return (await isExportedManifest({ manifestSha256 })) ? fail("signatureChanged", "manifest.sig") : fail("manifestChanged", "manifest.json");
  }

  // Everything the signed manifest settles without reading a file: what is missing, what was
  // added, and whether the ZIP's sizes agree with it and add up to what a pack can be.
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const file of manifest.files) if (!entries.has(file.path)) return fail("missing", file.path);
  for (const name of entries.keys()) {
    if (!listed.has(name) && name !== "manifest.json" && name !== "manifest.sig") return fail("extra", name);
  }
  let declared = 0;
  for (const file of manifest.files) {
    declared += file.bytes;
    if (declared > MAX_UNZIPPED_BYTES) return fail("tooLarge", file.path);
    if (entries.get(file.path)!.uncompressedSize !== file.bytes) return fail("changed", file.path);
  }
  // The ZIP's sizes are its own word: each file is also counted as it inflates, and stopped at its size.
  for (const file of manifest.files) {
    const hash = crypto.createHash("sha256");
    const whole = await readEntry(zip, entries.get(file.path)!, file.bytes, (chunk) => hash.update(chunk));
    if (!whole || hash.digest("hex") !== file.sha256) return fail("changed", file.path);
  }
  return { ok: true, manifest, filesChecked: entries.size, fingerprint: keyFingerprint(key) };
}

function readPublicKey(pem: string) {
  try {
    const key = crypto.createPublicKey(pem);
    return key.asymmetricKeyType === "ed25519" ? key : undefined;
  } catch {
    return undefined;
  }
}

function signatureHolds(manifest: Buffer, signature: Buffer, key: KeyObject) {
  return signature.length === 64 && crypto.verify(null, manifest, key, signature);
}

class PackProblemError extends Error {
  constructor(
    readonly problem: PackProblem,
    readonly file: string,
  ) {
    super(`${problem}: ${file}`);
  }
}

/** The ZIP's central directory: each file's entry by name, nothing read from the files yet. */
async function listEntries(zip: yauzl.ZipFile) {
  const entries = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName;
    if (name.endsWith("/")) continue;
    if (entries.has(name)) throw new PackProblemError("duplicate", name);
    entries.set(name, entry);
  }
  return entries;
}

/** A small file whole, or undefined if it is bigger than `cap` (as the ZIP says, or as it inflates). */
async function readWhole(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number) {
  if (entry.uncompressedSize > cap) return undefined;
  const chunks: Buffer[] = [];
  return (await readEntry(zip, entry, entry.uncompressedSize, (chunk) => chunks.push(chunk))) ? Buffer.concat(chunks) : undefined;
}

class EntryTooLong extends Error {}

/**
 * Streams an entry's bytes to `onChunk`, inflating them here rather than in yauzl so that
 * stopping also stops the inflating. False, with the rest never inflated, once they run past
 * `limit`; throws if the entry cannot be read (the ZIP is damaged).
 */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number, onChunk: (chunk: Buffer) => void) {
  if (entry.isEncrypted() || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) throw new Error(`${entry.fileName} cannot be read`);
  const raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  let bytes = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) return callback(new EntryTooLong());
      onChunk(chunk);
      callback();
    },
  });
  try {
    await (entry.compressionMethod === 8 ? pipeline(raw, zlib.createInflateRaw(), counter) : pipeline(raw, counter));
    return true;
  } catch (error) {
    if (error instanceof EntryTooLong) return false;
    throw error;
  }
}

/** Checking is heavy (a 200 MB upload, hashing every file): a few a minute per address. */
const packCheckRateLimit = singleton("pack-check-rate-limit", () => createRateLimiter({ capacity: 10, refillPerMinute: 5 }));

/** The /verify-pack form: rate limit, the upload, the check against this site's key, the upload deleted. */
export async function checkUploadedPack({ request, ipAddress, keyName }: { request: Request; ipAddress: string; keyName: string }) {
  if (!packCheckRateLimit.take(ipAddress)) return { error: "pack.verify.errors.rateLimited" as const, status: 429 };
  const upload = await receivePackUpload(request);
  if ("error" in upload) return upload;
  try {
    return { check: await verifyPack({ zipFile: upload.file, publicKeyPem: packSigningKey().publicPem, keyName }) };
  } finally {
    fs.rmSync(path.dirname(upload.file), { recursive: true, force: true });
  }
}

/**
 * The ZIP from the /verify-pack form, streamed to a temporary file. Returns its path, or the
 * translation key of what was wrong (nothing chosen, or too large). The caller removes the file.
 */
async function receivePackUpload(request: Request): Promise<{ file: string } | { error: MessageKey; status: number }> {
  // Counted as it arrives, so a chunked body that says no length is stopped at the limit too.
  const tooLarge = { error: "pack.verify.errors.tooLarge" as const, status: 413 };
  let limited: Request;
  try {
    limited = limitBody(request, MAX_PACK_UPLOAD_BYTES + 64 * 1024);
  } catch {
    return tooLarge;
  }
  if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) return { error: "pack.verify.errors.fileRequired", status: 415 };
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-check-"));
  const handler = unstable_createFileUploadHandler({
    directory,
    file: () => "pack.zip",
    maxPartSize: MAX_PACK_UPLOAD_BYTES,
    filter: ({ name }) => name === "pack",
  });
  try {
    const formData = await unstable_parseMultipartFormData(limited, handler);
    const upload = formData.get("pack");
    if (!(upload instanceof NodeOnDiskFile) || upload.size === 0) {
      fs.rmSync(directory, { recursive: true, force: true });
      return { error: "pack.verify.errors.fileRequired", status: 400 };
    }
    return { file: upload.getFilePath() };
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    if (error instanceof MaxPartSizeExceededError || error instanceof Response) return tooLarge;
    return { error: "pack.verify.errors.fileRequired", status: 400 };
  }
}
