import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Builds the app once, and makes one migrated database holding the fixture campaigns; every test
// then copies that file instead of migrating its own.
export default async function setup() {
  const root = path.resolve(import.meta.dirname, "../..");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-base-"));
  // Each run builds into its own folder, so two runs never swap files under each other's servers.
  // It sits inside the project so that the build's imports find node_modules.
  const buildDir = path.join(root, ".cache", `build-${process.pid}`);
  execFileSync("npx", ["remix", "vite:build", "--logLevel", "warn"], { cwd: root, stdio: "inherit", env: { ...process.env, BUILD_DIR: buildDir } });
  process.env.BUILD_DIR = buildDir;

  const baseDb = path.join(dir, "base.db");
  execFileSync("npx", ["tsx", "tests/helpers/make-base-db.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${baseDb}`, LOG_LEVEL: "warn" },
  });
  process.env.UNDERSIGNED_BASE_DB = baseDb;
  return () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(buildDir, { recursive: true, force: true });
  };
}
