import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { flatRoutes } from "remix-flat-routes";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      buildDirectory: process.env.BUILD_DIR || "build",
      // Routes are grouped in folders by concern, so app/routes reads like the site map
      // (remix-flat-routes' hybrid routes, as the Epic Stack does): `workspace+/c+/$slug+/team.tsx`
      // is /workspace/c/{slug}/team, `_layout.tsx` a folder's layout. `__name.ts` is a module that
      // routes share, not a route; `ui.tsx` beside a folder route's `route.tsx` is its UI.
      ignoredRouteFiles: ["**/*"],
      routes: async (defineRoutes) => flatRoutes("routes", defineRoutes, { ignoredRouteFiles: ["**/*.test.*", "**/__*.*", "**/ui.tsx"] }),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: { target: "es2022" },
  ssr: { external: ["better-sqlite3"] },
});
