import fs from "node:fs";
import { listLeasedPackExportIds } from "~/models/packs.server";
import { now } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { listPackExportFiles } from "~/utils/pack-files.server";

// An export's files are written in a temporary folder named after it, removed when it ends; what
// a killed process left behind is removed at start and at takeover.

/**
 * Removes the temporary folders and partial ZIPs of every export that is not running under a live
 * lease: finished, failed, or left by a process that was killed. A live export's files (the
 * command line's, say) stay; so do finished packs. `taking` is the export this worker has just
 * claimed: its lease is live, but the files under its id are from the attempt that died.
 */
export async function removePackLeftovers({ taking }: { taking?: number } = {}) {
  // The folder is read before the leases: an export's lease is written before its files, so a
  // file seen here whose export has just started already has its lease in the next read.
  const found = listPackExportFiles();
  if (!found.length) return;
  const live = new Set(await listLeasedPackExportIds({ now: now() }));
  if (taking !== undefined) live.delete(taking);
  const removed = found.filter(({ packId }) => !live.has(packId));
  await Promise.all(removed.map((f) => fs.promises.rm(f.path, { recursive: true, force: true })));
  if (removed.length) logger.warn({ removed: removed.map((f) => f.name) }, "Removed files left by pack exports that were interrupted");
}
