import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

// The server matches addresses with a patched React Router (patches/@remix-run+router+*.patch: the
// ranked branches and recent matches kept, branches whose static segments differ skipped). The
// browser's copy (its ES module build) is not patched: on the app's own route table, both must
// find the same routes with the same parameters for every address.

const require = createRequire(import.meta.url);
const patched = require("@remix-run/router") as typeof import("@remix-run/router");

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };

async function appRoutes() {
  const build = (await import(pathToFileURL(path.join(process.env.BUILD_DIR!, "server/index.js")).href)) as { routes: Record<string, ManifestRoute> };
  const all = Object.values(build.routes);
  const tree = (parentId: string | undefined): AgnosticRouteObject[] =>
    all
      .filter((route) => route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: tree(route.id) },
      );
  return tree(undefined);
}

const SEGMENTS = ["", "cy", "CY", "c", "fair-care-now", "sign", "Sign", "verify", "workspace", "easy-read", "support", "1", "count.json", "sign-in", "my-data",
  "versions", "paper", "S-0001", "withdraw", "1-abc", ".well-known", "pack-signing-key.pem", "packs", "kiosk", "responses", "letter.pdf", "amend", "settings",
  "new", "pictures", "edit", "delivery", "team", "erase", "yours.json", "sheets.pdf", "caf%C3%A9", "x y"];

function addresses() {
  const found: string[] = ["/", "/cy", "/cy/"];
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let n = 0; n < 1_500; n++) {
    const length = 1 + Math.floor(random() * 6);
    found.push(`/${Array.from({ length }, () => SEGMENTS[Math.floor(random() * SEGMENTS.length)]).join("/")}${random() < 0.1 ? "/" : ""}`);
  }
  for (const a of SEGMENTS) for (const b of SEGMENTS) found.push(`/${a}/${b}`, `/cy/c/x/${a}/${b}`, `/workspace/c/x/${a}/${b}`);
  return found;
}

describe("route matching on the server", () => {
  it("finds what the unpatched router finds, for every address, twice over (the second time from its memory)", async () => {
    const original = (await import(pathToFileURL(require.resolve("@remix-run/router").replace(/router\.cjs\.js$/, "router.js")).href)) as typeof import("@remix-run/router");
    const routes = await appRoutes();
    const shape = (matches: ReturnType<typeof patched.matchRoutes>) => (matches ?? []).map((match) => [match.route.id, match.params, match.pathnameBase]);
    const expected = addresses().map((address) => [address, JSON.stringify(shape(original.matchRoutes(routes, address)))] as const);
    const differences: string[] = [];
    for (const round of [1, 2]) {
      for (const [address, theirs] of expected) {
        if (JSON.stringify(shape(patched.matchRoutes(routes, address))) !== theirs) differences.push(`${round}: ${address}`);
      }
    }
    expect(differences).toEqual([]);
    // The table really is the app's, and the check really reaches its pages.
    expect(shape(patched.matchRoutes(routes, "/cy/c/fair-care-now/sign")).at(-1)?.[1]).toEqual({ lang: "cy", slug: "fair-care-now" });
  }, 120_000);

  it("gives each caller its own copy of a remembered match", async () => {
    const routes = await appRoutes();
    const first = patched.matchRoutes(routes, "/c/fair-care-now")!;
    (first.at(-1)!.params as Record<string, string>).slug = "changed";
    expect(patched.matchRoutes(routes, "/c/fair-care-now")!.at(-1)!.params.slug).toBe("fair-care-now");
  });
});
