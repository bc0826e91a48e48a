import crypto from "node:crypto";
import { getPageVersion } from "~/models/page-versions.server";
import { type Confirmation, verifySignature } from "~/services/signing.server";
import { env } from "~/utils/env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** A confirmation link followed here: its page is rendered with stand-ins for the signer's own, then kept. */
    confirmation?: Confirmation;
  }
}

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
//
// Confirmation links too (`/verify/{token}`, and its Easy Read twin), the second most-opened page
// after a campaign is shared: here the link is followed (the signature confirmed, as the route's
// loader would) and the page is rendered once per address shape, language and campaign text, with
// stand-ins for what is the signer's own: the link's token (in the language switch's address) and
// the withdraw link. Each answer puts its own in their place, so no answer carries another signer's
// link. Such a page is never kept by caches in front (`private, no-store`, as the route says); an
// invalid link, a HEAD, a query or a signed-in visitor go to Remix as before.

/** Shared caches: fresh for 5 s, then up to 10 s more while revalidating; browsers revalidate each time. */
export const PAGE_CACHE_CONTROL = "public, max-age=0, s-maxage=5, stale-while-revalidate=10";
/** A kept page's address answered to someone signed in. */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

const PAGE_PATH = /^(?:\/cy)?\/c\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/sign|\/versions|\/support(?:\/[1-9]\d{0,15})?|\/easy-read(?:\/sign)?)?$/;
const PAGE_QUERY = /^(?:\?page=[1-9]\d{0,5})?$/;
/** A confirmation link: the address before its token, and the token. */
const CONFIRMATION_PATH = /^((?:\/cy)?(?:\/c\/[a-z0-9]+(?:-[a-z0-9]+)*\/easy-read)?\/verify\/)([A-Za-z0-9_-]{43})$/;
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

/**
 * A response split at its stand-ins (the nonce, and a confirmation page's token and withdraw link):
 * a number in its pieces is the place of the stand-in of that index, to be filled per answer.
 */
interface Template {
  status: number;
  headers: [string, (string | number)[]][];
  body: (Buffer | number)[];
  bytes: number;
}

interface Entry extends Template {
  /** A campaign page's validator; a confirmation page's key says all it shows, and it has none. */
  etag?: string;
}

interface Rendered {
  template: Template;
  /** Whether it may be kept: a 200 HTML page without Set-Cookie. */
  keepable: boolean;
  /** Whether it says it is not for sharing (`private`, `no-store`). */
  private: boolean;
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

/** The text in pieces at each stand-in, the stand-in's index in its place. */
function splitAt(text: string, standIns: string[]): (string | number)[] {
  const pieces: (string | number)[] = [];
  let from = 0;
  for (let at = nextStandIn(text, standIns, from); at; at = nextStandIn(text, standIns, from)) {
    pieces.push(text.slice(from, at.index), at.which);
    from = at.index + standIns[at.which].length;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function nextStandIn(text: string, standIns: string[], from: number) {
  let next: { index: number; which: number } | undefined;
  standIns.forEach((standIn, which) => {
    const index = text.indexOf(standIn, from);
    if (index !== -1 && (!next || index < next.index)) next = { index, which };
  });
  return next;
}

/** The response as a template, split at its nonce (stand-in 0) and at `standIns` (1 on). */
async function templateOf(response: Response, standIns: string[] = []): Promise<Rendered> {
  const body = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  // Without a nonce (no page of ours), stand-in 0 is one nothing matches.
  const all = [nonce ?? "\u0000", ...standIns];
  const headers: [string, (string | number)[]][] = [];
  let bytes = Buffer.byteLength(body);
  for (const [name, value] of response.headers) {
    if (name === "content-length" || name === "date") continue;
    headers.push([name, splitAt(value, all)]);
    bytes += name.length + value.length;
  }
  return {
    template: {
      status: response.status,
      headers,
      body: splitAt(body, all).map((piece) => (typeof piece === "number" ? piece : Buffer.from(piece))),
      bytes,
    },
    keepable: response.status === 200 && !response.headers.has("set-cookie") && (response.headers.get("content-type") ?? "").startsWith("text/html"),
    private: /private|no-store/.test(response.headers.get("cache-control") ?? ""),
  };
}

/** The template filled with a fresh nonce, then `values` for its other stand-ins; the kept pieces uncopied. */
function fill(template: Template, values: string[]) {
  const texts = [newNonce(), ...values];
  const bytes = texts.map((text) => Buffer.from(text));
  const body = template.body.map((piece) => (typeof piece === "number" ? bytes[piece] : piece));
  const length = body.reduce((sum, piece) => sum + piece.length, 0);
  const headers = template.headers.map(([name, pieces]): [string, string] => [name, pieces.map((piece) => (typeof piece === "number" ? texts[piece] : piece)).join("")]);
  return { headers, body, length };
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
  // What stands in for a signer's own in a kept confirmation page: random, so no text holds it by chance.
  const tokenStandIn = crypto.randomBytes(32).toString("base64url");
  const withdrawStandIn = `/withdraw/${crypto.randomBytes(32).toString("base64url")}`;

  function forget(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  }

  /** Most recently used last: the map's order is the eviction order. */
  function touch(key: string, entry: Entry) {
    entries.delete(key);
    entries.set(key, entry);
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

  /** Rendered as for nobody in particular: no cookie, no client's headers, the site's own origin. */
  function renderPage(path: string, { confirmation, standIns = [] }: { confirmation?: Confirmation; standIns?: string[] } = {}) {
    const request = new Request(new URL(path, env.PUBLIC_URL), { headers: { accept: "text/html" } });
    return render(request, confirmation ? { ...context, confirmation } : context).then((response) => templateOf(response, standIns));
  }

  function answer(cache: "hit" | "miss", template: Template, extra: [string, string][], method: string, values: string[] = []): PageAnswer {
    const { headers, body, length } = fill(template, values);
    return {
      kind: "answer",
      cache,
      status: template.status,
      headers: [...headers, ...extra, ["content-length", String(length)], ["x-cache", cache]],
      body: method === "HEAD" ? [] : body,
    };
  }

  /** A confirmation link, followed here; its page from the template for its address, language and campaign text. */
  async function confirmation({ before, token, method, search, cookie }: { before: string; token: string; method: string; search: string; cookie: string | undefined }): Promise<PageAnswer> {
    // A HEAD (a link checker's, say), a query, or someone signed in: Remix follows it, as any link.
    if (method !== "GET" || search !== "" || !onlyHarmlessCookies(cookie)) return { kind: "pass" };
    const confirmed = await verifySignature({ token });
    if (confirmed.status === "invalid") return { kind: "pass" }; // Remix says so (404)
    const values = [token, confirmed.withdrawTo];
    const key = `${before}\n${JSON.stringify(confirmed.campaign)}`;
    const kept = entries.get(key);
    if (kept) {
      touch(key, kept);
      return answer("hit", kept, [], method, values);
    }
    let rendering = renders.get(key);
    const joined = rendering !== undefined;
    if (!rendering) {
      rendering = renderPage(before + tokenStandIn, {
        confirmation: { ...confirmed, withdrawTo: withdrawStandIn },
        standIns: [tokenStandIn, withdrawStandIn],
      }).finally(() => renders.delete(key));
      renders.set(key, rendering);
    }
    const rendered = await rendering;
    // An error page is not kept, but it is this signer's to see, filled as any other.
    if (rendered.keepable && !joined) keep(key, rendered.template);
    return answer("miss", rendered.template, [], method, values);
  }

  return {
    async answer({ method, path, search, cookie, ifNoneMatch }: PageRequest): Promise<PageAnswer> {
      if (method !== "GET" && method !== "HEAD") return { kind: "pass" };
      const link = CONFIRMATION_PATH.exec(path);
      if (link) return confirmation({ before: link[1], token: link[2], method, search, cookie });
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
        touch(key, kept);
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
      if (!rendered.keepable || rendered.private) {
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
