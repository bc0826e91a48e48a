// The sender (`npm run sender`): a process that serves no page and only sends the outbox, mail and
// webhooks, for app processes started with OUTBOX_SENDER=0 (README, "Several processes"). It runs
// the build the app processes run (`npm run build` first), on their database and DATA_DIR.
import fs from "node:fs";
import { loadBuild, serverBuild } from "./load-build.js";

process.env.NODE_ENV ??= "production";
if (!fs.existsSync(serverBuild)) {
  console.error("No build found: run npm run build first.");
  process.exit(1);
}

const { bootSender, shutdown, logger } = (await loadBuild()).entry.module;
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
