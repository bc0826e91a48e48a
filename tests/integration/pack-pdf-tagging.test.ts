import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { insertRows, query } from "../helpers/db";
import { insertVerifiedSignature } from "../helpers/signatures";
import { readZip } from "../helpers/zip";
import { cli, createCampaignFromFile } from "../helpers/cli";
import PDFDocument from "pdfkit";

// Issue 19, point 1: letter.pdf as a screen reader meets it. Tagged (pdfinfo), its structure tree
// and catalog read back with `qpdf --json`: the document's language, the title in the title bar,
// headings, lists, the signatories as a Table whose header row has TH cells scoped to their column,
// the other language marked on its own elements, Easy Read pictures as Figures with their alt text,
// and bookmarks for the cover, each letter text, the signatories and each letter of support.

const run = promisify(execFile);
const [cy, en] = [getT("cy"), getT("en")];

let app: RunningApp;
let work: string;

async function createFromFile(campaign: Record<string, unknown>) {
  expect((await createCampaignFromFile(app, campaign)).code).toBe(0);
}

/** A verified signature of the campaign's text in `language` and `variant`, as the signing flow leaves it. */
function sign(slug: string, name: string, language: "cy" | "en", variant: "standard" | "easy_read" = "standard") {
  insertVerifiedSignature(app, slug, { name, email: `${name.toLowerCase().replace(/[^a-z]/g, "")}@example.org`, language, variant });
}

/** An approved letter of support with a body, and the PDF it was sent with when `pdf` is given. */
function supportLetter(slug: string, author: string, pdf?: Buffer) {
  const [campaign] = query<{ id: number }>(app, "select id from campaigns where slug = ?", slug);
  let pdfFile: string | null = null;
  if (pdf) {
    pdfFile = `upload-${slug}.pdf`;
    fs.mkdirSync(path.join(app.dataDir, "uploads"), { recursive: true });
    fs.writeFileSync(path.join(app.dataDir, "uploads", pdfFile), pdf);
  }
  insertRows(app, "support_letters", [
    {
      campaign_id: campaign!.id,
      author_name: author,
      email: "support@uni.example",
      role: "Professor",
      organisation: "Prifysgol Bangor",
      country: "GB",
      body: "We support this letter.",
      pdf_file: pdfFile,
      status: "approved",
      consent_at: "2026-11-20",
      created_at: "2026-11-20",
      updated_at: "2026-11-20",
    },
  ]);
}

/** A tagged one-page PDF as a word processor would make it: a heading and a paragraph, in Welsh. */
async function taggedPdf(heading: string, paragraph: string) {
  const doc = new PDFDocument({ tagged: true, lang: "cy-GB", pdfVersion: "1.7", info: { Title: heading } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on("end", resolve));
  const document = doc.struct("Document");
  doc.addStructure(document);
  document.add(
    doc.struct("H1", {}, () => {
      doc.fontSize(20).text(heading);
    }),
  );
  document.add(
    doc.struct("P", {}, () => {
      doc.fontSize(12).text(paragraph);
    }),
  );
  document.end();
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

type PdfValue = string | number | boolean | null | PdfValue[] | { [key: string]: PdfValue };
type PdfDict = Record<string, PdfValue>;

/** letter.pdf out of a freshly exported pack: its file, and its objects as `qpdf --json` reads them. */
async function exportLetterPdf(slug: string) {
  const zip = path.join(work, `${slug}.zip`);
  expect((await cli(app, ["pack:export", slug, "--out", zip])).code).toBe(0);
  const pdf = path.join(work, `${slug}.pdf`);
  fs.writeFileSync(pdf, (await readZip(zip)).get("letter.pdf")!);
  const { stdout } = await run("qpdf", ["--json", "--json-key=qpdf", pdf], { maxBuffer: 256 * 1024 * 1024 });
  const objects = (JSON.parse(stdout) as { qpdf: [unknown, Record<string, { value?: PdfValue }>] }).qpdf[1];
  const byRef = new Map<string, PdfValue>();
  for (const [key, object] of Object.entries(objects)) if (key.startsWith("obj:") && object.value !== undefined) byRef.set(key.slice(4), object.value);
  const dicts = [...byRef.values()].filter((v): v is PdfDict => typeof v === "object" && v !== null && !Array.isArray(v));
  const deref = (v: PdfValue | undefined) => (typeof v === "string" && / R$/.test(v) ? byRef.get(v) : v);
  const catalog = dicts.find((d) => d["/Type"] === "/Catalog")!;
  /** The bookmarks' titles, in order. */
  const outline: string[] = [];
  const outlines = deref(catalog["/Outlines"]) as PdfDict | undefined;
  for (let item = deref(outlines?.["/First"]) as PdfDict | undefined; item; item = deref(item["/Next"]) as PdfDict | undefined) {
    outline.push(String(item["/Title"]).replace(/^u:/, ""));
  }
  const elements = (type: string) => dicts.filter((d) => d["/S"] === `/${type}`);
  return { pdf, catalog, deref, outline, elements };
}

async function pdfinfo(file: string, ...args: string[]) {
  return (await run("pdfinfo", [...args, file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-tagging-"));
  app = await startApp();
}, 120_000);
afterAll(async () => {
  await stopApp(app);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("a Welsh and English campaign's letter.pdf", { timeout: 90_000 }, () => {
  const slug = "pdf-hygyrch";
  let letter: Awaited<ReturnType<typeof exportLetterPdf>>;

  beforeAll(async () => {
    await createFromFile({
      slug,
      languages: ["cy", "en"],
      title: { cy: "Gofal teg", en: "Fair care" },
      summary: { cy: "Llythyr agored am ofal.", en: "An open letter about care." },
      body: {
        cy: "Annwyl Brif Weinidog,\n\nGofynnwn i chi:\n\n- dalu'n deg\n- gwrando\n\nYn gywir",
        en: "Dear First Minister,\n\nWe ask you to:\n\n- pay fairly\n- listen\n\nYours",
      },
      recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog Cymru", en: "First Minister of Wales" }, role: "to" }],
      easyRead: {
        cy: [{ text: "Rydyn ni eisiau cyflog teg.", picture: "openmoji:1F91D", alt: "Dwy law yn ysgwyd" }],
        en: [{ text: "We want fair pay.", picture: "openmoji:1F91D", alt: "Two hands shaking" }],
      },
      status: "open",
    });
    sign(slug, "Non Hawdd", "cy", "easy_read");
    sign(slug, "Gwen Safonol", "cy");
    sign(slug, "Harry Standard", "en");
    supportLetter(slug, "Athro Rhys");
    letter = await exportLetterPdf(slug);
  }, 90_000);

  it("is tagged, in Welsh, with its title in the title bar", async () => {
    const info = await pdfinfo(letter.pdf);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Gofal teg$/m);
    expect(letter.catalog["/Lang"]).toBe("u:cy-GB");
    expect((letter.deref(letter.catalog["/MarkInfo"]) as PdfDict)["/Marked"]).toBe(true);
    expect((letter.deref(letter.catalog["/ViewerPreferences"]) as PdfDict)["/DisplayDocTitle"]).toBe(true);
    expect(letter.deref(letter.catalog["/StructTreeRoot"])).toMatchObject({ "/Type": "/StructTreeRoot" });
  });

  it("lists the signatories in a Table whose header row has a TH per column, scoped to it, and a row of TDs per signatory", async () => {
    const [table] = letter.elements("Table");
    expect(table).toBeDefined();
    const rows = (table["/K"] as string[]).map((ref) => letter.deref(ref) as PdfDict);
    expect(rows.every((row) => row["/S"] === "/TR")).toBe(true);
    const cells = (row: PdfDict) => (row["/K"] as string[]).map((ref) => letter.deref(ref) as PdfDict);
    const header = cells(rows[0]);
    expect(header.map((cell) => cell["/S"])).toEqual(["/TH", "/TH", "/TH", "/TH", "/TH"]);
    for (const th of header) expect(th["/A"]).toMatchObject({ "/O": "/Table", "/Scope": "/Column" });
    // The three signatories, a row each, five cells each.
    expect(rows.slice(1).map((row) => cells(row).map((cell) => cell["/S"]))).toEqual(Array(3).fill(["/TD", "/TD", "/TD", "/TD", "/TD"]));
    // Read in that order: the header's names, then the signatories.
    const structure = await pdfinfo(letter.pdf, "-struct-text");
    const order = [cy("pack.pdf.name"), en("pack.pdf.name"), "Non Hawdd", "Gwen Safonol", "Harry Standard"].map((s) => structure.indexOf(`"${s}"`));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("marks English as English: the headings' English halves, the English sentences and the English letter's text", async () => {
    const english = [...letter.elements("Span"), ...letter.elements("P"), ...letter.elements("L"), ...letter.elements("Div")].filter((e) => e["/Lang"] === "u:en-GB");
    expect(english.length).toBeGreaterThan(5);
    expect([...letter.elements("P"), ...letter.elements("Span")].some((e) => e["/Lang"] === "u:cy-GB")).toBe(false);
    const structure = await pdfinfo(letter.pdf, "-struct-text");
    expect(structure).toContain(`" / ${en("pack.pdf.openLetter")}"`);
  });

  it("has headings, lists, and the Easy Read pictures as Figures with their alt text", async () => {
    expect(letter.elements("H1")).toHaveLength(1);
    // The letter's three texts (Welsh, English, Easy Read in each), the signatories, the letter of support; the cover's To and signatures.
    expect(letter.elements("H2").length).toBeGreaterThanOrEqual(6);
    expect(letter.elements("L").length).toBeGreaterThanOrEqual(2);
    for (const li of letter.elements("LI")) {
      const kids = (li["/K"] as string[]).map((ref) => (letter.deref(ref) as PdfDict)["/S"]);
      expect(kids.at(-1)).toBe("/LBody");
    }
    expect(letter.elements("Lbl").length).toBeGreaterThanOrEqual(4);
    const alts = letter.elements("Figure").map((f) => f["/Alt"]);
    expect(alts).toEqual(expect.arrayContaining(["u:Dwy law yn ysgwyd", "u:Two hands shaking"]));
  });

  it("has bookmarks for the cover, each letter text, the signatories and the letter of support, in order", () => {
    const both = (key: Parameters<typeof cy>[0], values: Record<string, unknown> = {}) => `${cy(key, values)} / ${en(key, values)}`;
    expect(letter.outline).toEqual([
      both("pack.pdf.cover"),
      `${both("pack.pdf.letterVersion", { number: 1 })}, Cymraeg`,
      `${both("pack.pdf.letterVersion", { number: 1 })}, English`,
      `${both("pack.pdf.easyReadVersion", { number: 1 })}, Cymraeg`,
      `${both("pack.pdf.easyReadVersion", { number: 1 })}, English`,
      both("pack.pdf.signatories", { count: 3 }),
      both("pack.pdf.supportLetterFrom", { name: "Athro Rhys" }),
    ]);
  });

  it("opens with the cover, drawn last from the rows' figures: first page, first section, numbered on its own", async () => {
    const page = async (n: number) => (await run("pdftotext", ["-f", String(n), "-l", String(n), letter.pdf, "-"])).stdout;
    const cover = await page(1);
    expect(cover).toContain("Eluned Morgan");
    expect(cover).toContain(`${cy("pack.pdf.coverPage", { number: 1 })} / ${en("pack.pdf.coverPage", { number: 1 })}`);
    expect(cover).toContain(cy("pack.pdf.signatures", { count: 3 }));
    expect(await page(2)).toContain(`${cy("pack.pdf.page", { number: 1 })} / ${en("pack.pdf.page", { number: 1 })}`);
    // A screen reader meets the cover's heading before the letter's text.
    const structure = await pdfinfo(letter.pdf, "-struct-text");
    expect(structure.indexOf('"Gofal teg"')).toBeGreaterThan(-1);
    expect(structure.indexOf('"Gofal teg"')).toBeLessThan(structure.indexOf("Annwyl Brif Weinidog"));
    // The page labels a reader shows: "Clawr 1", then 1, 2, 3 …
    const labels = (letter.deref(letter.catalog["/PageLabels"]) as PdfDict)["/Nums"] as unknown[];
    expect(labels).toEqual([0, { "/S": "/D", "/P": `u:${cy("pack.pdf.cover")} ` }, 1, { "/S": "/D" }]);
  });
});

describe("an English campaign's letter.pdf", { timeout: 90_000 }, () => {
  it("is in English throughout, with its table and bookmarks, kept when a letter of support's PDF is put in", async () => {
    const slug = "tagged-english";
    await createFromFile({
      slug,
      title: "Fair pay now",
      summary: "An open letter.",
      body: "Dear Minister,\n\nPay care workers **fairly**.",
      language: "en",
      recipients: [{ name: "Jane Minister", title: "Minister for Care", role: "to" }],
      status: "open",
    });
    sign(slug, "Siân Llŷr", "en");
    // Its pages are put in by qpdf after the letter's own: the written PDF's structure, language,
    // title bar and bookmarks stay.
    supportLetter(slug, "Dr Ada Pages", await taggedPdf("A letter in Welsh", "Llythyr gan Dr Ada Pages"));
    const letter = await exportLetterPdf(slug);
    const info = await pdfinfo(letter.pdf);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Fair pay now$/m);
    expect((await run("pdftotext", [letter.pdf, "-"])).stdout).toContain("Llythyr gan Dr Ada Pages");
    // The upload's own tags came with its page: its heading and paragraph, read after the letter's
    // heading, in the letter's section, its Document a Div in its language.
    const structure = await pdfinfo(letter.pdf, "-struct-text");
    const heading = structure.indexOf(`"${en("pack.pdf.supportLetterFrom", { name: "Dr Ada Pages" })}"`);
    expect(heading).toBeGreaterThan(0);
    expect(structure.indexOf('"A letter in Welsh"')).toBeGreaterThan(heading);
    expect(structure.indexOf('"Llythyr gan Dr Ada Pages"')).toBeGreaterThan(structure.indexOf('"A letter in Welsh"'));
    const uploaded = letter.elements("Div").find((div) => div["/Lang"] === "u:cy-GB");
    expect(uploaded).toBeDefined();
    expect(letter.elements("Document")).toHaveLength(1);
    expect(letter.deref(letter.catalog["/StructTreeRoot"])).toMatchObject({ "/Type": "/StructTreeRoot" });
    expect((letter.deref(letter.catalog["/ViewerPreferences"]) as PdfDict)["/DisplayDocTitle"]).toBe(true);
    expect(letter.catalog["/Lang"]).toBe("u:en-GB");
    expect([...letter.elements("P"), ...letter.elements("Span")].some((e) => e["/Lang"])).toBe(false);
    expect(letter.elements("TH")).toHaveLength(5);
    expect(letter.outline).toEqual([
      en("pack.pdf.cover"),
      en("pack.pdf.letterVersion", { number: 1 }) + ", English",
      en("pack.pdf.signatories", { count: 1 }),
      en("pack.pdf.supportLetterFrom", { name: "Dr Ada Pages" }),
    ]);
  });
});
