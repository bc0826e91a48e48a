import { execFile } from "node:child_process";
import { promisify } from "node:util";

// qpdf (Debian's package) reads PDFs for two doors: an upload is read when it arrives, and the
// signature pack puts uploaded letters' pages into letter.pdf. One way to run it, for both.

const run = promisify(execFile);

export type QpdfOutcome = { status: "ok"; stdout: string } | { status: "failed"; reason: string } | { status: "missing" };

/**
 * Runs qpdf and says how it went. Exit status 3 means it read the file with warnings (a
 * cross-reference table it rebuilt, say): that counts as read. "missing": qpdf is not installed.
 */
export async function runQpdf(args: string[], { timeout, maxBuffer = 1024 * 1024 }: { timeout?: number; maxBuffer?: number } = {}): Promise<QpdfOutcome> {
  try {
    return { status: "ok", stdout: (await run("qpdf", args, { timeout, maxBuffer, killSignal: "SIGKILL" })).stdout };
  } catch (error) {
    const failure = error as { code?: string | number | null; stdout?: string; stderr?: string; killed?: boolean; message: string };
    if (failure.code === "ENOENT") return { status: "missing" };
    if (failure.code === 3) return { status: "ok", stdout: failure.stdout ?? "" };
    const reason =
      failure.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER" ? "qpdf's output passed its limit"
      : failure.killed ? `qpdf took longer than ${(timeout ?? 0) / 1000} s`
      : (failure.stderr || failure.message).slice(-2000);
    return { status: "failed", reason };
  }
}

/**
 * The pages `qpdf --show-pages` listed: the ones it finds by walking the page tree, which is what
 * "1-z" appends (--show-npages would only repeat the /Count the file claims).
 */
export const pagesListed = (stdout: string) => (stdout.match(/^page \d+: /gm) ?? []).length;
