import fs from "node:fs";
import path from "node:path";
import { logger } from "~/utils/logger.server";
import { conflict } from "~/utils/domain-error";
import { pagesListed, type QpdfOutcome, runQpdf } from "~/utils/qpdf.server";

// qpdf (utils/qpdf.server.ts) reads the uploaded PDFs of letters of support: how many pages each
// has, before their pages are copied into letter.pdf (import-pages.server.ts).

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
