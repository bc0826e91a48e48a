// PDF files for tests, built in code: a minimal valid PDF, and the bad files a form must refuse.

/**
 * A minimal valid one-page PDF showing `text`, with a correct cross-reference table. `padTo` makes
 * it at least that many bytes, with a comment line after the header, so it stays a valid PDF.
 */
export function pdfFile(text = "A letter of support", { padTo = 0 } = {}) {
  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 18 Tf 72 720 Td (${escaped}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const build = (padding: number) => {
    let body = `%PDF-1.4\n${padding > 0 ? `%${"x".repeat(padding)}\n` : ""}`;
    const offsets = objects.map((object, index) => {
      const offset = body.length;
      body += `${index + 1} 0 obj\n${object}\nendobj\n`;
      return offset;
    });
    const xref = [`xref\n0 ${objects.length + 1}\n`, "0000000000 65535 f \n", ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)];
    const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${body.length}\n%%EOF\n`;
    return Buffer.from(body + xref.join("") + trailer, "latin1");
  };
  const plain = build(0);
  // The padding line adds its length plus "%" and "\n"; startxref may grow by a digit or two.
  return plain.length >= padTo ? plain : build(padTo - plain.length + 8);
}

/** Just over 10 MB, and otherwise a real PDF. */
export const oversizePdf = () => pdfFile("Too long", { padTo: 10 * 1024 * 1024 + 1 });

/** The PNG signature and a header chunk: a picture renamed letter.pdf. */
export const pngFile = () => Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/** A web page renamed letter.pdf, with the PDF markers in the wrong places. */
export const htmlFile = () => Buffer.from("<!doctype html><html><body><script>alert(1)</script>%PDF-1.4 %%EOF</body></html>\n");
