// The server process: one Remix app, its static files, and the background work (outbox worker,
// batch counter) started through the build so everything shares one module graph.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler } from "@remix-run/node";
import express from "express";
import { buildDir, loadBuild, serverBuild } from "./load-build.js";

const root = path.dirname(fileURLToPath(import.meta.url));
const dev = process.argv.includes("--dev");
// React and Express pick their production code paths from this.
process.env.NODE_ENV ??= dev ? "development" : "production";

if (!dev && !fs.existsSync(serverBuild)) {
  console.log("No build found: building the app first (npm run build)…");
  const built = spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const app = express();
// Timeouts are checked every second (Node's default is every 30), so a slow client is cut off on time.
// /healthz, /readyz and count.json are answered before Express (answerHealth, answerCount, below);
// everything else goes to the app.
const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => answerHealth(req, res) || answerCount(req, res) || app(req, res));
// In development Vite's live reload shares the app's port, so the pages' Content-Security-Policy
// ('self') covers its socket as it covers everything else.
const vite = dev
  ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true, hmr: { server } } }))
  : undefined;
const loadViteBuild = vite ? () => vite.ssrLoadModule("virtual:remix/server-build") : undefined;
const build = await loadBuild(loadViteBuild);
const { boot, shutdown, logger, getCampaignCount, httpPolicy, createPageCache, checkReadiness } = build.entry.module;
await boot();
const pageSegments = httpPolicy.pageSegments(build.routes);

// The live count, polled by every open campaign page, is answered first: without the cost of
// Express, its middleware (a GET without a body needs no deadline, and its security headers are
// always the same) or the Remix request pipeline. The count changes in batches a second or so
// apart, so a cache may serve it for a few seconds.
const COUNT_PATH = /^\/c\/([^/?]+)\/count\.json(?:\?|$)/;
const countHeaders = { ...httpPolicy.responseHeaders("/c/count.json", ""), "Content-Type": "application/json; charset=utf-8" };
function answerCount(req, res) {
  const encoded = (req.method === "GET" || req.method === "HEAD") && COUNT_PATH.exec(req.url ?? "")?.[1];
  if (!encoded) return false;
  let slug;
  try {
    slug = decodeURIComponent(encoded);
  } catch {
    slug = "";
  }
  getCampaignCount({ slug }).then(
    (count) => {
      const body = JSON.stringify(count ?? { error: "Campaign not found" });
      res.writeHead(count ? 200 : 404, {
        ...countHeaders,
        ...(count ? { "Cache-Control": "public, max-age=5, stale-while-revalidate=30" } : {}),
        "Content-Length": Buffer.byteLength(body),
      });
      res.end(body);
    },
    (error) => {
      logger.error({ err: error, slug }, "The count could not be read");
      res.writeHead(500, { ...countHeaders, "Content-Type": "text/plain; charset=utf-8" }).end("Internal Server Error");
    },
  );
  return true;
}
// For the proxy and the monitor, answered first like count.json: no session, no cookie, no page
// cache, no rate limit, never cached. /healthz: the process is up (no database). /readyz: the
// database answers, its migrations are applied, and mail is not behind (app/services/health.server.ts);
// 503 with the reason in plain English otherwise (for operators: not translated).
const HEALTH_PATH = /^\/(healthz|readyz)(?:\?|$)/;
const healthHeaders = { ...httpPolicy.responseHeaders("/healthz", ""), "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
function answerHealth(req, res) {
  const probe = (req.method === "GET" || req.method === "HEAD") && HEALTH_PATH.exec(req.url ?? "")?.[1];
  if (!probe) return false;
  const answer = (status, body) => res.writeHead(status, { ...healthHeaders, "Content-Length": Buffer.byteLength(body) }).end(body);
  if (probe === "healthz") {
    answer(200, "ok");
    return true;
  }
  // A process shutting down is taken out of the proxy's rotation while it finishes.
  if (stopping) {
    answer(503, "shutting down");
    return true;
  }
  checkReadiness().then(
    (readiness) => {
      const reason = readiness.ready ? undefined : readiness.reason;
      // Logged when it changes, not at every probe of a monitor.
      if (reason !== lastUnreadyReason) {
        if (reason) logger.warn({ reason }, `Not ready: ${reason}`);
        else logger.info("Ready again");
        lastUnreadyReason = reason;
      }
      answer(reason ? 503 : 200, reason ?? "ready");
    },
    (error) => answer(503, `not ready: ${error?.message ?? error}`),
  );
  return true;
}
let lastUnreadyReason;
// Public campaign pages and confirmation links' pages, rendered by Remix once and kept while nothing
// on them changes (app/services/page-cache.server.ts); not in development, where the code changes under them.
const pageCache = vite
  ? undefined
  : createPageCache({ render: createFetchHandler(build, "production"), context: { clientAddress: undefined }, buildVersion: build.assets.version });

// Slow clients: headers must arrive within 20 s, and a body within its path's deadline (a minute
// for a form, more for an upload); past it the request gets 408 and its connection is closed.
// requestTimeout is only the backstop above the longest deadline.
server.headersTimeout = httpPolicy.HEADERS_TIMEOUT_MS;
server.requestTimeout = 15 * 60_000;
const connectionsByAddress = new Map();
server.on("connection", (socket) => {
  const address = socket.remoteAddress ?? "unknown";
  const open = (connectionsByAddress.get(address) ?? 0) + 1;
  if (open > httpPolicy.MAX_CONNECTIONS_PER_ADDRESS) return socket.destroy();
  connectionsByAddress.set(address, open);
  socket.once("close", () => {
    const left = connectionsByAddress.get(address) - 1;
    if (left > 0) connectionsByAddress.set(address, left);
    else connectionsByAddress.delete(address);
  });
});

app.disable("x-powered-by");
/** The query of a request's address as it came ("" or "?…"), for the header policy and the page cache. */
const searchOf = (req) => {
  const query = req.originalUrl.indexOf("?");
  return query === -1 ? "" : req.originalUrl.slice(query);
};
app.use((req, res, next) => {
  res.set(httpPolicy.responseHeaders(req.path, searchOf(req)));
  const origin = httpPolicy.formOrigin(req.method, req.headers);
  if (origin === "cross") return res.status(403).type("text/plain").send(httpPolicy.plainAnswer(req.path, "crossSite"));
  if (origin === "same" && req.headers.origin === "null") delete req.headers.origin; // from our own no-referrer page
  // The router's data requests carry ".data" on the last segment ("/sign-in.data").
  const firstSegment = req.path.split("/")[1]?.replace(/\.data$/, "");
  if (req.method !== "GET" && req.method !== "HEAD" && firstSegment && firstSegment !== "cy" && !pageSegments.has(firstSegment)) {
    return res.status(404).type("text/plain").send(httpPolicy.plainAnswer(req.path, "noPage"));
  }
  const language = httpPolicy.languageChoice(req.method, req.path, req.headers);
  if (language.redirectTo) return res.set("Vary", "Cookie, Accept-Language").redirect(302, language.redirectTo);
  if (req.path === "/") res.vary("Accept-Language"); // the home page may send a Welsh reader to /cy
  // A response that sets the cookie is this reader's only; a private page stays no-store.
  if (language.setCookie) res.set({ "Set-Cookie": language.setCookie, "Cache-Control": res.get("Cache-Control") ?? "private, no-cache" });
  // Only a request with a body can trickle in after its headers; the rest (every GET, count.json
  // above all) needs no timer.
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (hasBody && !req.complete) {
    const deadline = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      res.status(408).set("Connection", "close").type("text/plain").send(httpPolicy.plainAnswer(req.path, "tooSlow"));
      req.socket.destroySoon?.();
    }, httpPolicy.requestDeadlineMs(req.path));
    deadline.unref();
    const clear = () => clearTimeout(deadline);
    req.once("end", clear);
    req.once("close", clear);
    res.once("finish", clear);
  }
  next();
});
if (vite) {
  app.use(vite.middlewares);
} else {
  // Only /assets and the favicon are files; everything else goes straight to Remix, unstat'ed.
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y", fallthrough: false }));
  app.get("/favicon.svg", (req, res) => res.sendFile(path.join(buildDir, "client/favicon.svg"), { maxAge: "1d" }));
  app.get("/favicon.ico", (req, res) => res.redirect(301, "/favicon.svg")); // browsers ask for it anyway
}
// The campaign pages, from the page cache when they can be, and confirmation links, followed there
// and answered from a page kept per campaign and language. Anyone signed in goes on to Remix, and
// their page (their own header) is kept by no one.
app.get("/*", async (req, res, next) => {
  if (!pageCache) return next();
  try {
    const page = await pageCache.answer({
      method: req.method,
      path: req.path,
      search: searchOf(req),
      cookie: req.headers.cookie,
      ifNoneMatch: req.headers["if-none-match"],
    });
    if (page.kind === "pass") return next();
    if (page.kind === "private") {
      res.set("Cache-Control", page.cacheControl);
      return next();
    }
    for (const [name, value] of page.headers) {
      if (name === "vary") res.vary(value);
      // A response that sets the language cookie keeps its own private Cache-Control.
      else if (name === "cache-control" && res.get("Set-Cookie")) continue;
      else res.setHeader(name, value);
    }
    res.status(page.status);
    // The page's pieces go out in one write (corked), without being copied into one buffer first.
    res.cork();
    for (const piece of page.body) res.write(piece);
    res.end();
    res.uncork();
  } catch (error) {
    next(error);
  }
});
app.all(
  "*",
  createRequestHandler({
    build: loadViteBuild ?? build,
    mode: dev ? "development" : "production",
    getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress }),
  }),
);

const port = Number(process.env.PORT || 3000);
server.listen(port, () => {
  logger.info({ port }, `Undersigned is listening on http://localhost:${port}`);
});
server.on("error", async (error) => {
  logger.fatal({ err: error }, `Cannot listen on port ${port}: ${error.message}`);
  await shutdown();
  process.exit(1);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "Shutting down");
  server.close();
  server.closeIdleConnections?.();
  await shutdown();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
