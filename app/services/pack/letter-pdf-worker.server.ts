import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isMainThread, type MessagePort, parentPort, Worker, workerData } from "node:worker_threads";
import type { UiLanguage } from "~/i18n";
import type { PackSignatory, PackSupportLetter } from "~/models/packs.server";
import { DomainError } from "~/utils/domain-error";
import { type CoverFacts, LetterPdf, type Picture, type SignedText, type SupportLetterUpload, type TableSignatory } from "./letter-pdf.server";

// letter.pdf is drawn on a thread of its own while the export's own thread reads the signatories
// and writes the CSV and the JSON: on two cores, a large export takes the time of the longer of
// the two, not of both (drawing is about half of it). The thread runs this very module (the
// server's bundle, the CLI's, or this file under tsx), which, started as the drawing thread,
// serves the calls below in order; each answers when done, so an error (a DomainError keeps its
// key and values) reaches the export where it made the call.

type Call =
  | { method: "open"; file: string; title: string; languages: UiLanguage[] }
  | { method: "letters"; texts: SignedText[]; pictures: [string, Picture][] }
  | { method: "startSignatories"; total: number }
  | { method: "addSignatories"; rows: TableSignatory[] }
  | { method: "supportLetter"; letter: PackSupportLetter; upload: SupportLetterUpload | undefined }
  | { method: "end"; cover: CoverFacts };

type Answer = { ok: true } | { ok: false; domain?: { key: DomainError["key"]; values: DomainError["values"]; status: DomainError["status"] }; message: string; stack?: string };

const ROLE = "undersigned:letter-pdf";
/** Batches of signatories handed over and not yet drawn: enough to keep both threads busy, few enough to keep memory flat. */
const AHEAD = 2;

/** LetterPdf's calls, made on the drawing thread. `drained()` resolves once it is at most `AHEAD` batches behind. */
export class LetterPdfOnItsThread {
  private readonly worker: Worker;
  /** What each call sent and not yet answered waits for, oldest first. */
  private readonly answers: (() => void)[] = [];
  private readonly pending: Promise<void>[] = [];
  private failed: Error | undefined;
  private stopped = false;

  constructor(file: string, options: { title: string; languages: UiLanguage[] }) {
    const url = new URL(import.meta.url);
    // This file as a .ts module (under tsx or Vite's dev server) is imported through tsx's API: Node 20
    // applies no loader given by --import to a thread's own modules.
    const code = url.pathname.endsWith(".ts")
      ? `import(${JSON.stringify(tsxImportApi())}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`
      : `import(${JSON.stringify(url.href)})`;
    this.worker = new Worker(code, {
      eval: true,
      workerData: { role: ROLE },
      // The thread's heap has a cap of its own, as the server's has (`npm start`): garbage is collected in time.
      resourceLimits: { maxOldGenerationSizeMb: 200 },
    });
    this.worker.on("message", (answer: Answer) => {
      if (answer.ok) this.answers.shift()?.();
      else this.fail(answer.domain ? new DomainError(answer.domain.key, answer.domain.values, answer.domain.status) : Object.assign(new Error(answer.message), { stack: answer.stack }));
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      if (!this.stopped) this.fail(new Error(`letter.pdf's drawing thread stopped (exit code ${code})`));
    });
    this.send({ method: "open", file, ...options });
  }

  letters(texts: SignedText[], pictures: ReadonlyMap<string, Picture>) {
    this.send({ method: "letters", texts, pictures: [...pictures] });
  }

  startSignatories(total: number) {
    this.send({ method: "startSignatories", total });
  }

  /** Only what the table shows crosses to the thread: the rest (a SHA-256 a row among it) would be copied for nothing. */
  addSignatories(rows: PackSignatory[]) {
    this.send({
      method: "addSignatories",
      rows: rows.map((r) => ({
        name: r.name,
        signer_type: r.signer_type,
        role: r.role,
        organisation: r.organisation,
        location: r.location,
        verified_at: r.verified_at,
        helper_name: r.helper_name,
        helper_relation: r.helper_relation,
        source: r.source,
        sheet_number: r.sheet_number,
        sheet_row: r.sheet_row,
        event_name: r.event_name,
      })),
    });
  }

  /** Resolves once the drawing is at most `AHEAD` batches behind; rejects if it failed. */
  async drained() {
    while (this.pending.length > AHEAD && !this.failed) await this.pending[0];
    if (this.failed) throw this.failed;
  }

  async supportLetter(letter: PackSupportLetter, upload: SupportLetterUpload | undefined) {
    this.send({ method: "supportLetter", letter, upload });
    await this.settled();
  }

  /** letter.pdf is complete, its cover drawn last and put first, and the thread ended. */
  async end(cover: CoverFacts) {
    this.send({ method: "end", cover });
    await this.settled();
    await this.stop();
  }

  /** Ends the thread, whatever it was doing (an export that stops calls this too). */
  async stop() {
    this.stopped = true;
    await this.worker.terminate();
  }

  /** Every call so far answered; rejects if one failed. */
  private async settled() {
    while (this.pending.length && !this.failed) await this.pending[0];
    if (this.failed) throw this.failed;
  }

  private send(call: Call) {
    if (this.failed) return;
    const answered = new Promise<void>((resolve) => {
      this.answers.push(() => {
        this.pending.splice(this.pending.indexOf(answered), 1);
        resolve();
      });
    });
    this.pending.push(answered);
    this.worker.postMessage(call);
  }

  private fail(error: Error) {
    this.failed ??= error;
    for (const answer of this.answers.splice(0)) answer();
  }
}

/** Where tsx's `tsImport` is (its ES module, as its package names it): under vitest, import.meta.resolve is not there to ask. */
function tsxImportApi() {
  const require = createRequire(import.meta.url);
  const manifest = require("tsx/package.json") as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(require.resolve("tsx/package.json")), manifest.exports["./esm/api"].import.default)).href;
}

/** The drawing thread: each call in turn, answered when done; after a failure, every later call fails the same way. */
function serve(port: MessagePort) {
  let pdf: LetterPdf | undefined;
  let failure: Answer | undefined;
  let queue = Promise.resolve();
  port.on("message", (call: Call) => {
    queue = queue.then(async () => {
      if (!failure) {
        try {
          await perform(call);
        } catch (error) {
          failure =
            error instanceof DomainError
              ? { ok: false, domain: { key: error.key, values: error.values, status: error.status }, message: error.message }
              : { ok: false, message: (error as Error).message ?? String(error), stack: (error as Error).stack };
        }
      }
      port.postMessage(failure ?? { ok: true });
    });
  });

  async function perform(call: Call) {
    if (call.method === "open") {
      pdf = new LetterPdf(call.file, { title: call.title, languages: call.languages });
      return;
    }
    if (!pdf) throw new Error("letter.pdf was not opened");
    switch (call.method) {
      case "letters":
        // A Buffer crosses threads as a Uint8Array; pdfkit knows images by Buffer.
        return pdf.letters(call.texts, new Map(call.pictures.map(([ref, picture]) => [ref, { ...picture, data: Buffer.from(picture.data.buffer, picture.data.byteOffset, picture.data.byteLength) }])));
      case "startSignatories":
        return pdf.startSignatories(call.total);
      case "addSignatories":
        pdf.addSignatories(call.rows);
        return pdf.drained();
      case "supportLetter":
        return pdf.supportLetter(call.letter, call.upload);
      case "end":
        return pdf.end(call.cover);
    }
  }
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) serve(parentPort);
