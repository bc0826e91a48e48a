import fs from "node:fs";
import { insertAuditEntry, redactPaperSettlements } from "~/models/audit.server";
import {
  anonymiseInvitations,
  anonymiseKeyedRows,
  anonymiseSignatures,
  anonymiseSupportLetters,
  deleteSignatures,
  eraseOldAddresses,
  eraseOldRecipients,
  forgetPackFile,
  forgetScanFile,
  getCampaignRetention,
  listEndedCampaigns,
  listPackFiles,
  listSheetScans,
  listSignatureIdsAfter,
  listUnconfirmedSignatureIds,
  markAnonymised,
  markRetentionStarted,
  setHold,
  setRetentionCursor,
} from "~/models/retention.server";
import { db, now } from "~/utils/db.server";
import { conflict, notFound } from "~/utils/domain-error";
import { logger } from "~/utils/logger.server";
import { packFilePath } from "~/utils/pack-files.server";
import { removeScan } from "~/utils/scans.server";
import { exclusively } from "~/utils/exclusive.server";
import { backgroundWorker } from "~/utils/worker.server";
import { type Actor, requireSiteAccess } from "./access.server";
import { deleteOldPackFiles } from "./pack-retention.server";
import { getPrivacySettings } from "./privacy-settings.server";

// Retention on a schedule: each campaign's personal data is anonymised once the retention period
// (staff's setting, in months) has passed since it closed or was delivered, unless staff hold it
// back. Its signatures go in batches of 500 in id order; each batch and the cursor after it are one
// transaction, so a run stopped anywhere resumes where it was. Then, across every campaign:
// unconfirmed signatures and IP addresses older than 30 days, and the addresses of mail sent.

export const RETENTION_BATCH_SIZE = 500;
/** Unconfirmed signatures, IP addresses and the addresses mail went to are kept this long (abuse review). */
export const SHORT_RETENTION_DAYS = 30;
const RUN_EVERY_MS = 60 * 60 * 1000;

export type CampaignRun = {
  slug: string;
  outcome: "anonymised" | "held" | "stopped" | "failed";
  signatures: number;
  keyedRows: number;
  scans: number;
  supportLetters: number;
  packs: number;
};

export type RetentionRun = {
  campaigns: CampaignRun[];
  /** Whether it stopped after `maxBatches` (or was told to stop) before the end. */
  stoppedEarly: boolean;
  unconfirmedDeleted: number;
  addressesErased: number;
  supportLetterAddressesErased: number;
  recipientsErased: number;
  /** Pack retention: ZIPs deleted of packs neither delivered nor among their campaign's newest (pack-retention.server.ts). */
  packsDeleted: number;
};

/** When the campaign's personal data is due to go: its end plus the retention period. */
export function dueDate(endedAt: string, months: number) {
  const date = new Date(endedAt);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString();
}

function monthsBefore(asOf: Date, months: number) {
  const date = new Date(asOf);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString();
}

class Stop extends Error {}

/**
 * Runs retention as of `asOf`, once across app processes: undefined when another process is
 * running it now (the worker tries again at its next round; the command line says so).
 * `maxBatches` stops it after that many batches of anonymisation (for testing and operations: the
 * next run resumes); `stopped` is the worker's shut-down.
 */
export async function runRetention(options: { asOf: Date; maxBatches?: number; stopped?: () => boolean }): Promise<RetentionRun | undefined> {
  let run: RetentionRun | undefined;
  await exclusively("retention", async () => {
    run = await retentionRun(options);
  });
  return run;
}

async function retentionRun({ asOf, maxBatches, stopped = () => false }: { asOf: Date; maxBatches?: number; stopped?: () => boolean }): Promise<RetentionRun> {
  const { retentionMonths } = await getPrivacySettings();
  const endedBefore = monthsBefore(asOf, retentionMonths);
  let batches = 0;
  const mayGoOn = () => !stopped() && (maxBatches === undefined || batches < maxBatches);
  const run: RetentionRun = { campaigns: [], stoppedEarly: false, unconfirmedDeleted: 0, addressesErased: 0, supportLetterAddressesErased: 0, recipientsErased: 0, packsDeleted: 0 };

  const due = (await listEndedCampaigns()).filter((campaign) => campaign.ended_at <= endedBefore);
  for (const campaign of due) {
    const result: CampaignRun = { slug: campaign.slug, outcome: "held", signatures: 0, keyedRows: 0, scans: 0, supportLetters: 0, packs: 0 };
    run.campaigns.push(result);
    if (campaign.held_reason !== null) continue;
    try {
      result.outcome = await anonymiseCampaign(campaign.id, result, () => {
        if (!mayGoOn()) throw new Stop();
        batches += 1;
      });
    } catch (error) {
      if (error instanceof Stop) {
        result.outcome = "stopped";
        run.stoppedEarly = true;
        return run;
      }
      result.outcome = "failed";
      logger.error({ err: error, campaign: campaign.slug }, "Retention: anonymising a campaign failed; the run goes on to the next");
    }
  }
  if (!mayGoOn()) {
    run.stoppedEarly = true;
    return run;
  }
  // Pack retention (issue 19): old pack ZIPs of every campaign, within this run's lock.
  run.packsDeleted = await deleteOldPackFiles();
  await sweep(asOf, run, stopped);
  return run;
}

/** One campaign, from its cursor to its end. `nextBatch` throws Stop when the run must stop. */
async function anonymiseCampaign(campaignId: number, result: CampaignRun, nextBatch: () => void): Promise<CampaignRun["outcome"]> {
  await markRetentionStarted({ campaignId, at: now() });
  for (;;) {
    nextBatch();
    const moved = await db.transaction().execute(async (trx) => {
      // Read inside the transaction: a hold made meanwhile, or another run's batch, is seen.
      const state = await getCampaignRetention({ campaignId }, trx);
      if (!state || state.held_reason !== null || state.anonymised_at !== null) return "held" as const;
      const ids = await listSignatureIdsAfter({ campaignId, afterId: state.cursor ?? 0, limit: RETENTION_BATCH_SIZE }, trx);
      if (!ids.length) return "done" as const;
      result.signatures += await anonymiseSignatures({ ids }, trx);
      await setRetentionCursor({ campaignId, cursor: ids[ids.length - 1] }, trx);
      return "moved" as const;
    });
    if (moved === "held") return "held";
    if (moved === "done") break;
  }

  // Scans: the file goes (it shows names and addresses), its SHA-256 and size stay.
  for (const sheet of await listSheetScans({ campaignId })) {
    await removeScan(sheet.scan_file!);
    await forgetScanFile({ sheetId: sheet.id });
    result.scans += 1;
  }
  // Old packs: the ZIP goes; the row with its hashes stays, so /verify-pack still knows a copy.
  for (const pack of await listPackFiles({ campaignId })) {
    await fs.promises.rm(packFilePath(pack.file!), { force: true });
    await forgetPackFile({ packId: pack.id, file: pack.file!, at: now() });
    result.packs += 1;
  }
  return db.transaction().execute(async (trx) => {
    const at = now();
    // Another run (the worker, the command line) may have finished it meanwhile: one audit entry.
    const state = await getCampaignRetention({ campaignId }, trx);
    if (state?.anonymised_at) return "anonymised" as const;
    result.keyedRows = await anonymiseKeyedRows({ campaignId }, trx);
    await redactPaperSettlements({ campaignId }, trx);
    result.supportLetters = await anonymiseSupportLetters({ campaignId }, trx);
    const invitations = await anonymiseInvitations({ campaignId, at }, trx);
    await markAnonymised({ campaignId, at }, trx);
    const { signatures, keyedRows, scans, supportLetters, packs } = result;
    await insertAuditEntry(
      { userId: null, campaignId, action: "privacy.anonymise", after: { signatures, keyedRows, scans, supportLetters, invitations, packs }, createdAt: at },
      trx,
    );
    return "anonymised" as const;
  });
}

/** What every campaign keeps only 30 days. */
async function sweep(asOf: Date, run: RetentionRun, stopped: () => boolean) {
  const before = new Date(asOf.getTime() - SHORT_RETENTION_DAYS * 24 * 60 * 60 * 1000).toISOString();
  while (!stopped()) {
    const deleted = await db.transaction().execute(async (trx) => {
      const ids = await listUnconfirmedSignatureIds({ before, limit: RETENTION_BATCH_SIZE }, trx);
      return deleteSignatures({ ids }, trx);
    });
    run.unconfirmedDeleted += deleted;
    if (deleted < RETENTION_BATCH_SIZE) break;
  }
  const erased = await eraseOldAddresses({ before });
  run.addressesErased = erased.signatures;
  run.supportLetterAddressesErased = erased.supportLetters;
  run.recipientsErased = await eraseOldRecipients({ before });
}

/** The Retention section of /workspace/settings: ended campaigns not yet anonymised, each with its due date and hold. */
export async function listRetention({ actor }: { actor: Actor }) {
  requireSiteAccess({ actor, need: "changeSettings" });
  const { retentionMonths } = await getPrivacySettings();
  return (await listEndedCampaigns()).map((campaign) => ({
    id: campaign.id,
    slug: campaign.slug,
    title: campaign.title,
    status: campaign.status,
    endedAt: campaign.ended_at,
    dueAt: dueDate(campaign.ended_at, retentionMonths),
    heldReason: campaign.held_reason,
    heldAt: campaign.held_at,
    started: campaign.started_at !== null,
  }));
}

async function requireEndedCampaign(campaignId: number) {
  const campaign = await getCampaignRetention({ campaignId });
  if (!campaign) throw notFound();
  if (campaign.anonymised_at !== null) throw conflict("privacySettings.errors.alreadyAnonymised");
  return campaign;
}

/** Staff hold a campaign back from anonymisation, saying why; audited. */
export async function holdCampaign({ actor, campaignId, reason }: { actor: Actor; campaignId: number; reason: string }) {
  requireSiteAccess({ actor, need: "changeSettings" });
  await requireEndedCampaign(campaignId);
  await db.transaction().execute(async (trx) => {
    const at = now();
    const before = await getCampaignRetention({ campaignId }, trx);
    await setHold({ campaignId, reason, by: actor.id, at }, trx);
    await insertAuditEntry({ userId: actor.id, campaignId, action: "privacy.hold", before: { reason: before?.held_reason ?? null }, after: { reason }, createdAt: at }, trx);
  });
}

/** Staff release a hold: the next run anonymises the campaign if it is due; audited. */
export async function releaseCampaign({ actor, campaignId }: { actor: Actor; campaignId: number }) {
  requireSiteAccess({ actor, need: "changeSettings" });
  const campaign = await requireEndedCampaign(campaignId);
  if (campaign.held_reason === null) return;
  await db.transaction().execute(async (trx) => {
    const at = now();
    await setHold({ campaignId, reason: null, by: null, at: null }, trx);
    await insertAuditEntry({ userId: actor.id, campaignId, action: "privacy.release", before: { reason: campaign.held_reason }, after: { reason: null }, createdAt: at }, trx);
  });
}

/** The background run: at start, then every hour. */
export const retentionWorker = backgroundWorker("retention", {
  recover: async () => {},
  run: async (stopped) => {
    const run = await runRetention({ asOf: new Date(), stopped });
    if (!run) return;
    const anonymised = run.campaigns.filter((c) => c.outcome === "anonymised").map((c) => c.slug);
    if (anonymised.length || run.unconfirmedDeleted || run.addressesErased || run.recipientsErased || run.packsDeleted) {
      logger.info({ anonymised, unconfirmedDeleted: run.unconfirmedDeleted, addressesErased: run.addressesErased, recipientsErased: run.recipientsErased, packsDeleted: run.packsDeleted }, "Retention run");
    }
  },
  nextRunIn: async () => RUN_EVERY_MS,
});
