import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import yazl from "yazl";
import { getT } from "~/i18n";
import { insertAuditEntry } from "~/models/audit.server";
import { getWorkspaceCampaign, listRecipients } from "~/models/campaigns.server";
import {
  claimPackExport,
  countPackSignatures,
  getPackCampaign,
  getPackExport,
  insertPackExport,
  listApprovedSupportLetters,
  listLeasedPackExportIds,
  listPackExports,
  listPackSignatoriesAfter,
  listSignedLetterTexts,
  markPackExportDone,
  markPackExportFailed,
  nextPackLeaseLapse,
  releasePackExport,
  renewPackExportLease,
  setPackProgress,
} from "~/models/packs.server";
import type { SessionUser } from "~/models/users.server";
import { db, now, type SignerType } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { packSigningKey, signManifest } from "~/utils/pack-key.server";
import { uploadPath } from "~/utils/uploads.server";
import { backgroundWorker } from "~/utils/worker.server";
import { requireCampaignForUser } from "./campaign-editing.server";
import { copyHashed, csvLine, HashingStream, HashingWriter, hashFile, type PackFile, SIGNATORY_COLUMNS, signatoryRecord, supportLetterFileStem } from "./pack/files.server";
import { LetterPdf } from "./pack/letter-pdf.server";
import { buildManifest, MANIFEST_FORMAT } from "./pack/manifest.server";
import { countryName } from "./support-letters.server";
import { isStaff } from "./workspace.server";

// The signature pack: the letter, every verified signatory and every approved letter of support,
// in a ZIP whose manifest.json lists each file's SHA-256 and is signed with the site's Ed25519 key.
// Staff start it in the workspace (a background job in the server process) or from the command
// line. It streams: signatories are read in keyset-paged batches and written to letter.pdf,
// signatures.csv and signatures.json as they come, so memory stays flat for a million.
//
// Whoever makes an export, the server's worker or the command line, holds a lease on it and renews
// it as it works: an export is made by one process at a time, and one whose process died is taken
// over by the worker once its lease lapses. Its files are written in a temporary folder named after
// it, removed when it ends; what a killed process left behind is removed at start and at takeover.

const BATCH = 5_000;
const run = promisify(execFile);
/** How long a lease holds, and how often its holder renews it (through every step, long or short). */
const LEASE_MS = 60_000;
const LEASE_RENEW_MS = 10_000;
/** The worker looks again this long after a lease it saw should lapse... */
const LEASE_GRACE_MS = 1_000;
/** ...and at least this often, for exports begun by the command line after it last looked. */
const POLL_MS = LEASE_MS;

/** An export that cannot be made; its message (from `key`) is stored and shown to staff. */
export class PackExportError extends Error {
  constructor(key: string, values: Record<string, unknown> = {}) {
    super(getT()(key, values));
  }
}

/** The export stopped because the server is stopping: it is handed back to the queue for the next start. */
class PackExportStopped extends Error {}

/** This process lost its lease (it stalled past it) and another took the export over. */
class PackLeaseLost extends Error {}

const leaseFromNow = () => new Date(Date.now() + LEASE_MS).toISOString();

/**
 * Renews this process's lease on an export on a timer until `release`. A renewal only moves the
 * lease this process wrote last; when that fails, another process has taken the export over.
 */
function holdPackLease({ id, lease }: { id: number; lease: string }) {
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

/** A pack's ZIP on disk; `file` is a generated name, never a path anyone typed. */
export function packFilePath(file: string) {
  if (!/^[\w-]+\.zip$/.test(file)) throw new Error(`Not a pack file name: ${file}`);
  return path.join(env.PACKS_DIR, file);
}

/** The campaign, if this person may export its pack: staff only (its own team gets 403, others 404). */
export async function requirePackCampaign({ user, slug }: { user: SessionUser; slug: string }) {
  const campaign = await requireCampaignForUser({ user, slug });
  if (!isStaff(user)) throw new Response("Only staff can export a signature pack.", { status: 403 });
  return campaign;
}

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

/** The pack page: the campaign and its latest exports. */
export async function getPackPage({ user, slug }: { user: SessionUser; slug: string }) {
  const campaign = await requirePackCampaign({ user, slug });
  return { campaign, exports: await listPackExports({ campaignId: campaign.id, limit: 10 }) };
}

/** One export of this campaign, for its progress or its download; 404 if it is another campaign's. */
export async function getPackExportForUser({ user, slug, id }: { user: SessionUser; slug: string; id: number }) {
  const campaign = await requirePackCampaign({ user, slug });
  const pack = await getPackExport({ id, campaignId: campaign.id });
  if (!pack) throw new Response("Pack not found", { status: 404 });
  return { campaign, pack };
}

/** `npm run cli -- pack:export`: made now, in this process, with progress reported as it goes. */
export async function exportPackNow({ slug, onProgress }: { slug: string; onProgress: (done: number, total: number) => void }) {
  const campaign = await getWorkspaceCampaign({ slug });
  if (!campaign) throw new PackExportError("pack.errors.noCampaign", { slug });
  const lease = leaseFromNow();
  const id = await queuePackExport({ campaignId: campaign.id, userId: null, lease });
  await runPackExport({ id, lease, onProgress });
  const pack = await getPackExport({ id });
  if (pack?.status === "running") throw new PackExportError("pack.errors.takenOver");
  if (pack?.status !== "done" || !pack.file) throw new PackExportError("pack.failed", { error: pack?.error });
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
      const message = error instanceof PackExportError ? error.message : getT()("pack.errors.unexpected");
      await markPackExportFailed({ id, lease: held, error: message, finishedAt: now() });
    }
  } finally {
    await lease.release();
  }
}

async function writePack({
  packId,
  campaign,
  onProgress,
}: {
  packId: number;
  campaign: { id: number; slug: string; title: string };
  onProgress: (done: number, total: number) => Promise<void>;
}) {
  const at = now();
  const campaignId = campaign.id;
  const [recipients, counts, texts, supportLetters] = await Promise.all([
    listRecipients({ campaignId }),
    countPackSignatures({ campaignId, at }),
    listSignedLetterTexts({ campaignId, at }),
    listApprovedSupportLetters({ campaignId }),
  ]);
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const bySignerType = sumBy(counts, (c) => c.signerType);
  const byLetterVersion = [...sumBy(counts, (c) => `${c.number} ${c.sha256}`)]
    .map(([key, count]) => ({ number: Number(key.split(" ")[0]), sha256: key.split(" ")[1], count }))
    .sort((a, b) => a.number - b.number);

  fs.mkdirSync(env.PACKS_DIR, { recursive: true });
  const dir = fs.mkdtempSync(path.join(env.PACKS_DIR, `.export-${packId}-`));
  const inDir = (name: string) => path.join(dir, name);
  try {
    const uploads = new Map<number, number | undefined>();
    for (const letter of supportLetters) if (letter.pdf_file) uploads.set(letter.id, await uploadPageCount(uploadPath(letter.pdf_file), letter.id));

    await onProgress(0, total);
    const pdf = new LetterPdf(inDir("letter-body.pdf"), { title: campaign.title });
    pdf.cover({
      title: campaign.title,
      exportedAt: at,
      recipients,
      total,
      bySignerType: [...bySignerType].map(([signerType, count]) => ({ signerType: signerType as SignerType, count })),
      byLetterVersion,
      supportLetters: supportLetters.length,
      checkUrl: `${env.PUBLIC_URL}/verify-pack`,
    });
    pdf.letters(texts);
    pdf.startSignatories(total);

    const csv = new HashingWriter(inDir("signatures.csv"), "signatures.csv");
    const json = new HashingWriter(inDir("signatures.json"), "signatures.json");
    await csv.write(csvLine([...SIGNATORY_COLUMNS]));
    await json.write("[");
    let written = 0;
    for (let afterId = 0; ; ) {
      const rows = await listPackSignatoriesAfter({ campaignId, at, afterId, limit: BATCH });
      if (!rows.length) break;
      pdf.addSignatories(rows);
      const records = rows.map(signatoryRecord);
      await csv.write(records.map((r) => csvLine(Object.values(r))).join(""));
      await json.write(records.map((r, i) => `${written + i ? "," : ""}\n${JSON.stringify(r)}`).join(""));
      await pdf.drained();
      written += rows.length;
      afterId = rows[rows.length - 1].id;
      await onProgress(written, total);
    }
    await json.write("\n]\n");

    const files: PackFile[] = [];
    const splices: { afterPage: number; file: string }[] = [];
    const supportFiles: PackFile[] = [];
    for (const letter of supportLetters) {
      const stem = `support-letters/${supportLetterFileStem(letter.id, letter.author_name)}`;
      fs.mkdirSync(inDir("support-letters"), { recursive: true });
      const pages = uploads.get(letter.id);
      pdf.supportLetter(letter, !letter.pdf_file ? undefined : pages ? { pages } : { unreadable: `${stem}.pdf` });
      if (letter.body) {
        const md = new HashingWriter(inDir(`${stem}.md`), `${stem}.md`);
        await md.write(supportLetterMarkdown(letter));
        supportFiles.push(await md.end());
      }
      if (letter.pdf_file) {
        if (pages) splices.push({ afterPage: pdf.pageCount, file: uploadPath(letter.pdf_file) });
        // Kept as it was stored even when qpdf cannot read it: it is what was sent, and another reader may open it.
        supportFiles.push(await copyHashed(uploadPath(letter.pdf_file), inDir(`${stem}.pdf`), `${stem}.pdf`));
      }
    }
    await pdf.end();
    await appendPages({ main: inDir("letter-body.pdf"), pages: pdf.pageCount, splices, out: inDir("letter.pdf") });

    const key = packSigningKey();
    fs.writeFileSync(inDir("public-key.pem"), key.publicPem);
    files.push(await hashFile(inDir("letter.pdf"), "letter.pdf"), await csv.end(), await json.end(), ...supportFiles);
    files.push(await hashFile(inDir("public-key.pem"), "public-key.pem"));

    const manifest = buildManifest({
      format: MANIFEST_FORMAT,
      campaign: { slug: campaign.slug, title: campaign.title, recipients: recipients.map(({ name, title, role }) => ({ name, title, role })) },
      exportedAt: at,
      counts: {
        signatures: total,
        bySignerType: Object.fromEntries(bySignerType),
        byLetterVersion: byLetterVersion.map((v) => ({ version: v.number, sha256: v.sha256, signatures: v.count })),
        supportLetters: supportLetters.length,
      },
      letterVersions: texts.map((t) => ({ version: t.number, language: t.language, variant: t.variant, sha256: t.sha256 })),
      files,
    });
    const zip = await writeZip({ dir, files, manifest, signature: signManifest(manifest), name: `pack-${packId}-${crypto.randomBytes(8).toString("hex")}.zip` });
    return { ...zip, manifestSha256: crypto.createHash("sha256").update(manifest).digest("hex") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sumBy<T extends { count: number }>(rows: T[], key: (row: T) => string) {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + row.count);
  return sums;
}

function supportLetterMarkdown(letter: { author_name: string; role: string | null; organisation: string | null; country: string; body: string | null }) {
  const header = [
    `Author: ${letter.author_name}`,
    letter.role ? `Role: ${letter.role}` : undefined,
    letter.organisation ? `Organisation: ${letter.organisation}` : undefined,
    `Country: ${countryName(letter.country)} (${letter.country})`,
  ].filter(Boolean);
  return `${header.join("\n")}\n\n---\n\n${letter.body ?? ""}\n`;
}

/** Runs qpdf, which streams pages between files (pdfkit cannot import another PDF's pages). */
async function qpdf(args: string[], failureKey: string, values: Record<string, unknown> = {}) {
  const result = await tryQpdf(args);
  if (result.ok) return result;
  logger.warn({ qpdf: args, stderr: result.stderr }, "qpdf failed");
  throw new PackExportError(failureKey, values);
}

/** Runs qpdf and says how it went; only a qpdf that is not installed throws. */
async function tryQpdf(args: string[], options: { timeout?: number; maxBuffer?: number } = {}) {
  try {
    return { ok: true as const, ...(await run("qpdf", args, { maxBuffer: 1024 * 1024, killSignal: "SIGKILL", ...options })) };
  } catch (error) {
    const failure = error as { code?: string | number | null; stderr?: string; stdout?: string; killed?: boolean; message: string };
    if (failure.code === "ENOENT") throw new PackExportError("pack.errors.qpdfMissing");
    // Exit status 3: qpdf repaired something and warned; the result is good.
    if (failure.code === 3) return { ok: true as const, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
    return { ok: false as const, stderr: failure.killed ? failure.message : (failure.stderr || failure.message).slice(-2000) };
  }
}

/**
 * How many pages of a letter's uploaded PDF go into letter.pdf, or `undefined` if qpdf cannot read
 * it (a file stored before uploads were read by qpdf at arrival). Such a file does not stop the
 * export: the letter's page says it could not be read, and the file goes into the ZIP as stored.
 */
async function uploadPageCount(file: string, letterId: number) {
  if (!fs.existsSync(file)) throw new PackExportError("pack.errors.uploadMissing", { id: letterId });
  // The pages qpdf finds in the page tree, which "1-z" appends; --show-npages would repeat the
  // /Count the file claims, and a file with none makes the append fail.
  const result = await tryQpdf(["--show-pages", file], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  const pages = result.ok ? (result.stdout.match(/^page \d+: /gm) ?? []).length : 0;
  if (pages > 0) return pages;
  logger.warn(
    { letterId, file: path.basename(file), qpdf: result.ok ? "no pages" : result.stderr },
    "The uploaded PDF of a letter of support cannot be read: the pack says so in its place",
  );
  return undefined;
}

/** letter.pdf: the written pages, with each uploaded letter's pages put in after its own section. */
async function appendPages({ main, pages, splices, out }: { main: string; pages: number; splices: { afterPage: number; file: string }[]; out: string }) {
  if (!splices.length) {
    fs.renameSync(main, out);
    return;
  }
  const selection: string[] = [];
  let from = 1;
  for (const { afterPage, file } of splices) {
    if (afterPage >= from) selection.push(main, `${from}-${afterPage}`);
    selection.push(file, "1-z");
    from = afterPage + 1;
  }
  if (from <= pages) selection.push(main, `${from}-z`);
  await qpdf(["--empty", "--pages", ...selection, "--", out], "pack.errors.appendFailed");
}

async function writeZip({ dir, files, manifest, signature, name }: { dir: string; files: PackFile[]; manifest: Buffer; signature: Buffer; name: string }) {
  const zip = new yazl.ZipFile();
  // PDFs are compressed inside already; deflating them again costs time and saves nothing.
  const mode = 0o100644;
  for (const file of files) zip.addFile(path.join(dir, file.path), file.path, { compress: !file.path.endsWith(".pdf"), mode });
  zip.addBuffer(manifest, "manifest.json", { mode });
  zip.addBuffer(signature, "manifest.sig", { compress: false, mode });
  zip.end();
  const hashing = new HashingStream();
  const partial = packFilePath(name).replace(/\.zip$/, ".partial");
  try {
    await pipeline(zip.outputStream, hashing, fs.createWriteStream(partial));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.renameSync(partial, packFilePath(name));
  return { file: name, bytes: hashing.bytes, sha256: hashing.sha256() };
}

/**
 * What an export writes while it runs: its temporary folder and its partial ZIP, named after it.
 * (`.export-XXXXXX` without an id is what exports left before their folders were named.)
 */
const EXPORT_FILES = /^(?:\.export-(?:(\d+)-)?\w+|pack-(\d+)-\w+\.partial)$/;

/**
 * Removes the temporary folders and partial ZIPs of every export that is not running under a live
 * lease: finished, failed, or left by a process that was killed. A live export's files (the
 * command line's, say) stay; so do finished packs. `taking` is the export this worker has just
 * claimed: its lease is live, but the files under its id are from the attempt that died.
 */
async function removePackLeftovers({ taking }: { taking?: number } = {}) {
  // The folder is read before the leases: an export's lease is written before its files, so a
  // file seen here whose export has just started already has its lease in the next read.
  const found = (fs.existsSync(env.PACKS_DIR) ? fs.readdirSync(env.PACKS_DIR) : [])
    .map((name) => ({ name, match: EXPORT_FILES.exec(name) }))
    .filter((f) => f.match);
  if (!found.length) return;
  const live = new Set(await listLeasedPackExportIds({ now: now() }));
  if (taking !== undefined) live.delete(taking);
  const removed = found.filter(({ match }) => !live.has(Number(match![1] ?? match![2]))).map((f) => f.name);
  await Promise.all(removed.map((name) => fs.promises.rm(path.join(env.PACKS_DIR, name), { recursive: true, force: true })));
  if (removed.length) logger.warn({ removed }, "Removed files left by pack exports that were interrupted");
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
