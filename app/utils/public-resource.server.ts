import crypto from "node:crypto";

// What every open-data answer shares (the JSON and CSV API, feeds, QR codes, share images, oEmbed):
// any site may read it (`Access-Control-Allow-Origin: *`; nothing in it is private, and no cookie
// is read to make it), a cache in front may keep it for a short while, and a client that already
// holds it gets a 304. The ETag is the body's hash: the same in every process, and it moves exactly
// when what a reader gets moves.

/** Shared caches keep it a minute and serve it five more while asking again; browsers ask after a minute. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=60, s-maxage=60, stale-while-revalidate=300";

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Expose-Headers": "ETag, Link",
};

/** A strong ETag for a body: the first 16 bytes of its SHA-256. */
export function etagOf(body: string | Buffer) {
  return `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
}

/** True when the request's If-None-Match names `etag` (or `*`); weak and strong forms alike. */
export function isFresh(request: Request, etag: string) {
  const header = request.headers.get("If-None-Match");
  if (!header) return false;
  return header.split(",").some((tag) => {
    const candidate = tag.trim().replace(/^W\//, "");
    return candidate === etag || candidate === "*";
  });
}

/**
 * A public resource's answer: the body with its type, CORS, caching and ETag headers, or a 304
 * with the same headers and no body when the client holds this version already.
 */
export function publicResource(
  request: Request,
  body: string | Buffer,
  { contentType, cacheControl = PUBLIC_CACHE_CONTROL, headers = {} }: { contentType: string; cacheControl?: string; headers?: Record<string, string> },
) {
  const etag = etagOf(body);
  const common = { ...CORS_HEADERS, ...headers, "Cache-Control": cacheControl, ETag: etag, Vary: "Accept-Encoding" };
  if (isFresh(request, etag)) return new Response(null, { status: 304, headers: common });
  const content = typeof body === "string" ? body : new Uint8Array(body);
  return new Response(request.method === "HEAD" ? null : content, { status: 200, headers: { ...common, "Content-Type": contentType } });
}

/** A public resource's 404, readable by any site like its 200 would be. */
export function publicNotFound(message = "Not found") {
  return new Response(JSON.stringify({ error: message }), {
    status: 404,
    headers: { ...CORS_HEADERS, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=10" },
  });
}
