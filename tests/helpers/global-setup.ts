import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { dropTestDatabase, newBaseDatabase, testPostgresUrl } from "./test-database";

// Builds the app once, and makes one migrated database holding the fixture campaigns; every test
// then copies it (the SQLite file, or a PostgreSQL database made with it as template) instead of
// migrating its own.
export default async function setup() {
  const root = path.resolve(import.meta.dirname, "../..");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-base-"));
  // Each run builds into its own folder, so two runs never swap files under each other's servers.
  // It sits inside the project so that the build's imports find node_modules. TEST_BUILD_DIR names
  // a build made beforehand instead (CI builds once for both suites); it is left in place.
  const prebuilt = process.env.TEST_BUILD_DIR;
  const buildDir = prebuilt ? path.resolve(root, prebuilt) : path.join(root, ".cache", `build-${process.pid}`);
  if (!prebuilt) execFileSync("npx", ["remix", "vite:build", "--logLevel", "warn"], { cwd: root, stdio: "inherit", env: { ...process.env, BUILD_DIR: buildDir } });
  else if (!fs.existsSync(path.join(buildDir, "server", "index.js"))) throw new Error(`TEST_BUILD_DIR=${prebuilt} holds no build`);
  process.env.BUILD_DIR = buildDir;

  // The CLI, bundled once with its packages, so each test that runs it starts without transpiling
  // and without resolving hundreds of files in node_modules (that alone halves a start's CPU time,
  // and the pack's drawing thread loads them again). Left outside: native addons, and packages
  // that read files beside their own code (fonts, pino's worker).
  const cliBundle = path.join(root, ".cache", `cli-${process.pid}.mjs`);
  const outside = new Set(["better-sqlite3", "@resvg/resvg-js", "pg-native", "pdfkit", "fontkit", "dejavu-fonts-ttf", "pino", "thread-stream"]);
  const packageName = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
  await build({
    entryPoints: [path.join(root, "app/cli.ts")],
    outfile: cliBundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    // Bundled CommonJS packages call `require` for Node's own modules: an ES module has none of its own.
    banner: { js: 'import { createRequire as __cliCreateRequire } from "node:module"; const require = __cliCreateRequire(import.meta.url);' },
    plugins: [
      {
        name: "some-packages-outside",
        setup: (b) => b.onResolve({ filter: /^[^.~#/]/ }, (args) => (outside.has(packageName(args.path)) ? { path: args.path, external: true } : undefined)),
      },
    ],
  });
  process.env.TEST_CLI = cliBundle;

  const baseDb = await newBaseDatabase(dir);
  execFileSync("npx", ["tsx", "tests/helpers/make-base-db.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: baseDb, LOG_LEVEL: "warn" },
  });
  process.env.UNDERSIGNED_BASE_DB = testPostgresUrl ? baseDb : baseDb.slice("file:".length);
  if (testPostgresUrl) process.stdout.write(`Tests run on PostgreSQL (${testPostgresUrl})\n`);
  return async () => {
    if (testPostgresUrl) await dropTestDatabase(baseDb);
    fs.rmSync(dir, { recursive: true, force: true });
    if (!prebuilt) fs.rmSync(buildDir, { recursive: true, force: true });
    fs.rmSync(cliBundle, { force: true });
  };
}
