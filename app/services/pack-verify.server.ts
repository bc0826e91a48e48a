import crypto, { type KeyObject } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MaxPartSizeExceededError, NodeOnDiskFile, unstable_createFileUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import yauzl from "yauzl";
import { isExportedManifest } from "~/models/packs.server";
import { keyFingerprint, packSigningKey } from "~/utils/pack-key.server";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { singleton } from "~/utils/singleton.server";
import { type Manifest, ManifestSchema } from "./pack/manifest.server";

// Checking a signature pack, for `npm run cli -- pack:verify` and the /verify-pack page: every
// file's size and SHA-256 against manifest.json, and manifest.sig (Ed25519) over manifest.json's
// exact bytes. The ZIP is read as a stream, one entry at a time; only the three small files that
// make the check are held in memory. The first problem found is named, with its file.

const MAX_PACK_UPLOAD_BYTES = 200 * 1024 * 1024;
/** What the files of a pack may add up to, unzipped: a bigger one is refused, not hashed for ever. */
const MAX_UNZIPPED_BYTES = 8 * 1024 ** 3;
/** manifest.json, manifest.sig and public-key.pem are read whole; none is anywhere near this. */
const MAX_SMALL_FILE_BYTES = 20 * 1024 * 1024;
const SMALL_FILES = new Set(["manifest.json", "manifest.sig", "public-key.pem"]);

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

interface Entry {
  bytes: number;
  sha256: string;
  content?: Buffer;
}

/**
 * Checks a pack. `publicKeyPem` is the key to check against (the site's, or one given on the
 * command line); without it, the pack's own public-key.pem is used and its fingerprint reported,
 * to compare with the one the site publishes.
 */
export async function verifyPack({ zipFile, publicKeyPem, keyName = "the key given" }: { zipFile: string; publicKeyPem?: string; keyName?: string }): Promise<PackCheck> {
  let entries: Map<string, Entry>;
  try {
    entries = await readZip(zipFile);
  } catch (error) {
    if (error instanceof PackProblemError) return { ok: false, problem: error.problem, file: error.file };
    return { ok: false, problem: "notZip", file: path.basename(zipFile) };
  }
  const fail = (problem: PackProblem, file: string): PackCheck => ({ ok: false, problem, file });

  const manifestEntry = entries.get("manifest.json");
  if (!manifestEntry?.content) return fail("missing", "manifest.json");
  const manifestBytes = manifestEntry.content;
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(manifestBytes.toString("utf8")));
  } catch {
    return fail("manifestUnreadable", "manifest.json");
  }
  const signature = entries.get("manifest.sig")?.content;
  if (!signature) return fail("missing", "manifest.sig");

  const packKey = entries.get("public-key.pem")?.content;
  const key = publicKeyPem ? readPublicKey(publicKeyPem) : packKey && readPublicKey(packKey.toString("utf8"));
  if (!publicKeyPem && !packKey) return fail("missing", "public-key.pem");
  if (!key) return fail("keyUnreadable", publicKeyPem ? keyName : "public-key.pem");

  if (!signatureHolds(manifestBytes, signature, key)) {
    const ownKey = packKey && readPublicKey(packKey.toString("utf8"));
    if (publicKeyPem && ownKey && signatureHolds(manifestBytes, signature, ownKey)) return fail("wrongKey", keyName);
    // Either file may have changed; a manifest this site exported tells which.
    const manifestSha256 = crypto.createHash("sha256").update(manifestBytes).digest("hex");
    return (await isExportedManifest({ manifestSha256 })) ? fail("signatureChanged", "manifest.sig") : fail("manifestChanged", "manifest.json");
  }

  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const entry = entries.get(file.path);
    if (!entry) return fail("missing", file.path);
    if (entry.bytes !== file.bytes || entry.sha256 !== file.sha256) return fail("changed", file.path);
  }
  for (const name of entries.keys()) {
    if (!listed.has(name) && name !== "manifest.json" && name !== "manifest.sig") return fail("extra", name);
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

/** Every file entry's size and SHA-256, reading one entry at a time. */
function readZip(zipFile: string) {
  return new Promise<Map<string, Entry>>((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true, autoClose: true, strictFileNames: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError);
      const entries = new Map<string, Entry>();
      let unzipped = 0;
      const stop = (error: Error) => {
        zip.close();
        reject(error);
      };
      zip.on("error", reject);
      zip.on("end", () => resolve(entries));
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (name.endsWith("/")) return zip.readEntry();
        if (entries.has(name)) return stop(new PackProblemError("duplicate", name));
        unzipped += entry.uncompressedSize;
        if (unzipped > MAX_UNZIPPED_BYTES) return stop(new PackProblemError("tooLarge", name));
        const keep = SMALL_FILES.has(name) && entry.uncompressedSize <= MAX_SMALL_FILE_BYTES;
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return stop(streamError ?? new Error("unreadable entry"));
          const hash = crypto.createHash("sha256");
          const chunks: Buffer[] = [];
          let bytes = 0;
          stream.on("data", (chunk: Buffer) => {
            hash.update(chunk);
            bytes += chunk.length;
            if (keep) chunks.push(chunk);
          });
          stream.on("error", stop);
          stream.on("end", () => {
            entries.set(name, { bytes, sha256: hash.digest("hex"), content: keep ? Buffer.concat(chunks) : undefined });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Checking is heavy (a 200 MB upload, hashing every file): a few a minute per address. */
const packCheckRateLimit = singleton("pack-check-rate-limit", () => createRateLimiter({ capacity: 10, refillPerMinute: 5 }));

/** The /verify-pack form: rate limit, the upload, the check against this site's key, the upload deleted. */
export async function checkUploadedPack({ request, ipAddress, keyName }: { request: Request; ipAddress: string; keyName: string }) {
  if (!packCheckRateLimit.take(ipAddress)) return { error: "pack.verify.errors.rateLimited", status: 429 };
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
async function receivePackUpload(request: Request): Promise<{ file: string } | { error: string; status: number }> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_PACK_UPLOAD_BYTES + 64 * 1024) return { error: "pack.verify.errors.tooLarge", status: 413 };
  if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) return { error: "pack.verify.errors.fileRequired", status: 415 };
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-check-"));
  const handler = unstable_createFileUploadHandler({
    directory,
    file: () => "pack.zip",
    maxPartSize: MAX_PACK_UPLOAD_BYTES,
    filter: ({ name }) => name === "pack",
  });
  try {
    const formData = await unstable_parseMultipartFormData(request, handler);
    const upload = formData.get("pack");
    if (!(upload instanceof NodeOnDiskFile) || upload.size === 0) {
      fs.rmSync(directory, { recursive: true, force: true });
      return { error: "pack.verify.errors.fileRequired", status: 400 };
    }
    return { file: upload.getFilePath() };
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    if (error instanceof MaxPartSizeExceededError) return { error: "pack.verify.errors.tooLarge", status: 413 };
    return { error: "pack.verify.errors.fileRequired", status: 400 };
  }
}
