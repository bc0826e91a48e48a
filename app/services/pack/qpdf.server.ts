import fs from "node:fs";
import path from "node:path";
import type { MessageKey } from "~/i18n";
import { logger } from "~/utils/logger.server";
import { conflict, type MessageValues } from "~/utils/domain-error";
import { pagesListed, type QpdfOutcome, runQpdf } from "~/utils/qpdf.server";

// qpdf (utils/qpdf.server.ts) reads the uploaded PDFs of letters of support and puts their pages
// into letter.pdf: it streams pages between files, which pdfkit cannot (it cannot import another
// PDF's pages).

/** Runs qpdf; a failure ends the export with the message from `failureKey`. */
async function qpdf(args: string[], failureKey: MessageKey, values: MessageValues = {}) {
  const outcome = await readable(runQpdf(args));
  if (outcome.status === "ok") return outcome;
  logger.warn({ qpdf: args, stderr: outcome.reason }, "qpdf failed");
  throw conflict(failureKey, values);
}

/** An export cannot go on without qpdf: that ends it with the message saying how to install it. */
async function readable(running: Promise<QpdfOutcome>) {
  const outcome = await running;
  if (outcome.status === "missing") throw conflict("pack.errors.qpdfMissing");
  return outcome;
}

/**
 * How many pages of a letter's uploaded PDF go into letter.pdf, or `undefined` if qpdf cannot read
 * it (a file stored before uploads were read by qpdf at arrival). Such a file does not stop the
 * export: the letter's page says it could not be read, and the file goes into the ZIP as stored.
 */
export async function uploadPageCount(file: string, letterId: number) {
  if (!fs.existsSync(file)) throw conflict("pack.errors.uploadMissing", { id: letterId });
  // A file with no pages makes the append fail, so it counts as unreadable too.
  const outcome = await readable(runQpdf(["--show-pages", file], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }));
  const pages = outcome.status === "ok" ? pagesListed(outcome.stdout) : 0;
  if (pages > 0) return pages;
  logger.warn(
    { letterId, file: path.basename(file), qpdf: outcome.status === "ok" ? "no pages" : outcome.reason },
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
