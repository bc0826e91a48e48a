import { defaultLanguage, getT, type UiLanguage } from "~/i18n";
import { isUiLanguage, languageOfPath, localePath } from "~/i18n/paths";
import { env } from "./env.server";

// What server.js applies to every request before Remix sees it: headers, how long a request may
// take to arrive, and how many connections one address may hold. Kept here, beside the rest of the
// app's settings, so that the policy is read in one place and tested against the real server.

// Pages that show what only one person should see (the workspace, with signers' emails) or that
// are opened from a secret link (confirming, signing in, invitations, unsubscribing, withdrawing a
// signature, revising a letter of support, a pack download, an event's kiosk). Neither a shared
// cache nor the browser's history keeps them, and no Referer header carries their address, token
// and all, to another site.
// A kiosk is also shared by strangers one after another: `no-store` keeps Back from showing the last
// signer's page (Chromium keeps no back/forward cache of it).
const PRIVATE_PATH = /^(?:\/cy)?\/(?:workspace|sign-in|verify|unsubscribe|withdraw|my-data|invitations|packs|kiosk|support\/(?:confirm|revise))(?:\/|$)/;

/** True for a private page's path; a form opened from an invitation link is one too. */
function isPrivatePage(pathname: string, search = "") {
  return PRIVATE_PATH.test(pathname) || /[?&]invitation=/.test(search);
}

// A campaign's embed (/c/{slug}/embed, issue 18) is the one answer another site may show in a frame:
// it says so itself (`frame-ancestors *` in its own Content-Security-Policy). Everything else is
// framed by nobody, so a click on it can never be hijacked from another page.
const EMBED_PATH = /^(?:\/cy)?\/c\/[^/]+\/embed\/?$/;

/** The headers every response starts with; a private page's never cached, never referred. */
export function responseHeaders(pathname: string, search: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    ...(EMBED_PATH.test(pathname) ? {} : { "X-Frame-Options": "DENY" }),
    ...(env.PUBLIC_URL.startsWith("https:") ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
    ...(isPrivatePage(pathname, search)
      ? { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" }
      : { "Referrer-Policy": "same-origin" }),
  };
}

/** Headers must arrive within this, or the connection is closed (a slow-headers attack). */
export const HEADERS_TIMEOUT_MS = 20_000;

// Forms that carry a file (a letter of support's or a response's PDF, an Easy Read picture, a pack to
// check, a paper sheet's scan).
const UPLOAD_PATH = /^(?:\/cy)?\/(?:verify-pack|c\/[^/]+\/support\/new|support\/revise\/[^/]+|workspace\/c\/[^/]+\/(?:responses|easy-read|amend|paper\/[^/]+))\/?$/;

/**
 * How long a request may take to arrive, body and all: a minute for a form (64 KB even on a slow
 * phone line), ten for a form with a file, so a body trickled in slowly is not held for ever.
 */
export function requestDeadlineMs(pathname: string) {
  return UPLOAD_PATH.test(pathname) ? 10 * 60_000 : 60_000;
}

/**
 * Open connections one address may hold: a browser opens about six, so a conference hall behind
 * one address has room. Behind a proxy (TRUST_PROXY) every connection comes from the proxy, which
 * must limit its clients itself: then there is no cap here.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = env.TRUST_PROXY ? Infinity : 256;

/**
 * Whether a request that changes something came from another site. Remix refuses an `Origin` that
 * is not this host with a 500; this answers first, with a 403. A private page's `no-referrer`
 * makes browsers send its own forms with `Origin: null`; `Sec-Fetch-Site: same-origin` (set by
 * the browser, never by a page) tells those from a sandboxed frame elsewhere. Returns "same" (and
 * the `Origin: null` then stands for this site), "cross", or "none" when there is nothing to check.
 */
export function formOrigin(method: string, headers: Record<string, string | string[] | undefined>) {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return "none";
  const origin = headers.origin;
  if (typeof origin !== "string") return "none";
  if (origin === "null") return headers["sec-fetch-site"] === "same-origin" ? "same" : "cross";
  const forwarded = typeof headers["x-forwarded-host"] === "string" ? headers["x-forwarded-host"].split(",")[0].trim() : "";
  const host = forwarded || headers.host;
  try {
    return new URL(origin).host === host ? "same" : "cross";
  } catch {
    return "cross";
  }
}

// The reader's language. English lives at the root and Welsh under /cy (app/i18n/paths.ts); the
// language a reader last read a page in is kept in a cookie, so that coming back to "/" (a bookmark,
// the address typed) opens the home page in it. A first visit to "/" follows the browser's
// preference (Accept-Language). Arriving at "/" from a link on this site is a choice already made
// (the "English" link on a Welsh page): it is not sent back to /cy.

const LANGUAGE_COOKIE = "language";
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The language among ours that a browser's Accept-Language ranks first ("cy-GB,cy;q=0.9,en;q=0.8" → cy). */
export function preferredLanguage(acceptLanguage: string | undefined): UiLanguage | undefined {
  let best: { language: UiLanguage; q: number } | undefined;
  for (const part of (acceptLanguage ?? "").slice(0, 1_000).split(",")) {
    const [tag, ...parameters] = part.trim().split(";");
    const language = tag.trim().toLowerCase().split("-")[0];
    if (!isUiLanguage(language)) continue;
    const qParameter = parameters.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language;
}

function languageCookie(cookieHeader: string | undefined): UiLanguage | undefined {
  const value = /(?:^|;\s*)language=([^;]*)/.exec(cookieHeader ?? "")?.[1];
  return isUiLanguage(value) ? value : undefined;
}

/**
 * What the reader's language asks of a page request before Remix sees it: a redirect from "/" to
 * the Welsh home page, or the cookie that remembers the language of the page being opened (set
 * only when it changes, and never for an English reader who has not chosen Welsh).
 */
export function languageChoice(
  method: string,
  pathname: string,
  headers: Record<string, string | string[] | undefined>,
): { redirectTo?: string; setCookie?: string } {
  if (method !== "GET" && method !== "HEAD") return {};
  const accept = typeof headers.accept === "string" ? headers.accept : "";
  const isDocument = headers["sec-fetch-dest"] === "document" || (headers["sec-fetch-dest"] === undefined && accept.includes("text/html"));
  // Only a page read in a language records it: not a file with an extension (Remix's .data, the open
  // data, feeds, images, PDFs) nor the embed, which a shared cache may keep, so must not set a cookie.
  if (!isDocument || /\.[a-z]+$/.test(pathname) || EMBED_PATH.test(pathname)) return {};
  const cookie = languageCookie(typeof headers.cookie === "string" ? headers.cookie : undefined);
  if (pathname === "/" && headers["sec-fetch-site"] !== "same-origin") {
    const wanted = cookie ?? preferredLanguage(typeof headers["accept-language"] === "string" ? headers["accept-language"] : undefined);
    if (wanted && wanted !== defaultLanguage) return { redirectTo: localePath(wanted, "/") };
  }
  const language = languageOfPath(pathname);
  if (language === (cookie ?? defaultLanguage)) return {};
  const secure = env.PUBLIC_URL.startsWith("https:") ? "; Secure" : "";
  return { setCookie: `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax; HttpOnly${secure}` };
}

/**
 * The first segments of the site's page paths ("c", "workspace", "sign-in", …), read from the
 * build's routes. Every page also answers under a language prefix, which the router reads as an
 * optional first segment; a form sent to "/xx/…" where "xx" is neither a language nor one of these
 * is for no page, and is refused before it reaches an action.
 */
export function pageSegments(routes: Record<string, { parentId?: string; path?: string }>): Set<string> {
  const fullPath = (id: string | undefined): string[] => {
    const route = id ? routes[id] : undefined;
    if (!route) return [];
    return [...fullPath(route.parentId), ...(route.path ? route.path.split("/") : [])];
  };
  const segments = new Set<string>();
  for (const id of Object.keys(routes)) {
    // The language prefix is optional (":lang?"): the first segment after it is the page's.
    const first = fullPath(id).find((segment) => !segment.endsWith("?"));
    if (first && !first.startsWith(":") && first !== "*") segments.add(first);
  }
  return segments;
}

/** A plain-text answer given before a page is made, in the language of the address asked for. */
export function plainAnswer(pathname: string, answer: "crossSite" | "noPage" | "tooSlow") {
  return getT(languageOfPath(pathname))(`plainAnswers.${answer}`);
}
