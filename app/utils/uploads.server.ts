import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { env } from "./env.server";

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
