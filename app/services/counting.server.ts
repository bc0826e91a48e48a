import { addToCampaignCount, getCountBySlug } from "~/models/counts.server";
import { takePendingCounts } from "~/models/signatures.server";
import { db, now } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { singleton } from "~/utils/singleton.server";

const BATCH_MS = 1_000;

/**
 * Adds every verification since the last batch to its campaign's count, and takes away every
 * counted signature staff invalidated: one write per campaign per batch, however many people
 * confirmed, so a popular campaign's row never becomes a hot spot.
 */
export async function countPendingVerifications() {
  return db.transaction().execute(async (trx) => {
    const pending = await takePendingCounts(trx);
    const at = now();
    for (const [campaignId, added] of pending) await addToCampaignCount({ campaignId, added, at }, trx);
    return pending;
  });
}

export async function getCampaignCount({ slug }: { slug: string }) {
  const row = await getCountBySlug({ slug });
  if (!row) return undefined;
  return { slug: row.slug, count: row.verified_count ?? 0, goal: row.goal, updatedAt: row.updated_at };
}

export const counter = singleton("counter", () => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    start() {
      timer ??= setInterval(() => {
        if (running) return;
        running = countPendingVerifications()
          .catch((error) => logger.error({ err: error }, "Counting batch failed; the next batch retries"))
          .finally(() => (running = undefined));
      }, BATCH_MS);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
});
