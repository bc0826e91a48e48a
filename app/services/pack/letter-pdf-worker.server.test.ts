import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PackSignatory, PackSupportLetter } from "~/models/packs.server";
import { DomainError } from "~/utils/domain-error";
import type { CoverFacts } from "./letter-pdf.server";
import { LetterPdfOnItsThread } from "./letter-pdf-worker.server";

// letter.pdf drawn on a thread of its own, as an export draws it: what the calls ask for is in the
// file, in order, and what goes wrong on the thread reaches the export, a refusal with its key.

const work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-letter-pdf-thread-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const facts: CoverFacts = {
  titles: { cy: "Cyflog teg i ofalwyr", en: "Fair pay for carers" },
  exportedAt: "2026-12-01T09:00:00.000Z",
  recipients: [{ name: "Prif Weinidog Cymru", titles: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" }],
  total: 0,
  bySignerType: [],
  byLanguage: [],
  byLetterText: [],
  assisted: 0,
  byEvent: [],
  sheetScans: 0,
  supportLetters: 0,
  siteUrl: "https://undersigned.example",
};

/** Signatories as the pack reads them: Welsh and English names, one in Arabic script (set by pdfkit's own text path). */
function signatories(from: number, count: number): PackSignatory[] {
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    return {
      id,
      name: id % 7 === 3 ? `محمد خان ${id}` : `Siân Ŵyn ${id}`,
      signer_type: "individual",
      organisation: null,
      role: null,
      location: "Caernarfon",
      language: "cy",
      letter_version: 1,
      letter_variant: "standard",
      letter_sha256: "ab".repeat(32),
      verified_at: "2026-11-30T10:00:00.000Z",
      helper_name: null,
      helper_relation: null,
      source: "online",
      sheet_number: null,
      sheet_row: null,
      event_name: null,
    } as PackSignatory;
  });
}

const supportLetter = (pdfFile: string | null): PackSupportLetter =>
  ({ id: 1, author_name: "Dr Eleri Hughes", role: "Social worker", organisation: null, country: "GB", body: "I support this letter.", pdf_file: pdfFile, decided_at: "2026-11-30T10:00:00.000Z" }) as PackSupportLetter;

describe("letter.pdf on a thread of its own", () => {
  it("draws what each call asks for, in order (the letter, every signatory, a letter of support) and the cover, drawn last, first", async () => {
    const file = path.join(work, "letter.pdf");
    const pdf = new LetterPdfOnItsThread(file, { title: facts.titles.cy!, languages: ["cy", "en"] });
    pdf.letters([{ number: 1, language: "cy", variant: "standard", sha256: "ab".repeat(32), body: "Annwyl Brif Weinidog,\n\nTalwch ofalwyr yn deg." }], new Map());
    pdf.startSignatories(12_000);
    for (let from = 1; from <= 12_000; from += 3_000) {
      pdf.addSignatories(signatories(from, 3_000));
      await pdf.drained();
    }
    await pdf.supportLetter(supportLetter(null), undefined);
    await pdf.end({ ...facts, total: 12_000 });

    expect(execFileSync("pdfinfo", [file]).toString()).toMatch(/Tagged:\s+yes/);
    const text = execFileSync("pdftotext", [file, "-"]).toString();
    expect(text).toContain("Annwyl Brif Weinidog");
    // Every name in Latin script, in order (how pdftotext gives right-to-left text is its own affair).
    const found = [...text.matchAll(/Siân Ŵyn (\d+)/g)].map((m) => Number(m[1]));
    expect(found).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 1).filter((id) => id % 7 !== 3));
    expect(text.indexOf("Dr Eleri Hughes")).toBeGreaterThan(text.indexOf("Siân Ŵyn 12000"));
    // The cover is the first page, numbered on its own, and the letter's page is page 1, as printed and as labelled.
    const firstPage = execFileSync("pdftotext", ["-f", "1", "-l", "1", file, "-"]).toString();
    expect(firstPage).toContain("12,000 llofnod");
    expect(firstPage).toContain("Clawr, tudalen 1");
    expect(execFileSync("pdftotext", ["-f", "2", "-l", "2", file, "-"]).toString()).toContain("Annwyl Brif Weinidog");
    expect(execFileSync("pdftotext", ["-f", "2", "-l", "2", file, "-"]).toString()).toMatch(/Tudalen 1\b/);
    const labels = execFileSync("qpdf", ["--json", "--json-key=pagelabels", file]).toString();
    expect(JSON.parse(labels).pagelabels.map((l: { index: number; label: Record<string, unknown> }) => [l.index, l.label["/P"] ?? null])).toEqual([
      [0, "u:Clawr "],
      [1, null],
    ]);
  });

  it("hands a refusal made on the thread back with its key, and every later call fails the same way", async () => {
    const notAPdf = path.join(work, "not-a.pdf");
    fs.writeFileSync(notAPdf, "This is not a PDF at all.");
    const pdf = new LetterPdfOnItsThread(path.join(work, "refused.pdf"), { title: "Fair pay", languages: ["en"] });
    pdf.startSignatories(10);
    pdf.addSignatories(signatories(1, 10));
    const refusal = await pdf.supportLetter(supportLetter("not-a.pdf"), { file: notAPdf, pages: 1 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).key).toBe("pack.errors.appendFailed");
    await expect(pdf.end(facts)).rejects.toBe(refusal);
  });

  it("reports an error on the thread at the export's next wait", async () => {
    const pdf = new LetterPdfOnItsThread(path.join(work, "no-such-folder", "letter.pdf"), { title: "Fair pay", languages: ["en"] });
    await expect(pdf.end(facts)).rejects.toThrow(/ENOENT/);
  });
});
