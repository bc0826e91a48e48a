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

  // The CLI, bundled once (node_modules left outside), so each test that runs it starts in a second.
  const cliBundle = path.join(root, ".cache", `cli-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(root, "app/cli.ts")],
    outfile: cliBundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    plugins: [{ name: "packages-outside", setup: (b) => b.onResolve({ filter: /^[^.~#/]/ }, (args) => ({ path: args.path, external: true })) }],
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
