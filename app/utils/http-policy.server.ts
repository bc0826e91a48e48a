import { env } from "./env.server";

// What server.js applies to every request before Remix sees it: headers, how long a request may
// take to arrive, and how many connections one address may hold. Kept here, beside the rest of the
// app's settings, so that the policy is read in one place and tested against the real server.

// Pages that show what only one person should see (the workspace, with signers' emails) or that
// are opened from a secret link (confirming, signing in, invitations, unsubscribing, revising a
// letter of support, a pack download). Neither a shared cache nor the browser's history keeps them,
// and no Referer header carries their address, token and all, to another site.
const PRIVATE_PATH = /^(?:\/cy)?\/(?:workspace|sign-in|verify|unsubscribe|invitations|packs|support\/(?:confirm|revise))(?:\/|$)/;

/** True for a private page's path; a form opened from an invitation link is one too. */
function isPrivatePage(pathname: string, search = "") {
  return PRIVATE_PATH.test(pathname) || /[?&]invitation=/.test(search);
}

/** The headers every response starts with; a private page's never cached, never referred. */
export function responseHeaders(pathname: string, search: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    ...(env.PUBLIC_URL.startsWith("https:") ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
    ...(isPrivatePage(pathname, search)
      ? { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" }
      : { "Referrer-Policy": "same-origin" }),
  };
}

/** Headers must arrive within this, or the connection is closed (a slow-headers attack). */
export const HEADERS_TIMEOUT_MS = 20_000;

// Forms that carry a file (a letter of support's or a response's PDF, a pack to check).
const UPLOAD_PATH = /^(?:\/cy)?\/(?:verify-pack|c\/[^/]+\/support\/new|support\/revise\/[^/]+|workspace\/c\/[^/]+\/responses)\/?$/;

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
