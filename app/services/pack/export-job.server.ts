import fs from "node:fs";
import { getT } from "~/i18n";
import { insertAuditEntry } from "~/models/audit.server";
import {
  claimPackExport,
  getPackCampaign,
  getPackExport,
  insertPackExport,
  markPackExportDone,
  markPackExportFailed,
  nextPackLeaseLapse,
  releasePackExport,
  setPackProgress,
} from "~/models/packs.server";
import type { SessionUser } from "~/models/users.server";
import { db, now } from "~/utils/db.server";
import { conflict, DomainError } from "~/utils/domain-error";
import { logger } from "~/utils/logger.server";
import { packFilePath } from "~/utils/pack-files.server";
import { backgroundWorker } from "~/utils/worker.server";
import { commandLine, requireCampaignAccess } from "../access.server";
import { requirePackCampaign } from "./exports.server";
import { holdPackLease, LEASE_MS, leaseFromNow, PackLeaseLost } from "./lease.server";
import { removePackLeftovers } from "./leftovers.server";
import { writePack } from "./write-pack.server";

// The export job: staff start it in the workspace (a background job in the server process) or from
// the command line. Either way the export is queued, made under a lease (`lease.server.ts`) by one
// process at a time, and recorded as done or failed; one whose process died is taken over by the
// worker once its lease lapses.

/** The worker looks again this long after a lease it saw should lapse... */
const LEASE_GRACE_MS = 1_000;
/** ...and at least this often, for exports begun by the command line after it last looked. */
const POLL_MS = LEASE_MS;

/** The export stopped because the server is stopping: it is handed back to the queue for the next start. */
class PackExportStopped extends Error {}

async function queuePackExport({ campaignId, userId, lease }: { campaignId: number; userId: number | null; lease?: string }) {
  return db.transaction().execute(async (trx) => {
    const at = now();
    const id = await insertPackExport({ campaignId, requestedBy: userId, createdAt: at, lease }, trx);
    await insertAuditEntry({ userId, campaignId, action: "pack.export", after: { packId: id }, createdAt: at }, trx);
    return id;
  });
}

/** Staff ask for a pack in the workspace: queued, audited, and made by the worker. */
export async function requestPackExport({ user, slug }: { user: SessionUser; slug: string }) {
  const campaign = await requirePackCampaign({ user, slug });
  const id = await queuePackExport({ campaignId: campaign.id, userId: user.id });
  packWorker.wake();
  return id;
}

/** `npm run cli -- pack:export`: made now, in this process, with progress reported as it goes. */
export async function exportPackNow({ slug, onProgress }: { slug: string; onProgress: (done: number, total: number) => void }) {
  // The command line goes through the access policy too, as an administrator with a shell would.
  const { campaign } = await requireCampaignAccess({ actor: commandLine, slug, need: "export" }).catch((error) => {
    throw error instanceof DomainError && error.status === 404 ? conflict("pack.errors.noCampaign", { slug }) : error;
  });
  const lease = leaseFromNow();
  const id = await queuePackExport({ campaignId: campaign.id, userId: null, lease });
  await runPackExport({ id, lease, onProgress });
  const pack = await getPackExport({ id });
  if (pack?.status === "running") throw conflict("pack.errors.takenOver");
  if (pack?.status !== "done" || !pack.file) throw conflict("pack.failed", { error: pack?.error ?? "" });
  return { ...pack, file: pack.file };
}

/** Makes one export this process holds the lease on, renewing it throughout, and records how it ended. */
async function runPackExport({
  id,
  lease: claimed,
  onProgress,
  stopping = () => false,
}: {
  id: number;
  lease: string;
  onProgress?: (done: number, total: number) => void;
  stopping?: () => boolean;
}) {
  const pack = await getPackExport({ id });
  const campaign = pack && (await getPackCampaign({ campaignId: pack.campaign_id }));
  if (!pack || !campaign) return;
  const lease = holdPackLease({ id, lease: claimed });
  try {
    const made = await writePack({
      packId: id,
      campaign,
      onProgress: async (done, total) => {
        if (lease.lost()) throw new PackLeaseLost();
        await setPackProgress({ id, lease: lease.held(), progress: done, total });
        onProgress?.(done, total);
        if (stopping()) throw new PackExportStopped();
      },
    });
    if (!(await markPackExportDone({ id, lease: await lease.release(), ...made, finishedAt: now() }))) {
      fs.rmSync(packFilePath(made.file), { force: true });
      throw new PackLeaseLost();
    }
    logger.info({ packId: id, slug: campaign.slug, bytes: made.bytes }, "Signature pack exported");
  } catch (error) {
    const held = await lease.release();
    if (error instanceof PackExportStopped) {
      await releasePackExport({ id, lease: held });
      logger.info({ packId: id }, "Signature pack export handed back for the next start");
    } else if (error instanceof PackLeaseLost) {
      logger.warn({ packId: id }, "Signature pack export taken over by another process; this one stops");
    } else {
      logger.error({ err: error, packId: id }, "Signature pack export failed");
      const message = error instanceof DomainError ? getT()(error.key, error.values) : getT()("pack.errors.unexpected");
      await markPackExportFailed({ id, lease: held, error: message, finishedAt: now() });
    }
  } finally {
    await lease.release();
  }
}

/**
 * The worker: makes exports one at a time in the server process, the queued ones and any whose
 * process died (its lease lapsed). Stopping ends the export in hand between two batches and hands
 * it back to the queue. It looks again when a lease it saw should lapse, and every minute besides.
 */
export const packWorker = backgroundWorker("pack-worker", {
  recover: () => removePackLeftovers(),
  async run(stopped) {
    while (!stopped()) {
      const lease = leaseFromNow();
      const job = await claimPackExport({ now: now(), lease });
      if (!job) return;
      logger.info({ packId: job.id }, "Signature pack export started");
      await removePackLeftovers({ taking: job.id });
      await runPackExport({ id: job.id, lease, stopping: stopped });
    }
  },
  async nextRunIn() {
    const lapse = await nextPackLeaseLapse();
    return lapse ? Math.max(0, Math.min(POLL_MS, Date.parse(lapse) - Date.now() + LEASE_GRACE_MS)) : POLL_MS;
  },
});
