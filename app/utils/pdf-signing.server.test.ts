import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pdfFile } from "../../tests/helpers/pdf";
import { selfSignedBundle } from "./pack-cert.server";
import { parseCertBundle, signPdf } from "./pdf-signing.server";

// The signature goes on whatever letter.pdf qpdf left: pdfkit's classic cross-reference table is
// read directly, and a file whose cross-references are a stream (qpdf keeps an uploaded letter's
// object streams) through qpdf. Either way poppler's pdfsig must find it valid.

const bundle = parseCertBundle(selfSignedBundle("undersigned.example", null));
const details = { name: "undersigned.example", reason: "A test", location: "Cardiff", signedAt: new Date() };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pdf-signing-"));

const pdfsig = (file: string) => execFileSync("pdfsig", [file]).toString();

describe("signing a PDF", () => {
  it("signs a file with a classic cross-reference table, and one with a cross-reference stream", async () => {
    const classic = path.join(work, "classic.pdf");
    fs.writeFileSync(classic, pdfFile("Classic"));
    const streamed = path.join(work, "streamed.pdf");
    execFileSync("qpdf", ["--object-streams=generate", classic, streamed]);
    expect(fs.readFileSync(streamed, "latin1")).toContain("/Type /XRef");
    for (const file of [classic, streamed]) {
      await signPdf(file, bundle, details);
      const report = pdfsig(file);
      expect(report).toContain("Signature is Valid.");
      expect(report).toContain("Total document signed");
      // The update is well formed: qpdf reads every object through it without a warning.
      expect(execFileSync("qpdf", ["--check", file]).toString()).toContain("No syntax or stream encoding errors found");
    }
  });
});
