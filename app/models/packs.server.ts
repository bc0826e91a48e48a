import type { ExpressionBuilder } from "kysely";
import { type DB, db, type Executor } from "~/utils/db.server";

// Signature packs: the pack_exports jobs, and the reads an export streams through. Nothing here
// selects an email address: a pack never holds one.

const packColumns = [
  "id",
  "campaign_id",
  "status",
  "progress",
  "total",
  "file",
  "bytes",
  "sha256",
  "manifest_sha256",
  "error",
  "requested_by",
  "created_at",
  "started_at",
  "finished_at",
] as const;

/**
 * Records an export: queued for the worker, or, with `lease`, already running in this process
 * under its lease (the command line), so no worker can claim it in between.
 */
export async function insertPackExport(
  {
    campaignId,
    requestedBy,
    createdAt,
    lease,
  }: { campaignId: number; requestedBy: number | null; createdAt: string; lease?: string },
  trx: Executor = db,
) {
  const row = await trx
    .insertInto("pack_exports")
    .values({
      campaign_id: campaignId,
      status: lease ? "running" : "queued",
      requested_by: requestedBy,
      created_at: createdAt,
      started_at: lease ? createdAt : null,
      lease_until: lease ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Nobody is making it: queued, or running under a lease that has lapsed (or that it never had). */
function unclaimed(eb: ExpressionBuilder<DB, "pack_exports">, now: string) {
  return eb.or([
    eb("status", "=", "queued"),
    eb.and([eb("status", "=", "running"), eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)])]),
  ]);
}

/**
 * Takes the oldest export nobody is making, under a lease until `lease`, and starts it again from
 * nothing; undefined when there is none. The guard is repeated in the update, so of two processes
 * claiming at once only one gets it.
 */
export function claimPackExport({ now, lease }: { now: string; lease: string }, trx: Executor = db) {
  return trx
    .updateTable("pack_exports")
    .set({ status: "running", progress: 0, started_at: now, lease_until: lease })
    .where("id", "=", (eb) => eb.selectFrom("pack_exports").select("id").where((eb) => unclaimed(eb, now)).orderBy("id").limit(1))
    .where((eb) => unclaimed(eb, now))
    .returning(["id"])
    .executeTakeFirst();
}

/**
 * Moves a lease on to `next`, only if it is still `lease`, the one this process holds: false when
 * it lapsed and another process took the export over. Each write below is guarded the same way.
 */
export async function renewPackExportLease({ id, lease, next }: { id: number; lease: string; next: string }, trx: Executor = db) {
  const result = await trx
    .updateTable("pack_exports")
    .set({ lease_until: next })
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("lease_until", "=", lease)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A stopping server hands its export back: queued again, from the start, for the next process. */
export async function releasePackExport({ id, lease }: { id: number; lease: string }, trx: Executor = db) {
  await trx
    .updateTable("pack_exports")
    .set({ status: "queued", progress: 0, started_at: null, lease_until: null })
    .where("id", "=", id)
    .where("lease_until", "=", lease)
    .execute();
}

/** The exports running under a lease that has not lapsed: another process may be making them now. */
export async function listLeasedPackExportIds({ now }: { now: string }, trx: Executor = db) {
  const rows = await trx.selectFrom("pack_exports").select("id").where("status", "=", "running").where("lease_until", ">=", now).execute();
  return rows.map((r) => r.id);
}

/** When the first lease on a running export lapses, unless renewed: when the worker looks again. */
export async function nextPackLeaseLapse(trx: Executor = db) {
  const row = await trx
    .selectFrom("pack_exports")
    .select((eb) => eb.fn.min("lease_until").as("at"))
    .where("status", "=", "running")
    .executeTakeFirst();
  return row?.at ?? undefined;
}

export async function setPackProgress(
  { id, lease, progress, total }: { id: number; lease: string; progress: number; total: number },
  trx: Executor = db,
) {
  await trx.updateTable("pack_exports").set({ progress, total }).where("id", "=", id).where("lease_until", "=", lease).execute();
}

/** Records the finished pack; false when the lease was lost and another process makes it now. */
export async function markPackExportDone(
  {
    id,
    lease,
    file,
    bytes,
    sha256,
    manifestSha256,
    manifestSignature,
    finishedAt,
  }: { id: number; lease: string; file: string; bytes: number; sha256: string; manifestSha256: string; manifestSignature: string; finishedAt: string },
  trx: Executor = db,
) {
  const result = await trx
    .updateTable("pack_exports")
    .set({ status: "done", file, bytes, sha256, manifest_sha256: manifestSha256, manifest_signature: manifestSignature, finished_at: finishedAt, error: null, lease_until: null })
    .where("id", "=", id)
    .where("lease_until", "=", lease)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markPackExportFailed(
  { id, lease, error, finishedAt }: { id: number; lease: string; error: string; finishedAt: string },
  trx: Executor = db,
) {
  await trx
    .updateTable("pack_exports")
    .set({ status: "failed", error, finished_at: finishedAt, lease_until: null })
    .where("id", "=", id)
    .where("lease_until", "=", lease)
    .execute();
}

export function getPackExport({ id, campaignId }: { id: number; campaignId?: number }, trx: Executor = db) {
  let query = trx.selectFrom("pack_exports").select(packColumns).where("id", "=", id);
  if (campaignId !== undefined) query = query.where("campaign_id", "=", campaignId);
  return query.executeTakeFirst();
}

export function listPackExports({ campaignId, limit }: { campaignId: number; limit: number }, trx: Executor = db) {
  return trx.selectFrom("pack_exports").select(packColumns).where("campaign_id", "=", campaignId).orderBy("id", "desc").limit(limit).execute();
}

/** The newest finished pack of a campaign: what delivery sends. */
export function getLatestPack({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("pack_exports")
    .select(packColumns)
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "done")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Whether a manifest with this SHA-256 came out of one of this site's exports. */
export async function isExportedManifest({ manifestSha256 }: { manifestSha256: string }, trx: Executor = db) {
  const row = await trx.selectFrom("pack_exports").select("id").where("manifest_sha256", "=", manifestSha256).executeTakeFirst();
  return row !== undefined;
}

export function getPackCampaign({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx.selectFrom("campaigns").select(["id", "slug", "title", "language", "languages"]).where("id", "=", campaignId).executeTakeFirst();
}

/**
 * Verified and not invalidated as of `at`: verified_at and invalidated_at are each set once, so
 * every read of one export sees the same signatories, however long it runs and whatever happens
 * meanwhile, without holding a transaction open.
 */
function verifiedAsOf(eb: ExpressionBuilder<DB, "signatures">, at: string) {
  return eb.and([
    eb("signatures.verified_at", "<=", at),
    eb.or([eb("signatures.invalidated_at", "is", null), eb("signatures.invalidated_at", ">", at)]),
  ]);
}

/**
 * How many signatures were verified as of `at`: the number the signatories' heading gives before
 * they are written, and the export's progress counts towards. The pack's other figures are
 * counted from the rows as they are written (see write-pack.server.ts).
 */
export async function countPackSignatories({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  const row = await trx
    .selectFrom("signatures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("signatures.campaign_id", "=", campaignId)
    .where((eb) => verifiedAsOf(eb, at))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of a campaign's signatories verified as of `at`, by id after `afterId`: an export reads
 * them in keyset-paged batches, so a million never sit in memory at once. Hidden names are
 * included (the pack is for the recipients); emails and IP addresses never are. The letter's
 * variant (standard or Easy Read) is the variant of the letter text they signed; who helped them
 * sign, if anyone did, goes to the recipients too; so does where they signed: online, on paper (the
 * sheet's number and the row) or at an event (its name). The language of the letter text signed
 * and the event's id are for the pack's figures.
 */
export function listPackSignatoriesAfter(
  { campaignId, at, afterId, limit }: { campaignId: number; at: string; afterId: number; limit: number },
  trx: Executor = db,
) {
  return trx
    .selectFrom("signatures")
    .innerJoin("letter_versions", "letter_versions.id", "signatures.letter_version_id")
    .innerJoin("letter_texts", "letter_texts.id", "signatures.letter_text_id")
    .leftJoin("sheets", "sheets.id", "signatures.sheet_id")
    .leftJoin("events", "events.id", "signatures.event_id")
    .select([
      "signatures.id",
      "signatures.name",
      "signatures.signer_type",
      "signatures.organisation",
      "signatures.role",
      "signatures.location",
      "signatures.language",
      "letter_versions.number as letter_version",
      "letter_texts.language as text_language",
      "letter_texts.variant as letter_variant",
      "signatures.letter_sha256",
      "signatures.verified_at",
      "signatures.helper_name",
      "signatures.helper_relation",
      "signatures.source",
      "sheets.number as sheet_number",
      "signatures.sheet_row",
      "signatures.event_id",
      "events.name as event_name",
    ])
    .where("signatures.campaign_id", "=", campaignId)
    .where("signatures.id", ">", afterId)
    .where((eb) => verifiedAsOf(eb, at))
    .orderBy("signatures.id")
    .limit(limit)
    .execute();
}

export type PackSignatory = Awaited<ReturnType<typeof listPackSignatoriesAfter>>[number];

/**
 * The letter texts of every version that signatures verified as of `at` were given, each of its
 * languages (a signer of the Welsh text signed the same letter as a signer of the English), oldest
 * version first.
 */
export function listSignedLetterTexts({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  return trx
    .selectFrom("letter_texts")
    .innerJoin("letter_versions", "letter_versions.id", "letter_texts.letter_version_id")
    .select(["letter_texts.language", "letter_texts.variant", "letter_texts.body", "letter_texts.sha256", "letter_versions.number"])
    .where("letter_versions.campaign_id", "=", campaignId)
    .where("letter_texts.body", "!=", "") // a translation a draft never got: nobody was given it
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("signatures")
          .select("signatures.id")
          .where("signatures.campaign_id", "=", campaignId)
          .whereRef("signatures.letter_version_id", "=", "letter_versions.id")
          .where((eb) => verifiedAsOf(eb, at)),
      ),
    )
    .orderBy("letter_versions.number")
    .orderBy("letter_texts.id")
    .execute();
}

/**
 * The campaign's paper sheets that have a scan and at least one signature verified as of `at`, by
 * number: the scans the pack carries. A sheet none of whose rows is in the pack stays out, and with
 * it the names on it of people who are not. So does a sheet with a row its signer withdrew: a scan
 * cannot be redacted, and no pack may carry a withdrawn signature (issue 15).
 */
export function listPackSheetScans({ campaignId, at }: { campaignId: number; at: string }, trx: Executor = db) {
  return trx
    .selectFrom("sheets")
    .select(["sheets.id", "sheets.number", "sheets.scan_file", "sheets.scan_type", "sheets.scan_sha256", "sheets.scan_bytes"])
    .where("sheets.campaign_id", "=", campaignId)
    .where("sheets.scan_file", "is not", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("signatures")
          .select("signatures.id")
          .where("signatures.campaign_id", "=", campaignId)
          .where("signatures.source", "=", "paper")
          .whereRef("signatures.sheet_id", "=", "sheets.id")
          .where((eb) => verifiedAsOf(eb, at)),
      ),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("sheet_rows").select("sheet_rows.row").whereRef("sheet_rows.sheet_id", "=", "sheets.id").where("sheet_rows.status", "=", "withdrawn"))),
    )
    .orderBy("sheets.number")
    .execute();
}

export type PackSheetScan = Awaited<ReturnType<typeof listPackSheetScans>>[number];

/** Approved letters of support, oldest first, without their authors' email addresses. */
export function listApprovedSupportLetters({ campaignId }: { campaignId: number }, trx: Executor = db) {
  return trx
    .selectFrom("support_letters")
    .select(["id", "author_name", "role", "organisation", "country", "body", "pdf_file", "decided_at"])
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "approved")
    .orderBy("id")
    .execute();
}

export type PackSupportLetter = Awaited<ReturnType<typeof listApprovedSupportLetters>>[number];

/**
 * Pack retention (issue 19): finished packs whose ZIP is still on disk and that may go. A pack any
 * delivery names is kept (it is what the recipients were sent, and its link may still be used),
 * and so are the `keepNewest` newest finished packs of each campaign. Oldest first, by campaign.
 */
export function listPackFilesPastKeeping({ keepNewest }: { keepNewest: number }, trx: Executor = db) {
  return trx
    .selectFrom("pack_exports as pack")
    .select(["pack.id", "pack.campaign_id", "pack.file", "pack.sha256", "pack.manifest_sha256"])
    .where("pack.status", "=", "done")
    .where("pack.file", "is not", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("deliveries").select("deliveries.id").whereRef("deliveries.pack_export_id", "=", "pack.id"))))
    .where(
      (eb) =>
        eb
          .selectFrom("pack_exports as newer")
          .select((eb) => eb.fn.countAll().as("n"))
          .whereRef("newer.campaign_id", "=", "pack.campaign_id")
          .where("newer.status", "=", "done")
          .whereRef("newer.id", ">", "pack.id"),
      ">=",
      keepNewest,
    )
    .orderBy("pack.campaign_id")
    .orderBy("pack.id")
    .execute();
}
