import type { Insertable } from "kysely";
import { db, type Executor, type PicturesTable } from "~/utils/db.server";

// A campaign's own pictures (Easy Read letters). The file is named by its SHA-256, so a row is
// looked up by it.

/** Adds a campaign's picture; nothing if the same picture is already there (returns whether it added one). */
export async function insertPicture({ picture }: { picture: Insertable<PicturesTable> }, trx: Executor = db) {
  const result = await trx.insertInto("pictures").values(picture).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The picture stored under this SHA-256 (by whichever campaign uploaded it), for serving it. */
export function getPicture({ sha256 }: { sha256: string }, trx: Executor = db) {
  return trx.selectFrom("pictures").select(["id", "campaign_id", "file", "content_type", "bytes"]).where("sha256", "=", sha256).executeTakeFirst();
}

/** Of these SHA-256s, the ones this campaign uploaded. */
export async function listCampaignPictureHashes({ campaignId, sha256s }: { campaignId: number; sha256s: string[] }, trx: Executor = db) {
  if (!sha256s.length) return [];
  const rows = await trx.selectFrom("pictures").select("sha256").where("campaign_id", "=", campaignId).where("sha256", "in", sha256s).execute();
  return rows.map((row) => row.sha256);
}

/** A campaign's pictures, newest first. */
export function listCampaignPictures({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("pictures")
    .select(["sha256", "content_type", "width", "height", "created_at"])
    .where("campaign_id", "=", campaignId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}
