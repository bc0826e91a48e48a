// The sender (`npm run sender`): a process that serves no page and only sends the outbox, mail and
// webhooks, for app processes started with OUTBOX_SENDER=0 (README, "Several processes"). It runs
// the build the app processes run (`npm run build` first), on their database and DATA_DIR.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
process.env.NODE_ENV ??= "production";
const serverBuild = path.join(path.resolve(root, process.env.BUILD_DIR || "build"), "server/index.js");
if (!fs.existsSync(serverBuild)) {
  console.error("No build found: run npm run build first.");
  process.exit(1);
}

let build;
try {
  build = await import(serverBuild);
} catch (error) {
  // A bad configuration value stops start-up with one line naming it, as it stops an app process.
  if (error?.constructor?.name === "EnvError") {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const { bootSender, shutdown, logger } = build.entry.module;
await bootSender();
logger.info("Undersigned is sending the outbox: mail and webhooks");

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "Shutting down");
  await shutdown();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
