import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import PDFDocument from "pdfkit";
import { afterAll, describe, expect, it } from "vitest";
import { pdfFile } from "../../../tests/helpers/pdf";
import { importPages, type PdfObjectWriter } from "./import-pages.server";

// An uploaded letter's pages, copied into a PDF of our own, as a reader sees them: qpdf finds no
// errors, poppler counts the pages, their sizes, and each page's text in order. The PDF here is a
// standalone file around the imported pages (a page tree, a catalog, a classic cross-reference
// table), standing in for letter.pdf.

const work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-import-pages-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A PdfObjectWriter writing a file of its own: objects as they come, then the page tree and catalog. */
class StandalonePdf implements PdfObjectWriter {
  private chunks: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  private length = this.chunks[0].length;
  private offsets = new Map<number, number>();
  private next = 1;
  readonly pagesId = this.allocate();
  readonly catalogId = this.allocate();

  allocate() {
    return this.next++;
  }

  write(id: number, dict: string, stream?: Uint8Array) {
    if (this.offsets.has(id)) throw new Error(`Object ${id} written twice`);
    if (id >= this.next) throw new Error(`Object ${id} was never allocated`);
    this.offsets.set(id, this.length);
    this.push(`${id} 0 obj\n${dict}\n`);
    if (stream) {
      this.push("stream\n");
      this.push(Buffer.from(stream));
      this.push("\nendstream\n");
    }
    this.push("endobj\n");
  }

  save(file: string, pageIds: number[]) {
    this.write(this.pagesId, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`);
    this.write(this.catalogId, `<< /Type /Catalog /Pages ${this.pagesId} 0 R >>`);
    const xrefAt = this.length;
    let xref = `xref\n0 ${this.next}\n0000000000 65535 f \n`;
    for (let id = 1; id < this.next; id++) {
      const offset = this.offsets.get(id);
      // Allocated and never written: free, which a reader takes as null.
      xref += offset === undefined ? "0000000000 65535 f \n" : `${String(offset).padStart(10, "0")} 00000 n \n`;
    }
    this.push(`${xref}trailer\n<< /Size ${this.next} /Root ${this.catalogId} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    fs.writeFileSync(file, Buffer.concat(this.chunks));
  }

  private push(chunk: string | Buffer) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
}

/** Imports `upload`'s pages into a new file; returns its path. */
async function imported(upload: string) {
  const writer = new StandalonePdf();
  const { pages: pageIds } = await importPages(upload, writer, `${writer.pagesId} 0 R`);
  const out = path.join(work, `imported-${path.basename(upload)}`);
  writer.save(out, pageIds);
  return { out, pageIds };
}

function expectNoErrors(file: string) {
  const check = spawnSync("qpdf", ["--check", file], { encoding: "utf8" });
  expect(check.stderr).toBe("");
  expect(check.status).toBe(0);
  expect(check.stdout).toContain("No syntax or stream encoding errors found");
}

/** Each page's size as pdfinfo gives it ("612 x 792 pts"), and its rotation. */
function pageSizes(file: string) {
  const info = execFileSync("pdfinfo", ["-f", "1", "-l", "1000", file], { encoding: "utf8" });
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    sizes: [...info.matchAll(/^Page\s+\d+ size:\s+(.*)$/gm)].map((match) => match[1].trim()),
    rotations: [...info.matchAll(/^Page\s+\d+ rot:\s+(\d+)/gm)].map((match) => Number(match[1])),
  };
}

const pageText = (file: string, page: number) => execFileSync("pdftotext", ["-f", String(page), "-l", String(page), file, "-"], { encoding: "utf8" });

/** The file's objects as qpdf reads them back. */
function objectsOf(file: string): Record<string, { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } }> {
  const json = JSON.parse(execFileSync("qpdf", ["--json=2", "--json-key=qpdf", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
  return json.qpdf[1];
}

/** A 4×4 PNG, red and blue, built here so the test needs no picture file. */
function pngPicture() {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Array.from({ length: 4 }, (_, y) => Buffer.from([0, ...Array.from({ length: 4 }, () => (y < 2 ? [255, 0, 0] : [0, 0, 255])).flat()]));
  return Buffer.concat([
    Buffer.from("89504e470d0a1a0a", "hex"),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Three pages from pdfkit, tagged (a structure tree, /StructParents on pages): DejaVu embedded, a
 * PNG picture, on page 1 a link to page 2 (an explicit destination) and one to a named destination
 * (which lives in the catalog, so it is not copied). Page 2 is A5 landscape.
 */
async function pdfkitLetter(file: string) {
  const doc = new PDFDocument({ size: "A4", tagged: true, bufferPages: true, autoFirstPage: false });
  const done = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on("finish", resolve).on("error", reject);
    doc.pipe(out);
  });
  doc.registerFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  const pages: PDFKit.PDFPage[] = [];
  const texts = ["Annwyl Weinidog, ŵ ŷ first page", "Second page of support", "Third page, the last"];
  texts.forEach((text, index) => {
    doc.addPage(index === 1 ? { size: "A5", layout: "landscape" } : { size: "A4" });
    pages.push(doc.page);
    if (index === 1) doc.addNamedDestination("second");
    const paragraph = doc.struct("P", {}, [() => doc.font("DejaVu").fontSize(14).text(text, 72, 72)]);
    doc.addStructure(paragraph);
    paragraph.end();
    if (index === 0) {
      const picture = doc.struct("Figure", { alt: "Red and blue" }, [() => doc.image(pngPicture(), 72, 200, { width: 100 })]);
      doc.addStructure(picture);
      picture.end();
    }
  });
  doc.switchToPage(0);
  // pdfkit writes a JS string as a name; its types know no /Dest, hence the object of its own.
  const link = { Type: "Annot", Subtype: "Link", Dest: [pages[1].dictionary, "XYZ", null, null, null] };
  doc.annotate(72, 400, 200, 20, link);
  doc.goTo(72, 430, 200, 20, "second");
  doc.end();
  await done;
}

/** Two pages whose /Resources, /MediaBox and /Rotate sit on the /Pages node; page 2 has its own /MediaBox. */
function inheritingPdf() {
  const content = (text: string) => `BT /F1 18 Tf 40 300 Td (${text}) Tj ET`;
  const [first, second] = [content("Inherited one"), content("Inherited two")];
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [7 0 R] /Count 2 /Resources << /Font << /F1 5 0 R >> >> /MediaBox [0 0 300 400] /Rotate 90 >>",
    "<< /Type /Page /Parent 7 0 R /Contents 4 0 R /StructParents 0 /PieceInfo << /App << /LastModified (D:2026) >> >> /Annots [8 0 R] >>",
    `<< /Length ${first.length} >>\nstream\n${first}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length 9 0 R >>\nstream\n${second}\nendstream`,
    "<< /Type /Pages /Parent 2 0 R /Kids [3 0 R 10 0 R] /Count 2 >>",
    "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /StructParent 1 /Contents (Caf\\351 \\(draft\\)) /NM (a\\\\b) /Name /Comment#20Note /P 3 0 R /Dest 1 0 R >>",
    `${second.length}`,
    "<< /Type /Page /Parent 7 0 R /Contents 6 0 R /MediaBox [0 0 500 500] >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  return Buffer.from(`${body}${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${body.length}\n%%EOF\n`, "latin1");
}

describe("importing an uploaded PDF's pages", () => {
  it("copies the minimal PDF the tests upload, and the same encrypted (no password to open it)", async () => {
    const upload = path.join(work, "minimal.pdf");
    fs.writeFileSync(upload, pdfFile("A letter (of support)"));
    const encrypted = path.join(work, "encrypted.pdf");
    execFileSync("qpdf", ["--encrypt", "", "owner", "256", "--", upload, encrypted]);
    for (const file of [upload, encrypted]) {
      const { out, pageIds } = await imported(file);
      expect(pageIds).toHaveLength(1);
      expectNoErrors(out);
      expect(pageSizes(out)).toMatchObject({ pages: 1, sizes: ["612 x 792 pts (letter)"] });
      expect(pageText(out, 1)).toContain("A letter (of support)");
    }
  });

  const letter = path.join(work, "pdfkit.pdf");
  const compressed = path.join(work, "object-streams.pdf");

  it("copies pdfkit's tagged pages with their font, picture and links, and none of the structure tree", async () => {
    await pdfkitLetter(letter);
    // What must not come along is there to start with.
    const upload = JSON.stringify(objectsOf(letter));
    expect(upload).toContain("/StructParents");
    expect(upload).toContain("/StructTreeRoot");
    for (const upload of [letter, compressed]) {
      if (upload === compressed) execFileSync("qpdf", ["--object-streams=generate", letter, compressed]);
      const { out, pageIds } = await imported(upload);
      expectNoErrors(out);
      expect(pageSizes(out)).toMatchObject({ pages: 3, sizes: ["595.28 x 841.89 pts (A4)", "595.28 x 419.53 pts", "595.28 x 841.89 pts (A4)"] });
      expect(pageText(out, 1)).toContain("Annwyl Weinidog, ŵ ŷ first page");
      expect(pageText(out, 2)).toContain("Second page of support");
      expect(pageText(out, 3)).toContain("Third page, the last");
      expect(execFileSync("pdfimages", ["-list", out], { encoding: "utf8" })).toMatch(/^\s+1\s+0 image\s+4\s+4\s+rgb/m);
      expect(execFileSync("pdffonts", [out], { encoding: "utf8" })).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes/);

      const objects = objectsOf(out);
      const values = Object.values(objects).map((object) => object.value ?? object.stream?.dict ?? {});
      // Nothing from the upload's structure tree or catalog came along, nor keys into them.
      expect(values.filter((value) => ["/StructTreeRoot", "/StructElem", "/Catalog", "/Pages"].includes(String(value["/Type"])))).toHaveLength(2);
      expect(JSON.stringify(objects)).not.toMatch(/StructParent/);
      // The link on page 1 goes to page 2's new object; the named one keeps its name, unresolved
      // (the upload's name tree stays behind with its catalog).
      const firstPage = objects[`obj:${pageIds[0]} 0 R`].value!;
      expect(firstPage["/Parent"]).toBe("1 0 R");
      const links = (firstPage["/Annots"] as string[]).map((annotation) => objects[`obj:${annotation}`].value!);
      expect(links).toHaveLength(2);
      expect(links[0]["/Dest"]).toEqual([`${pageIds[1]} 0 R`, "/XYZ", null, null, null]);
      const goTo = objects[`obj:${String(links[1]["/A"])}`].value!;
      expect(goTo).toMatchObject({ "/S": "/GoTo", "/D": "u:second" });
      expect(execFileSync("pdfinfo", [out], { encoding: "utf8" })).toMatch(/^Tagged:\s+no/m);
    }
    expect(fs.readFileSync(compressed, "latin1")).toContain("/ObjStm");
  });

  it("puts attributes a page inherits from its page tree on the page itself", async () => {
    const upload = path.join(work, "inheriting.pdf");
    fs.writeFileSync(upload, inheritingPdf());
    const { out, pageIds } = await imported(upload);
    expectNoErrors(out);
    expect(pageSizes(out)).toMatchObject({ pages: 2, sizes: ["300 x 400 pts", "500 x 500 pts"], rotations: [90, 90] });
    expect(pageText(out, 1)).toContain("Inherited one");
    expect(pageText(out, 2)).toContain("Inherited two");
    const objects = objectsOf(out);
    const firstPage = objects[`obj:${pageIds[0]} 0 R`].value!;
    expect(firstPage).not.toHaveProperty("/StructParents");
    expect(firstPage).not.toHaveProperty("/PieceInfo");
    expect(firstPage["/MediaBox"]).toEqual([0, 0, 300, 400]);
    expect(firstPage["/Resources"]).toMatchObject({ "/Font": { "/F1": expect.stringMatching(/^\d+ 0 R$/) } });
    const note = objects[`obj:${(firstPage["/Annots"] as string[])[0]}`].value!;
    // Strings and names come back as they were; /P is the copied page, and /Dest (the upload's
    // catalog) is null rather than a way into a catalog that was not copied (and a key whose value
    // is null is no key at all to a reader).
    expect(note).toMatchObject({ "/Contents": "u:Café (draft)", "/NM": "u:a\\b", "/Name": "/Comment Note", "/P": `${pageIds[0]} 0 R` });
    expect(note).not.toHaveProperty("/Dest");
    expect(note).not.toHaveProperty("/StructParent");
    expect(fs.readFileSync(out, "latin1")).toContain("/Dest null");
  });

  it("throws, without hanging, on a file qpdf cannot read", async () => {
    const notPdf = path.join(work, "not.pdf");
    fs.writeFileSync(notPdf, "<!doctype html><p>Not a PDF</p>\n");
    const started = Date.now();
    await expect(importPages(notPdf, new StandalonePdf(), "1 0 R")).rejects.toThrow(/qpdf could not read the uploaded PDF not\.pdf/);
    await expect(importPages(path.join(work, "missing.pdf"), new StandalonePdf(), "1 0 R")).rejects.toThrow(Error);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
