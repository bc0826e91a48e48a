import crypto from "node:crypto";
import { getPageVersion } from "~/models/page-versions.server";
import { env } from "~/utils/env.server";

// A campaign's public pages, rendered once and kept while nothing they show changes: the most-read
// pages of all (in a spike, thousands of people reloading one campaign) answered without Remix.
//
// What is kept: a GET or HEAD of a campaign page below (English or Welsh: the /cy prefix is part of
// the key, so the languages never share), with no query or only `?page=N`, from a visitor with no
// cookie but the language one, whose answer was a 200 without Set-Cookie and not private. Anyone
// signed in (a session or /my-data cookie) always goes through Remix and gets `private, no-store`.
//
// When it is still right: each campaign has a `page_version` that database triggers move on every
// write its pages show (db/migrations/2026_12_01_0510_page_versions.ts), from any process. Every
// hit reads it (one indexed row by slug) and a kept page of an older version is rendered again.
// The closing time is read with it: a page says "open" until then with no write at that moment.
//
// Each answer gets its own Content-Security-Policy nonce: a page is kept split at its nonce and
// joined with a fresh one, in the body and the header alike.
//
// For caches in front (a CDN, a reverse proxy): `ETag` (weak: the nonce differs byte for byte)
// from the build, the campaign, its version, whether it has passed its closing time and the
// address, the same in every process; `If-None-Match` with it gets a 304 without rendering. A
// shared cache may keep a page 5 seconds and serve it 10 more while it asks again; a browser
// always asks (a 304 costs one read). `Vary: Cookie` keeps a kept page from a signed-in visitor.
// `X-Cache: hit` or `miss` says which way an answer came.

/** Shared caches: fresh for 5 s, then up to 10 s more while revalidating; browsers revalidate each time. */
export const PAGE_CACHE_CONTROL = "public, max-age=0, s-maxage=5, stale-while-revalidate=10";
/** A kept page's address answered to someone signed in. */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

const PAGE_PATH = /^(?:\/cy)?\/c\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/sign|\/versions|\/support(?:\/[1-9]\d{0,15})?|\/easy-read(?:\/sign)?)?$/;
const PAGE_QUERY = /^(?:\?page=[1-9]\d{0,5})?$/;
/** Cookies that do not change a page: the reader's language (the address says it anyway). */
const HARMLESS_COOKIES = new Set(["language"]);

export interface PageRequest {
  method: string;
  path: string;
  /** "" or "?…", as it came. */
  search: string;
  cookie: string | undefined;
  ifNoneMatch: string | undefined;
}

export type PageAnswer =
  /** Not a page kept here: Remix answers as usual. */
  | { kind: "pass" }
  /** A kept page's address, for someone signed in: Remix answers, `private, no-store`. */
  | { kind: "private"; cacheControl: string }
  /** `body`: the page in pieces, written one after another (no copy joins them); none for HEAD and 304. */
  | { kind: "answer"; cache: "hit" | "miss"; status: number; headers: [string, string][]; body: Buffer[] };

/** A response split at its nonce: parts joined by a fresh nonce make a new one. */
interface Template {
  status: number;
  headers: [string, string[]][];
  body: Buffer[];
  bytes: number;
}

interface Entry extends Template {
  etag: string;
}

interface Rendered {
  template: Template;
  /** Whether it may be kept and shared: a 200, no Set-Cookie, not private. */
  keepable: boolean;
}

/** The slug of a page kept here, or undefined. */
function keptPageSlug(path: string, search: string) {
  if (!PAGE_QUERY.test(search)) return undefined;
  const slug = PAGE_PATH.exec(path)?.[1];
  return slug && slug.length <= 80 ? slug : undefined;
}

function onlyHarmlessCookies(cookie: string | undefined) {
  if (!cookie) return true;
  return cookie.split(";").every((pair) => {
    const name = pair.split("=", 1)[0].trim();
    return name === "" || HARMLESS_COOKIES.has(name);
  });
}

function newNonce() {
  return crypto.randomBytes(16).toString("base64");
}

function splitAt(text: Buffer, nonce: Buffer | undefined): Buffer[] {
  if (!nonce) return [text];
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = text.indexOf(nonce); at !== -1; at = text.indexOf(nonce, from)) {
    parts.push(text.subarray(from, at));
    from = at + nonce.length;
  }
  parts.push(text.subarray(from));
  return parts;
}

async function templateOf(response: Response): Promise<Rendered> {
  const body = Buffer.from(await response.arrayBuffer());
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  const nonceBytes = nonce ? Buffer.from(nonce) : undefined;
  const headers: [string, string[]][] = [];
  let bytes = body.length;
  for (const [name, value] of response.headers) {
    if (name === "content-length" || name === "date") continue;
    headers.push([name, nonce ? value.split(nonce) : [value]]);
    bytes += name.length + value.length;
  }
  const cacheControl = response.headers.get("cache-control") ?? "";
  const keepable =
    response.status === 200 && !response.headers.has("set-cookie") && !/private|no-store/.test(cacheControl) && (response.headers.get("content-type") ?? "").startsWith("text/html");
  // Copied out of the response's buffer so that a kept page holds only its own bytes.
  return { template: { status: response.status, headers, body: splitAt(body, nonceBytes).map((part) => Buffer.from(part)), bytes }, keepable };
}

/** The template filled with a fresh nonce: the kept pieces with the nonce between them, uncopied. */
function fill(template: Template) {
  const nonce = newNonce();
  const nonceBytes = Buffer.from(nonce);
  const body: Buffer[] = [];
  let length = 0;
  template.body.forEach((part, i) => {
    if (i > 0) body.push(nonceBytes);
    body.push(part);
    length += (i > 0 ? nonceBytes.length : 0) + part.length;
  });
  return { headers: template.headers.map(([name, parts]): [string, string] => [name, parts.join(nonce)]), body, length };
}

function matches(ifNoneMatch: string | undefined, etag: string) {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}

/**
 * The cache, in front of `render` (Remix's fetch-style handler: a Request in, a Response out).
 * `buildVersion` goes into every ETag, so a new build never matches an old page. Bounded by
 * entries and bytes; the least recently used page goes first.
 */
export function createPageCache({
  render,
  context,
  buildVersion,
  maxEntries = 500,
  maxBytes = 32 * 1024 * 1024,
}: {
  render: (request: Request, context: Record<string, unknown>) => Promise<Response>;
  /** The load context a kept page is rendered with: nobody's in particular (no client address). */
  context: Record<string, unknown>;
  buildVersion: string;
  maxEntries?: number;
  maxBytes?: number;
}) {
  const entries = new Map<string, Entry>();
  let totalBytes = 0;
  // Renders under way, by address and ETag: a crowd arriving as a page changes waits for one render.
  const renders = new Map<string, Promise<Rendered>>();

  function forget(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  }

  function keep(key: string, entry: Entry) {
    forget(key);
    if (entry.bytes > maxBytes / 4) return;
    entries.set(key, entry);
    totalBytes += entry.bytes;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && totalBytes <= maxBytes) break;
      forget(oldest);
    }
  }

  function renderPage(key: string) {
    // Rendered as for nobody in particular: no cookie, no client's headers, the site's own origin.
    const request = new Request(new URL(key, env.PUBLIC_URL), { headers: { accept: "text/html" } });
    return render(request, context).then(templateOf);
  }

  function answer(cache: "hit" | "miss", template: Template, extra: [string, string][], method: string): PageAnswer {
    const { headers, body, length } = fill(template);
    return {
      kind: "answer",
      cache,
      status: template.status,
      headers: [...headers, ...extra, ["content-length", String(length)], ["x-cache", cache]],
      body: method === "HEAD" ? [] : body,
    };
  }

  return {
    async answer({ method, path, search, cookie, ifNoneMatch }: PageRequest): Promise<PageAnswer> {
      if (method !== "GET" && method !== "HEAD") return { kind: "pass" };
      const slug = keptPageSlug(path, search);
      if (!slug) return { kind: "pass" };
      if (!onlyHarmlessCookies(cookie)) return { kind: "private", cacheControl: PRIVATE_CACHE_CONTROL };
      const key = path + search;
      const campaign = await getPageVersion({ slug });
      if (!campaign) {
        // No such campaign: Remix says so (404), and nothing is kept.
        forget(key);
        return { kind: "pass" };
      }
      const closed = campaign.closes_at !== null && Date.parse(campaign.closes_at) <= Date.now();
      const etag = `W/"${crypto
        .createHash("sha256")
        .update(`${buildVersion}\n${campaign.id}\n${campaign.page_version}\n${closed}\n${key}`)
        .digest("base64url")
        .slice(0, 27)}"`;
      const validators: [string, string][] = [
        ["etag", etag],
        ["cache-control", PAGE_CACHE_CONTROL],
      ];
      const kept = entries.get(key);
      if (kept?.etag === etag) {
        // Most recently used last: the map's order is the eviction order.
        entries.delete(key);
        entries.set(key, kept);
      } else if (kept) {
        forget(key);
      }
      // A page the reader already has, as this ETag says, is the page as it is now: no need to render it.
      if (matches(ifNoneMatch, etag)) {
        return { kind: "answer", cache: "hit", status: 304, headers: [...validators, ["vary", "Cookie"], ["x-cache", "hit"]], body: [] };
      }
      if (kept?.etag === etag) return answer("hit", kept, validators, method);

      const renderKey = `${key}\n${etag}`;
      let rendering = renders.get(renderKey);
      const joined = rendering !== undefined;
      if (!rendering) {
        rendering = renderPage(key).finally(() => renders.delete(renderKey));
        renders.set(renderKey, rendering);
      }
      let rendered = await rendering;
      if (!rendered.keepable) {
        // Not to be shared (an error page, say): someone who joined another's render gets their own.
        if (joined) rendered = await renderPage(key);
        return answer("miss", rendered.template, [], method);
      }
      if (!joined) keep(key, { ...rendered.template, etag });
      return answer("miss", rendered.template, validators, method);
    },
    /** How much is kept, for the log and the benchmark. */
    size() {
      return { entries: entries.size, bytes: totalBytes };
    },
  };
}
