import fs from "node:fs";
import { insertAuditEntry } from "~/models/audit.server";
import { listPackFilesPastKeeping } from "~/models/packs.server";
import { forgetPackFile } from "~/models/retention.server";
import { getSetting, setSetting } from "~/models/settings.server";
import { db, type Executor, now } from "~/utils/db.server";
import { packFilePath } from "~/utils/pack-files.server";
import { type Actor, requireSiteAccess } from "./access.server";

// Pack retention (issue 19, point 4): a pack's ZIP is kept while it may still be wanted, the packs
// that were delivered and the newest few of each campaign (staff's setting, 3 unless changed);
// older ones are deleted by the hourly retention run (retention.server.ts, once across processes).
// The row stays with the ZIP's SHA-256 and its manifest's, as when a campaign is anonymised: the
// manifest.sig a recipient holds is checked against the site's key, so /verify-pack still says a
// copy is genuine, and the workspace shows the pack as deleted with its fingerprint. One audit
// entry per campaign per run names the packs whose file went.

export const DEFAULT_PACKS_KEPT = 3;
const KEEP_NEWEST_KEY = "packs.keep_newest";

export async function getPackRetention(trx: Executor = db) {
  const value = Number(await getSetting({ key: KEEP_NEWEST_KEY }, trx));
  return { keepNewest: Number.isInteger(value) && value >= 1 ? value : DEFAULT_PACKS_KEPT };
}

/** Staff change how many of each campaign's newest packs are kept; audited with before and after. */
export async function savePackRetention({ actor, keepNewest }: { actor: Actor; keepNewest: number }) {
  requireSiteAccess({ actor, need: "changeSettings" });
  await db.transaction().execute(async (trx) => {
    const at = now();
    const before = await getPackRetention(trx);
    await setSetting({ key: KEEP_NEWEST_KEY, value: String(keepNewest), at }, trx);
    await insertAuditEntry({ userId: actor.id, campaignId: null, action: "settings.packRetention", before, after: { keepNewest }, createdAt: at }, trx);
  });
}

/**
 * Deletes the ZIPs past keeping; returns how many. Each file goes first, then its row forgets it
 * (with the campaign's audit entry, one transaction): a run stopped in between leaves a row whose
 * file is already gone, and the next run finishes it. Called inside the retention run's lock.
 */
export async function deleteOldPackFiles(): Promise<number> {
  const { keepNewest } = await getPackRetention();
  const byCampaign = new Map<number, Awaited<ReturnType<typeof listPackFilesPastKeeping>>>();
  for (const pack of await listPackFilesPastKeeping({ keepNewest })) byCampaign.set(pack.campaign_id, [...(byCampaign.get(pack.campaign_id) ?? []), pack]);
  let deleted = 0;
  for (const [campaignId, packs] of byCampaign) {
    for (const pack of packs) await fs.promises.rm(packFilePath(pack.file!), { force: true });
    await db.transaction().execute(async (trx) => {
      const at = now();
      for (const pack of packs) await forgetPackFile({ packId: pack.id, file: pack.file!, at }, trx);
      await insertAuditEntry(
        {
          userId: null,
          campaignId,
          action: "pack.retention",
          after: { keepNewest, packs: packs.map((pack) => ({ id: pack.id, sha256: pack.sha256, manifestSha256: pack.manifest_sha256 })) },
          createdAt: at,
        },
        trx,
      );
    });
    deleted += packs.length;
  }
  return deleted;
}
