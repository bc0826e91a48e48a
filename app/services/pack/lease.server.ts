import { renewPackExportLease } from "~/models/packs.server";
import { logger } from "~/utils/logger.server";

// Whoever makes an export, the server's worker or the command line, holds a lease on it and renews
// it as it works: an export is made by one process at a time, and one whose process died is taken
// over by the worker once its lease lapses.

/** How long a lease holds, and how often its holder renews it (through every step, long or short). */
export const LEASE_MS = 60_000;
const LEASE_RENEW_MS = 10_000;

/** This process lost its lease (it stalled past it) and another took the export over. */
export class PackLeaseLost extends Error {}

export const leaseFromNow = () => new Date(Date.now() + LEASE_MS).toISOString();

/**
 * Renews this process's lease on an export on a timer until `release`. A renewal only moves the
 * lease this process wrote last; when that fails, another process has taken the export over.
 */
export function holdPackLease({ id, lease }: { id: number; lease: string }) {
  let held = lease;
  let lost = false;
  let renewing: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (renewing || lost) return;
    const next = leaseFromNow();
    renewing = renewPackExportLease({ id, lease: held, next })
      .then((renewed) => {
        if (renewed) held = next;
        else lost = true;
      })
      .catch((error) => logger.warn({ err: error, packId: id }, "Could not renew the lease on a pack export; trying again"))
      .finally(() => {
        renewing = undefined;
      });
  }, LEASE_RENEW_MS);
  timer.unref();
  return {
    held: () => held,
    lost: () => lost,
    /** Stops renewing; the lease it then returns is the one to finish the export with. */
    async release() {
      clearInterval(timer);
      await renewing;
      return held;
    },
  };
}
