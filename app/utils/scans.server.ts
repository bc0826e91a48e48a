import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { type UploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { env } from "./env.server";
import { examineScanPicture } from "./pictures.server";
import { bodyTooLarge, readForm } from "./request.server";
import { qpdfReadsPdf } from "./uploads.server";

// Scans of paper signature sheets: a PDF, PNG or JPEG of up to 20 MB, told apart by its bytes
// (never its name or the browser's Content-Type), kept under UPLOADS_DIR with a generated name
// and served only to the campaign's team and staff: a scan shows signers' email addresses.

/** The largest scan a form accepts. */
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;
/** A scan's picture, in pixels each way: an A3 sheet at 600 dots an inch is 7,016 by 9,921. */
const MAX_SCAN_SIDE = 10_000;
// A larger file is still read to its end (and thrown away), so the page can say why; past this
// the request is not read at all.
const MAX_REQUEST_BYTES = 60 * 1024 * 1024;
const MAX_TEXT_BYTES = 64 * 1024;

export type ScanType = "application/pdf" | "image/png" | "image/jpeg";
const extensions: Record<ScanType, string> = { "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg" };
const typeOfExtension: Record<string, ScanType> = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg" };

/** What became of a form's scan field; "ok": a checked scan in a temporary file, kept by `storeScan`. */
export type ScanUpload =
  | { status: "none" | "empty" | "tooLarge" | "notScan" }
  | { status: "ok"; tempFile: string; type: ScanType; bytes: number; sha256: string };

const randomName = () => crypto.randomBytes(16).toString("hex");
const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest("hex");

/**
 * Reads a multipart form as a stream: text fields into FormData, the scan field straight to a
 * temporary file (past 20 MB read on and dropped), then checked by its bytes: a PDF must start
 * with "%PDF-", end with "%%EOF" and open in qpdf with at least one page; a PNG or JPEG must read
 * through (pictures.server.ts), and is kept without its metadata. Nothing of a refused file stays.
 */
export async function readFormWithScan(request: Request, field: string): Promise<{ formData: FormData; scan: ScanUpload }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(contentType)) return { formData: await readForm(request), scan: { status: "none" } };
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) return { formData: new FormData(), scan: { status: "tooLarge" } };

  let received: { tempFile: string; bytes: number; filename: string } | undefined;
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
      for await (const chunk of data) count(chunk);
      return undefined;
    }
    received = await receive(data, filename, count);
    return undefined;
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (received) await fs.promises.rm(received.tempFile, { force: true });
    if (error instanceof Response) throw error;
    throw new Response("The form could not be read.", { status: 400 });
  }
  return { formData, scan: received ? await examine(received) : { status: "none" } };
}

async function receive(data: AsyncIterable<Uint8Array>, filename: string, count: (chunk: Uint8Array) => void) {
  await fs.promises.mkdir(env.UPLOADS_DIR, { recursive: true });
  const tempFile = path.join(env.UPLOADS_DIR, `${randomName()}.part`);
  const out = fs.createWriteStream(tempFile, { flags: "wx" });
  let bytes = 0;
  try {
    for await (const chunk of data) {
      count(chunk);
      bytes += chunk.byteLength;
      if (bytes > MAX_SCAN_BYTES) continue;
      if (!out.write(chunk)) await once(out, "drain");
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    out.destroy();
    await fs.promises.rm(tempFile, { force: true });
    throw error;
  }
  return { tempFile, bytes, filename };
}

async function examine({ tempFile, bytes, filename }: { tempFile: string; bytes: number; filename: string }): Promise<ScanUpload> {
  const refuse = async (status: "none" | "empty" | "tooLarge" | "notScan"): Promise<ScanUpload> => {
    await fs.promises.rm(tempFile, { force: true });
    return { status };
  };
  if (bytes === 0) return refuse(filename === "" ? "none" : "empty");
  if (bytes > MAX_SCAN_BYTES) return refuse("tooLarge");
  const content = await fs.promises.readFile(tempFile);
  if (content.subarray(0, 5).toString("latin1") === "%PDF-") {
    if (!content.subarray(-1024).includes("%%EOF", 0, "latin1") || !(await qpdfReadsPdf(tempFile))) return refuse("notScan");
    return { status: "ok", tempFile, type: "application/pdf", bytes, sha256: sha256(content) };
  }
  const picture = examineScanPicture(content, MAX_SCAN_SIDE);
  if (picture.status !== "ok") return refuse("notScan");
  // What is kept is the picture without its metadata.
  await fs.promises.writeFile(tempFile, picture.data);
  return { status: "ok", tempFile, type: picture.type === "png" ? "image/png" : "image/jpeg", bytes: picture.data.length, sha256: sha256(picture.data) };
}

/** Keeps an accepted scan under a generated name (see `scanPath`); returns that name. */
export async function storeScan(scan: Extract<ScanUpload, { status: "ok" }>) {
  const file = `scan-${randomName()}.${extensions[scan.type]}`;
  await fs.promises.rename(scan.tempFile, scanPath(file));
  return file;
}

/** Removes a received scan that was not stored; harmless if there is none, or it was stored. */
export async function discardScan(scan: ScanUpload) {
  if (scan.status === "ok") await fs.promises.rm(scan.tempFile, { force: true });
}

/** The path of a stored scan; `file` is a generated name, never one a person typed. */
export function scanPath(file: string) {
  if (!/^scan-[0-9a-f]{32}\.(?:pdf|png|jpg)$/.test(file)) throw new Error(`Not a stored scan name: ${file}`);
  return path.join(env.UPLOADS_DIR, file);
}

/** Removes a stored scan (one replaced by a newer scan). */
export async function removeScan(file: string) {
  await fs.promises.rm(scanPath(file), { force: true });
}

/**
 * A stored scan as a response for the team, sandboxed should a browser open it as a page.
 * `downloadName` is the sheet's label. It is served under /workspace, so server.js's policy
 * (http-policy.server.ts) already marks it `Cache-Control: private, no-store` (it shows signers'
 * addresses) and `nosniff`: set here too, each would be sent twice.
 */
export function scanResponse({ file, downloadName }: { file: string; downloadName: string }) {
  const full = scanPath(file);
  let size: number;
  try {
    size = fs.statSync(full).size;
  } catch {
    return new Response("Not found", { status: 404 });
  }
  const extension = file.slice(file.lastIndexOf(".") + 1);
  const safeName = downloadName.replace(/[^\w.-]/g, "_").slice(0, 60) || "sheet";
  const body = Readable.toWeb(fs.createReadStream(full)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": typeOfExtension[extension],
      "Content-Length": String(size),
      "Content-Disposition": `inline; filename="${safeName}.${extension}"`,
      // A PDF opens in the browser's viewer, which a stricter policy would stop; a picture needs nothing.
      "Content-Security-Policy": extension === "pdf" ? "sandbox" : "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
