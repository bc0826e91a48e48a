import crypto from "node:crypto";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { htmlStream } from "~/utils/html-stream.server";
import { logger } from "~/utils/logger.server";
import { NonceProvider } from "~/utils/nonce-provider";

// The server process reaches start-up and shut-down through the build, so it shares one module
// graph (one database handle, one outbox worker) with the routes.
export { boot, bootSender, shutdown } from "~/services/lifecycle.server";
// count.json is answered by server.js before Remix: the busiest address, and a one-row read.
export { getCampaignCount } from "~/services/counting.server";
export { EnvError } from "~/utils/env.server";
// Headers, request deadlines and connection caps, applied by server.js to every request.
export * as httpPolicy from "~/utils/http-policy.server";
// Public campaign pages kept and answered by server.js before Remix while nothing on them changes.
export { createPageCache } from "~/services/page-cache.server";
// /readyz, answered by server.js before Express (as /healthz, which needs nothing from the app).
export { checkReadiness } from "~/services/health.server";
export { logger };

const ABORT_DELAY = 5_000;

/**
 * Errors from loaders, actions and rendering, for the log. A refusal with a 4xx (a domain error, a
 * thrown 404) and a request for something that is not there — no such page, or a POST to a page
 * with no form — are answers, not the server's faults: logging their stacks would let anyone fill
 * the log. A request the visitor abandoned is not an error either.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const message = error instanceof Error ? error.message : "";
  if (/^No route matches URL |but did not provide an `(action|loader)`/.test(message)) return;
  logger.error({ err: error, url: request.url, method: request.method }, "Request failed");
};

/**
 * Pages run only the app's own scripts and styles: inline scripts need this response's nonce,
 * so injected markup cannot run even if escaping ever failed.
 */
function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const nonce = crypto.randomBytes(16).toString("base64");
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  // Every page's header says "Sign in" or "Workspace" by the session cookie: a cache in front must
  // not hand one person's page to another.
  responseHeaders.append("Vary", "Cookie");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = htmlStream();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
