import fs from "node:fs";
import PDFDocument from "pdfkit";
import { getT, languageNames, type UiLanguage } from "~/i18n";
import { formatDate, localeOf } from "~/i18n/format";
import { sheetLabel } from "~/schemas/paper";
import type { SignerType } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { clean, FONTS, markdownParagraphs } from "./pack/letter-pdf.server";

// Printed signature sheets, every sheet of a batch in one A4 PDF, in black and white. A sheet is
// one or more pages: a header with its number (S-0007) and check code on every page, the QR code to
// the campaign's page on its first; the campaign's title and the whole letter in each of its
// languages (the wording people sign is on the sheet itself); then a table of ten numbered rows.
// When the letter leaves room the table follows it on the same page, otherwise on a page of its own,
// so printed double-sided a sheet is one piece of paper: the letter on the front, the rows behind.
//
// Headings and labels are in every language of the campaign, primary first ("Taflen lofnodion /
// Signature sheet"); sentences in the primary language with the others beneath in grey. The PDF is
// tagged (headings, paragraphs with their language, the QR code as a figure with its address as
// alternative text, the table with its header cells); the rules and boxes are artifacts.

const MARGIN = 34;
/** The band at the top of every page: the sheet's number and check code, and the QR code on a sheet's first page. */
const HEADER = 62;
const QR_SIZE = HEADER;
const FOOTER = 14;
const SECOND_LANGUAGE_COLOUR = "#444444";
const LETTER_SIZE = 9.5;
const PROSE_SIZE = 8.5;

/** The table's columns, 527 points: A4's width inside the margins. */
const COLUMNS = ["number", "name", "town", "signerType", "organisationRole", "email", "showName", "signature"] as const;
type Column = (typeof COLUMNS)[number];
const WIDTHS: Record<Column, number> = { number: 22, name: 98, town: 56, signerType: 96, organisationRole: 74, email: 88, showName: 34, signature: 59 };
const ROWS = 10;
const CELL_PAD = 2.5;
const HEADING_SIZE = 6.5;
const TICK_LABEL_SIZE = 6.5;
const TICK_BOX = 6.5;
/** Room to write by hand: a row is at least this tall (16 mm), taller if its tick boxes' labels need it. */
const MIN_ROW_HEIGHT = 46;
const SIGNER_TYPES: SignerType[] = ["individual", "professional", "organisation"];

/** One sheet to print: its number, check code, the letter it carries (a text per language) and its event. */
export interface PrintedSheet {
  number: number;
  checkCode: string;
  letter: { language: UiLanguage; body: string }[];
  event?: { name: string; place: string | null; startsOn: string; endsOn: string };
}

export interface SheetsPdfInput {
  /** The campaign's languages, primary first. */
  languages: UiLanguage[];
  /** The campaign's title in each language (a language missing one falls back to the primary's). */
  titles: Partial<Record<UiLanguage, string>>;
  /** The campaign's page, which the QR code opens. */
  campaignUrl: string;
  /** The QR code of `campaignUrl`, as a PNG. */
  qrCode: Buffer;
  /** When the first sheet was issued: the document's date, so the same sheets give the same PDF. */
  issuedAt: string;
  sheets: PrintedSheet[];
}

type T = ReturnType<typeof getT>;
type Struct = PDFKit.PDFStructureElement;

/** pdfkit's image decoding, kept to draw the QR code on every sheet from one embedded copy. */
interface PdfImages {
  openImage(src: Buffer): PDFKit.Mixins.ImageSrc;
}

/** A header cell's scope (its Table attribute): pdfkit reads `scope` though its types leave it out. */
const headerScope = (scope: "Column" | "Row") => ({ scope }) as unknown as PDFKit.Mixins.StructureElementOptions;

/**
 * Every sheet of `input` as one PDF: a stream to pipe to the response, written a sheet at a time
 * with a pause between sheets, so a batch of 200 (400 pages, a few seconds' work) never holds up
 * the server's other requests. A failure part way ends the stream with the error.
 */
export function writeSheetsPdf(input: SheetsPdfInput) {
  const pdf = new SheetsPdf(input);
  pdf.write().catch((error: unknown) => {
    logger.error({ err: error }, "Writing signature sheets failed");
    pdf.doc.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return pdf.doc;
}

class SheetsPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly languages: UiLanguage[];
  private readonly ts: T[];
  private readonly qr: PDFKit.Mixins.ImageSrc;
  private readonly width: number;
  private sheet: PrintedSheet | undefined;
  /** The page of the current sheet: 1 on its first. */
  private sheetPage = 0;
  /** The first page of a sheet carries its header as content; the pages after it repeat it as an artifact. */
  private headerAsContent = false;

  constructor(private readonly input: SheetsPdfInput) {
    for (const font of Object.values(FONTS)) {
      if (!fs.existsSync(font)) throw new Error(`The font ${font} is missing: install Debian's fonts-dejavu-core.`);
    }
    if (!input.languages.length) throw new Error("Sheets are printed in at least one language");
    this.languages = input.languages;
    this.ts = input.languages.map((language) => getT(language));
    const first = input.sheets[0]?.number ?? 0;
    const last = input.sheets.at(-1)?.number ?? 0;
    const title = this.both((t) => t("sheets.pdf.documentTitle", { first: sheetLabel(first), last: sheetLabel(last), title: this.title(0) }));
    this.doc = new PDFDocument({
      size: "A4",
      margins: { top: MARGIN + HEADER + 12, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
      autoFirstPage: false,
      tagged: true,
      displayTitle: true,
      pdfVersion: "1.7",
      lang: this.languages[0],
      info: { Title: title, Creator: "Undersigned", CreationDate: new Date(input.issuedAt) },
    });
    this.doc.registerFont("regular", FONTS.regular);
    this.doc.registerFont("bold", FONTS.bold);
    this.doc.on("pageAdded", () => this.pageAdded());
    this.qr = (this.doc as unknown as PdfImages).openImage(input.qrCode);
    this.width = 595.28 - 2 * MARGIN;
  }

  async write() {
    const { doc } = this;
    const root = doc.struct("Document");
    doc.addStructure(root);
    for (const sheet of this.input.sheets) {
      const section = doc.struct("Sect");
      root.add(section);
      this.sheet = sheet;
      this.sheetPage = 0;
      this.headerAsContent = true;
      doc.addPage();
      this.headerAsContent = false;
      this.header(section);
      this.front(section, sheet);
      this.signatures(section);
      section.end();
      await new Promise((resolve) => setImmediate(resolve));
    }
    root.end();
    doc.end();
  }

  private pageAdded() {
    this.sheetPage += 1;
    const { doc } = this;
    // pdfkit carries on a paragraph that runs over the page once this returns: leave its font as found.
    const { _font: font, _fontSize: fontSize } = doc as unknown as { _font: unknown; _fontSize: number };
    this.artifact("Pagination", () => {
      const sheet = this.sheet!;
      doc.font("regular").fontSize(7).fillColor(SECOND_LANGUAGE_COLOUR);
      const footer = this.both((t) => t("sheets.pdf.footer", { number: sheetLabel(sheet.number), code: sheet.checkCode, page: this.sheetPage }));
      doc.text(footer, MARGIN, doc.page.height - MARGIN - 4, { lineBreak: false });
      doc.fillColor("#000000");
      if (!this.headerAsContent) this.drawHeader();
      doc
        .moveTo(MARGIN, MARGIN + HEADER + 4)
        .lineTo(doc.page.width - MARGIN, MARGIN + HEADER + 4)
        .lineWidth(0.75)
        .stroke();
    });
    Object.assign(doc, { _font: font, _fontSize: fontSize });
    doc.x = MARGIN;
    doc.y = doc.page.margins.top;
  }

  /** The sheet's number and check code, as content on its first page (its heading); the QR code beside them there. */
  private header(section: Struct) {
    const { doc } = this;
    section.add(doc.struct("H1", {}, () => this.drawHeader()));
    const url = this.input.campaignUrl;
    section.add(
      doc.struct("Figure", { alt: this.both((t) => t("sheets.pdf.qrAlt", { url })) }, () => {
        doc.image(this.qr, doc.page.width - MARGIN - QR_SIZE, MARGIN, { width: QR_SIZE, height: QR_SIZE });
      }),
    );
    doc.x = MARGIN;
    doc.y = doc.page.margins.top;
  }

  private drawHeader() {
    const { doc } = this;
    const sheet = this.sheet!;
    doc.font("regular").fontSize(8).fillColor("#000000");
    doc.text(this.both((t) => t("sheets.pdf.sheet")), MARGIN, MARGIN, { lineBreak: false });
    doc.font("bold").fontSize(26).text(sheetLabel(sheet.number), MARGIN, MARGIN + 11, { lineBreak: false });
    const label = `${this.both((t) => t("sheets.pdf.checkCode"))}: `;
    doc.font("regular").fontSize(8).text(label, MARGIN, MARGIN + 48, { lineBreak: false });
    const labelWidth = doc.widthOfString(label);
    doc.font("bold").fontSize(12).text(sheet.checkCode, MARGIN + labelWidth, MARGIN + 45, { lineBreak: false });
  }

  /** The campaign's titles, the event, how to sign, and the letter in each language. */
  private front(section: Struct, sheet: PrintedSheet) {
    const { doc } = this;
    this.distinct(this.languages.map((_, i) => this.title(i))).forEach((title, i) => {
      section.add(
        doc.struct("H2", { lang: this.languages[i] }, () => {
          doc.font("bold").fontSize(i ? 12.5 : 15).fillColor(i ? SECOND_LANGUAGE_COLOUR : "#000000");
          doc.text(clean(title), MARGIN, undefined, { width: this.width });
          doc.fillColor("#000000");
        }),
      );
      doc.moveDown(0.2);
    });
    doc.moveDown(0.3);
    if (sheet.event) {
      const { name, place, startsOn, endsOn } = sheet.event;
      const locale = localeOf(this.languages[0]);
      const dates = startsOn === endsOn ? formatDate(`${startsOn}T12:00:00Z`, locale) : `${formatDate(`${startsOn}T12:00:00Z`, locale)} – ${formatDate(`${endsOn}T12:00:00Z`, locale)}`;
      const text = `${this.both((t) => t("sheets.pdf.event"))}: ${clean([name, place, dates].filter(Boolean).join(", "))}`;
      section.add(doc.struct("P", {}, () => doc.font("bold").fontSize(PROSE_SIZE).text(text, MARGIN, undefined, { width: this.width })));
      doc.moveDown(0.4);
    }
    this.bilingualProse(section, (t) => t("sheets.pdf.howToSign", { url: this.input.campaignUrl }));
    doc.moveDown(0.4);
    section.add(doc.struct("H2", {}, () => doc.font("bold").fontSize(11).text(this.both((t) => t("sheets.pdf.letter")), MARGIN, undefined, { width: this.width })));
    doc.moveDown(0.3);
    const texts = this.languages.flatMap((language) => sheet.letter.filter((l) => l.language === language));
    for (const text of texts) {
      const part = doc.struct("Sect", { lang: text.language });
      section.add(part);
      if (texts.length > 1) {
        part.add(doc.struct("H3", {}, () => doc.font("bold").fontSize(10).text(languageNames[text.language], MARGIN, undefined, { width: this.width })));
        doc.moveDown(0.2);
      }
      for (const paragraph of markdownParagraphs(text.body)) {
        part.add(
          doc.struct(paragraph.heading ? "H4" : "P", {}, () =>
            doc
              .font(paragraph.heading ? "bold" : "regular")
              .fontSize(LETTER_SIZE)
              .text(paragraph.text, MARGIN, undefined, { width: this.width, lineGap: 1 }),
          ),
        );
        doc.moveDown(0.45);
      }
      part.end();
      doc.moveDown(0.4);
    }
  }

  /** The heading, the instruction, the ten rows and the notes under them: on this page if they fit, else on the next. */
  private signatures(section: Struct) {
    const { doc } = this;
    const headings = COLUMNS.map((column) => this.ts.map((t) => t(`sheets.pdf.columns.${column}`)));
    const headingHeight = Math.max(...COLUMNS.map((column, i) => this.headingHeight(headings[i], WIDTHS[column]))) + 2 * CELL_PAD;
    const tickLabels = SIGNER_TYPES.map((type) => this.both((t) => t(`campaign.signerTypes.${type}`)));
    const rowHeight = Math.max(MIN_ROW_HEIGHT, this.tickBoxesHeight(tickLabels) + 2 * CELL_PAD);
    const notes = (["showNameNote", "emailNote", "onceNote"] as const).map((key) => this.ts.map((t) => t(`sheets.pdf.${key}`)));
    const notesHeight = notes.flat().reduce((sum, note) => sum + doc.font("regular").fontSize(7).heightOfString(note, { width: this.width }) + 1, 0);
    const instruction = this.ts.map((t) => t("sheets.pdf.instruction"));
    const instructionHeight = instruction.reduce((sum, line) => sum + doc.font("regular").fontSize(PROSE_SIZE).heightOfString(line, { width: this.width }) + 1, 0);
    const needed = 24 + instructionHeight + 6 + headingHeight + ROWS * rowHeight + 8 + notesHeight;
    if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();

    section.add(doc.struct("H2", {}, () => doc.font("bold").fontSize(11).text(this.both((t) => t("sheets.pdf.signatures")), MARGIN, undefined, { width: this.width })));
    doc.moveDown(0.3);
    this.bilingualProse(section, (t) => t("sheets.pdf.instruction"));
    doc.moveDown(0.3);

    const top = doc.y;
    const x = this.columnStarts();
    const table = doc.struct("Table");
    section.add(table);
    const head = doc.struct("TR");
    table.add(head);
    COLUMNS.forEach((column, i) => {
      head.add(
        doc.struct("TH", headerScope("Column"), () => {
          headings[i].forEach((label, line) => {
            doc.font(line ? "regular" : "bold").fontSize(HEADING_SIZE).fillColor(line ? SECOND_LANGUAGE_COLOUR : "#000000");
            doc.text(label, x[i] + CELL_PAD, line ? undefined : top + CELL_PAD, { width: WIDTHS[column] - 2 * CELL_PAD });
          });
          doc.fillColor("#000000");
        }),
      );
    });
    head.end();
    const rowsTop = top + headingHeight;
    for (let row = 0; row < ROWS; row++) {
      const y = rowsTop + row * rowHeight;
      const tr = doc.struct("TR");
      table.add(tr);
      tr.add(doc.struct("TH", headerScope("Row"), () => doc.font("bold").fontSize(9).text(String(row + 1), x[0] + CELL_PAD, y + CELL_PAD + 1, { lineBreak: false })));
      for (let i = 1; i < COLUMNS.length; i++) {
        if (COLUMNS[i] !== "signerType") {
          tr.add(doc.struct("TD", {}, []));
          continue;
        }
        tr.add(
          doc.struct("TD", {}, () => {
            let labelY = y + CELL_PAD;
            for (const label of tickLabels) {
              doc.font("regular").fontSize(TICK_LABEL_SIZE).text(label, x[i] + CELL_PAD + TICK_BOX + 3, labelY, { width: this.tickLabelWidth() });
              labelY = doc.y + 2.5;
            }
          }),
        );
      }
      tr.end();
    }
    table.end();
    const bottom = rowsTop + ROWS * rowHeight;
    this.artifact("Layout", () => this.drawGrid(x, top, rowsTop, rowHeight, bottom, tickLabels));

    doc.x = MARGIN;
    doc.y = bottom + 8;
    for (const lines of notes) {
      lines.forEach((note, i) => {
        section.add(
          doc.struct("P", { lang: this.languages[i] }, () => {
            doc.font("regular").fontSize(7).fillColor(i ? SECOND_LANGUAGE_COLOUR : "#000000");
            doc.text(note, MARGIN, undefined, { width: this.width });
            doc.fillColor("#000000");
          }),
        );
        doc.moveDown(0.1);
      });
    }
  }

  /** The table's lines, the tick boxes in each row's signer-type cell and its "show my name" cell. */
  private drawGrid(x: number[], top: number, rowsTop: number, rowHeight: number, bottom: number, tickLabels: string[]) {
    const { doc } = this;
    const right = MARGIN + this.width;
    doc.lineWidth(0.6).strokeColor("#000000");
    doc.rect(MARGIN, top, this.width, bottom - top).stroke();
    for (const start of x.slice(1)) doc.moveTo(start, top).lineTo(start, bottom).stroke();
    for (let row = 0; row < ROWS; row++) doc.moveTo(MARGIN, rowsTop + row * rowHeight).lineTo(right, rowsTop + row * rowHeight).stroke();
    const typeColumn = COLUMNS.indexOf("signerType");
    const showColumn = COLUMNS.indexOf("showName");
    doc.lineWidth(0.5);
    for (let row = 0; row < ROWS; row++) {
      const y = rowsTop + row * rowHeight;
      let boxY = y + CELL_PAD + 0.5;
      for (const label of tickLabels) {
        doc.rect(x[typeColumn] + CELL_PAD, boxY, TICK_BOX, TICK_BOX).stroke();
        boxY += doc.font("regular").fontSize(TICK_LABEL_SIZE).heightOfString(label, { width: this.tickLabelWidth() }) + 2.5;
      }
      const size = 11;
      doc.rect(x[showColumn] + (WIDTHS.showName - size) / 2, y + (rowHeight - size) / 2, size, size).stroke();
    }
  }

  private columnStarts() {
    const starts: number[] = [];
    let x = MARGIN;
    for (const column of COLUMNS) {
      starts.push(x);
      x += WIDTHS[column];
    }
    return starts;
  }

  private tickLabelWidth() {
    return WIDTHS.signerType - 2 * CELL_PAD - TICK_BOX - 3;
  }

  private tickBoxesHeight(labels: string[]) {
    const { doc } = this;
    doc.font("regular").fontSize(TICK_LABEL_SIZE);
    return labels.reduce((sum, label) => sum + doc.heightOfString(label, { width: this.tickLabelWidth() }) + 2.5, 0);
  }

  private headingHeight(labels: string[], width: number) {
    const { doc } = this;
    return labels.reduce((sum, label, line) => sum + doc.font(line ? "regular" : "bold").fontSize(HEADING_SIZE).heightOfString(label, { width: width - 2 * CELL_PAD }), 0);
  }

  /** A sentence in the primary language, and beneath it, in grey, in each other one: a paragraph each, with its language. */
  private bilingualProse(section: Struct, text: (t: T) => string) {
    const { doc } = this;
    this.ts.forEach((t, i) => {
      section.add(
        doc.struct("P", { lang: this.languages[i] }, () => {
          doc.font("regular").fontSize(PROSE_SIZE).fillColor(i ? SECOND_LANGUAGE_COLOUR : "#000000");
          doc.text(text(t), MARGIN, undefined, { width: this.width });
          doc.fillColor("#000000");
        }),
      );
      doc.moveDown(0.15);
    });
  }

  /** Drawing that is not content (rules, boxes, the repeated header and the footer), marked so for screen readers. */
  private artifact(type: "Pagination" | "Layout", draw: () => void) {
    this.doc.markContent("Artifact", { type });
    draw();
    this.doc.endMarkedContent();
  }

  /** The campaign's title in the i-th language, or the primary's. */
  private title(i: number) {
    const titles = this.input.titles;
    return titles[this.languages[i]] || titles[this.languages[0]] || "";
  }

  /** A label in every language, primary first: "Taflen lofnodion / Signature sheet". */
  private both(text: (t: T) => string) {
    return this.distinct(this.ts.map((t) => text(t))).join(" / ");
  }

  private distinct(texts: string[]) {
    return [...new Set(texts.filter(Boolean))];
  }
}
