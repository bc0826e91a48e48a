import { addToCampaignCount, getCountBySlug } from "~/models/counts.server";
import { takePendingCounts } from "~/models/signatures.server";
import { takePendingWithdrawals } from "~/models/withdrawals.server";
import { db, now } from "~/utils/db.server";
import { exclusiveInTransaction } from "~/utils/exclusive.server";
import { logger } from "~/utils/logger.server";
import { singleton } from "~/utils/singleton.server";

const BATCH_MS = 1_000;

/**
 * Adds every verification since the last batch to its campaign's count, and takes away every
 * counted signature staff invalidated or its signer withdrew: one write per campaign per batch, however many people
 * confirmed, so a popular campaign's row never becomes a hot spot.
 */
export async function countPendingVerifications() {
  const pending = await db.transaction().execute(async (trx) => {
    // One batch at a time across app processes: another's batch in flight takes these rows itself.
    if (!(await exclusiveInTransaction(trx, "counting-batch"))) return new Map<number, number>();
    const pending = await takePendingCounts(trx);
    for (const [campaignId, removed] of await takePendingWithdrawals(trx)) {
      const net = (pending.get(campaignId) ?? 0) + removed;
      if (net) pending.set(campaignId, net);
      else pending.delete(campaignId);
    }
    const at = now();
    for (const [campaignId, added] of pending) await addToCampaignCount({ campaignId, added, at }, trx);
    return pending;
  });
  if (pending.size) forgetCountReads();
  return pending;
}

/**
 * Count reads are reused for half a second, and forgotten as soon as a batch changes a count: the
 * figure served is the one stored. (The half second bounds how long a change of goal takes to show.)
 * `generation` stops a read that began before a batch from storing what that batch replaced.
 */
const COUNT_READ_MS = 500;
const countReads = new Map<string, { count: CampaignCount; until: number }>();
let generation = 0;

function forgetCountReads() {
  countReads.clear();
  generation++;
}

type CampaignCount = { slug: string; count: number; goal: number | null; updatedAt: string | null };

/**
 * A public campaign's count, as count.json serves it, polled by every open campaign page. Only
 * campaigns that exist are kept, so unknown slugs cannot grow the map.
 */
export async function getCampaignCount({ slug }: { slug: string }): Promise<CampaignCount | undefined> {
  const cached = countReads.get(slug);
  if (cached && cached.until > Date.now()) return cached.count;
  const readIn = generation;
  const row = await getCountBySlug({ slug });
  if (!row) {
    countReads.delete(slug);
    return undefined;
  }
  const count = { slug: row.slug, count: row.verified_count ?? 0, goal: row.goal, updatedAt: row.updated_at };
  if (readIn === generation) countReads.set(slug, { count, until: Date.now() + COUNT_READ_MS });
  return count;
}

export const counter = singleton("counter", () => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    start() {
      timer ??= setInterval(() => {
        if (running) return;
        running = countPendingVerifications()
          .catch((error) =>
            // Another process holding SQLite's write lock past the busy timeout (a command-line run, a
            // backup) costs one batch, which the next takes up: worth a warning, not an alarm.
            (error as { code?: string })?.code === "SQLITE_BUSY"
              ? logger.warn({ err: error }, "The database was busy; the next counting batch takes these up")
              : logger.error({ err: error }, "Counting batch failed; the next batch retries"),
          )
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
