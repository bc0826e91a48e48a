import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { MessageKey } from "~/i18n";
import { logger } from "~/utils/logger.server";
import { conflict, type MessageValues } from "~/utils/domain-error";

// qpdf reads the uploaded PDFs of letters of support and puts their pages into letter.pdf: it
// streams pages between files, which pdfkit cannot (it cannot import another PDF's pages).

const run = promisify(execFile);

/** Runs qpdf; a failure ends the export with the message from `failureKey`. */
async function qpdf(args: string[], failureKey: MessageKey, values: MessageValues = {}) {
  const result = await tryQpdf(args);
  if (result.ok) return result;
  logger.warn({ qpdf: args, stderr: result.stderr }, "qpdf failed");
  throw conflict(failureKey, values);
}

/** Runs qpdf and says how it went; only a qpdf that is not installed throws. */
async function tryQpdf(args: string[], options: { timeout?: number; maxBuffer?: number } = {}) {
  try {
    return { ok: true as const, ...(await run("qpdf", args, { maxBuffer: 1024 * 1024, killSignal: "SIGKILL", ...options })) };
  } catch (error) {
    const failure = error as { code?: string | number | null; stderr?: string; stdout?: string; killed?: boolean; message: string };
    if (failure.code === "ENOENT") throw conflict("pack.errors.qpdfMissing");
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
export async function uploadPageCount(file: string, letterId: number) {
  if (!fs.existsSync(file)) throw conflict("pack.errors.uploadMissing", { id: letterId });
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
export async function appendPages({ main, pages, splices, out }: { main: string; pages: number; splices: { afterPage: number; file: string }[]; out: string }) {
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
