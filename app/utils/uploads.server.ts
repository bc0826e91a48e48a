import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { type UploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { pagesListed, runQpdf } from "./qpdf.server";
import { bodyTooLarge, readForm } from "./request.server";

// Uploaded files live under UPLOADS_DIR with generated names, outside any public folder, and are
// served only through the routes that decide who may see them.

/** The path of a stored upload; `file` is a generated name, never a path a person typed. */
export function uploadPath(file: string) {
  if (!/^[\w-]+\.pdf$/.test(file)) throw new Error(`Not a stored upload name: ${file}`);
  return path.join(env.UPLOADS_DIR, file);
}

/** Streams a stored PDF, or answers 404 if the file is gone. `downloadName` is sanitised here. */
export function pdfResponse({ file, downloadName }: { file: string; downloadName: string }) {
  const full = uploadPath(file);
  let size: number;
  try {
    size = fs.statSync(full).size;
  } catch {
    return new Response("Not found", { status: 404 });
  }
  const safeName = downloadName.replace(/[^\w .-]/g, "_").slice(0, 100) || "letter";
  const body = Readable.toWeb(fs.createReadStream(full)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(size),
      "Content-Disposition": `inline; filename="${safeName}.pdf"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "Cache-Control": "private, no-cache",
    },
  });
}

/** The largest PDF a form accepts. */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;
// A larger file is still read to its end (and thrown away), so the person sees the form again with
// what they typed; past this, the request is not read at all.
const MAX_FORM_BYTES = 50 * 1024 * 1024;
// Text fields are short; anything longer than this fails the schema anyway, so the rest is dropped.
const MAX_FIELD_BYTES = 256 * 1024;

/**
 * What became of a form's PDF field. "ok": a real PDF, written to `tempFile` in the uploads folder
 * and not yet stored: `storePdf` keeps it, `discardPdf` removes it.
 */
export type PdfUpload =
  | { status: "none" | "empty" | "tooLarge" | "notPdf" }
  | { status: "ok"; tempFile: string; bytes: number; sha256: string };

const randomName = () => crypto.randomBytes(16).toString("hex");

/**
 * Reads a multipart form as a stream: text fields into FormData, the PDF field (`fileField`)
 * straight to a temporary file, counting its bytes, hashing it and keeping its first and last bytes
 * to tell a PDF (it starts with "%PDF-" and has "%%EOF" near its end) from anything renamed .pdf;
 * one that passes is then read by qpdf (`qpdfReadsPdf`). Nothing of a rejected or half-received
 * file is left behind. A form sent without a file (urlencoded) is read as usual.
 */
export async function readFormWithPdf(request: Request, fileField: string): Promise<{ formData: FormData; pdf: PdfUpload }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) return { formData: await readForm(request), pdf: { status: "none" } };
  if (Number(request.headers.get("content-length") ?? 0) > MAX_FORM_BYTES) {
    return { formData: new FormData(), pdf: { status: "tooLarge" } };
  }

  let pdf: PdfUpload = { status: "none" };
  let formBytes = 0;
  const count = (chunk: Uint8Array) => {
    formBytes += chunk.byteLength;
    if (formBytes > MAX_FORM_BYTES) throw bodyTooLarge();
  };
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (typeof filename !== "string") return readText(data, count);
    if (name === fileField && pdf.status === "none") pdf = await receivePdf(data, filename, count);
    else for await (const chunk of data) count(chunk); // any other file is read and dropped
    return undefined;
  };
  try {
    return { formData: await unstable_parseMultipartFormData(request, handler), pdf };
  } catch (error) {
    await discardPdf(pdf);
    if (error instanceof Response) throw error;
    throw new Response("The form could not be read.", { status: 400 });
  }
}

async function readText(data: AsyncIterable<Uint8Array>, count: (chunk: Uint8Array) => void) {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  for await (const chunk of data) {
    count(chunk);
    if (kept < MAX_FIELD_BYTES) {
      chunks.push(chunk);
      kept += chunk.byteLength;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_FIELD_BYTES).toString("utf8");
}

async function receivePdf(data: AsyncIterable<Uint8Array>, filename: string, count: (chunk: Uint8Array) => void): Promise<PdfUpload> {
  await fs.promises.mkdir(env.UPLOADS_DIR, { recursive: true });
  const tempFile = path.join(env.UPLOADS_DIR, `${randomName()}.part`);
  const out = fs.createWriteStream(tempFile, { flags: "wx" });
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  try {
    for await (const chunk of data) {
      count(chunk);
      bytes += chunk.byteLength;
      if (bytes > MAX_PDF_BYTES) continue; // read on to the end of the form, keep nothing more
      hash.update(chunk);
      if (head.length < 5) head = Buffer.concat([head, chunk]).subarray(0, 5);
      tail = Buffer.concat([tail, chunk]).subarray(-1024);
      if (!out.write(chunk)) await once(out, "drain");
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    // A request cut off or too large half-way: the part written so far goes, once the stream has
    // closed: the file may still be being opened, and removing it first would leave it behind.
    out.destroy();
    if (!out.closed) await once(out, "close");
    await fs.promises.rm(tempFile, { force: true });
    throw error;
  }
  const problem =
    bytes === 0 ? (filename === "" ? "none" : "empty")
    : bytes > MAX_PDF_BYTES ? "tooLarge"
    : head.toString("latin1") !== "%PDF-" || !tail.includes("%%EOF", 0, "latin1") ? "notPdf"
    : !(await qpdfReadsPdf(tempFile)) ? "notPdf"
    : undefined;
  if (problem) {
    await fs.promises.rm(tempFile, { force: true });
    return { status: problem };
  }
  return { status: "ok", tempFile, bytes, sha256: hash.digest("hex") };
}

const QPDF_TIMEOUT_MS = 20_000;

/**
 * Whether qpdf reads the file as a PDF with at least one page: what the signature pack needs to
 * append it to letter.pdf. Its first and last bytes only say that a file claims to be a PDF; one
 * that claims it and is not (or has no pages) would otherwise be accepted, and stop every export
 * of its campaign once approved. Without qpdf nothing can be checked, so every PDF is refused
 * (fail closed) and the log says why: the pack needs qpdf anyway.
 */
export async function qpdfReadsPdf(file: string) {
  // --check prints a few lines, --show-pages about 40 bytes a page: 1 MB is room for some 25,000 pages.
  const outcome = await runQpdf(["--check", "--show-pages", path.resolve(file)], { timeout: QPDF_TIMEOUT_MS });
  if (outcome.status === "missing") {
    logger.error("qpdf is not installed, so no uploaded PDF can be checked: every PDF is refused until it is (apt-get install qpdf)");
    return false;
  }
  if (outcome.status === "failed") {
    logger.info({ reason: outcome.reason }, "An upload that looks like a PDF was refused: qpdf cannot read it");
    return false;
  }
  if (pagesListed(outcome.stdout) > 0) return true;
  logger.info("An upload that looks like a PDF was refused: qpdf finds no pages in it");
  return false;
}

/** Keeps an accepted PDF under a generated name (see `uploadPath`); returns that name. */
export async function storePdf(pdf: Extract<PdfUpload, { status: "ok" }>) {
  const file = `${randomName()}.pdf`;
  await fs.promises.rename(pdf.tempFile, uploadPath(file));
  return file;
}

/** Removes a received PDF that was not stored; harmless if there is none, or it was stored. */
export async function discardPdf(pdf: PdfUpload) {
  if (pdf.status === "ok") await fs.promises.rm(pdf.tempFile, { force: true });
}

/** Removes a stored upload, such as a PDF replaced by a revision. */
export async function removeUpload(file: string) {
  await fs.promises.rm(uploadPath(file), { force: true });
}
