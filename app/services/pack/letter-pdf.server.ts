import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import MarkdownIt from "markdown-it";
import PDFDocument from "pdfkit";
import { getT, languageNames, type UiLanguage } from "~/i18n";
import type { PackSignatory, PackSupportLetter } from "~/models/packs.server";
import { parseEasyReadBody } from "~/schemas/easy-read";
import { sheetLabel } from "~/schemas/paper";
import type { HelperRelation, LetterVariant, RecipientRole, SignatureSource, SignerType } from "~/utils/db.server";
import { countryName } from "~/i18n/countries";
import { formatNumber, localeOf } from "~/i18n/format";
import { localePath } from "~/i18n/paths";
import { conflict } from "~/utils/domain-error";
import { logger } from "~/utils/logger.server";
import { type ImportedPages, importPages, type PdfObjectWriter, type StructureTarget } from "./import-pages.server";
import { LargePdf, type PdfInternals, type PdfRef } from "./large-pdf.server";

// letter.pdf, written as it goes: the cover, each signed version of the letter (its standard texts,
// then its Easy Read ones, as a page shows them: pictures left, text right), the table of every
// verified signatory, then the letters of support. The cover, whose figures are counted from the
// table's rows, is drawn last and put first (see `cover`). The table is the bulk (a million rows is about
// 17,000 pages), so each cell is one unwrapped text call at a fixed position, cut to its column by
// widths this module measures once per character: no line wrapping, no measuring per cell. A
// signatory someone helped to sign, or who signed on paper or at an event, takes two lines: who
// helped and where they signed (the sheet and its row, the event) go on the second, under the name.
//
// It is written in the campaign's languages, primary first: each heading in the primary language
// with the other beside it ("Llythyr agored / Open letter"), each sentence in the primary language
// with the other's beneath it in grey, and each language's letter text on pages of its own. A
// one-language campaign's pack is in its language alone, Welsh or English.

/** DejaVu covers Welsh and every other Latin script (ŵ, ŷ, Ł, ő …); Debian's fonts-dejavu-core. */
const FONT_DIR = "/usr/share/fonts/truetype/dejavu";
export const FONTS = { regular: `${FONT_DIR}/DejaVuSans.ttf`, bold: `${FONT_DIR}/DejaVuSans-Bold.ttf` };

const MARGIN = 40;
/** The other language's sentences, beneath the primary's. */
const SECOND_LANGUAGE_COLOUR = "#444444";
const TABLE_SIZE = 7.5;
const ROW_HEIGHT = 11;
/** Stands for the page's number in its label, translated once (see `pageLabel`). */
const PAGE_NUMBER = "\u0001";
/**
 * Name, signer type, organisation and role, town, date confirmed: 515 points, A4's width inside the
 * margins. Signer type and date are wide enough for the Welsh ("Gweithiwr proffesiynol", "Cadarnhawyd").
 */
const COLUMNS = [141, 92, 140, 80, 62];
/** The line under an assisted signatory's name, indented a little, runs across the row's columns. */
const HELPER_INDENT = 8;

/**
 * An Easy Read row: its picture fitted in a square this wide on the left (an inch and more, as on
 * the page), its text at this size on the right, and this much space between rows.
 */
const EASY_READ_PICTURE = 80;
const EASY_READ_GAP = 20;
const EASY_READ_SIZE = 16;
const EASY_READ_ROW_SPACE = 14;

// Control characters and bidirectional overrides could move or hide text in the printed table.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const markdown = new MarkdownIt({ html: false });

/** pdfkit's internal "set this text here", below text()'s wrapping and measuring. */
interface PdfFragments {
  _fragment(text: string, x: number, y: number, options: { textWidth: number; wordCount: number }): void;
}

/** The parts of pdfkit's document and embedded font that setting a table cell's text needs. */
interface PdfText {
  _font: PdfFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): void;
}
interface PdfFont {
  id: string;
  ascender: number;
  ref(): unknown;
  /** The glyphs' codes in the font's subset, as hex; records each glyph's width and Unicode for the file. */
  encode(text: string): [string[], unknown];
}

/** pdfkit's way of writing a number into a content stream. */
const pdfNumber = (n: number) => Math.round(n * 1e6) / 1e6;

/** The parts of pdfkit's embedded font (and fontkit's) that laying out one character needs. */
interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface Run {
  glyphs: Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}
interface EmbeddedFont {
  scale: number;
  font: { glyphForCodePoint(codePoint: number): Glyph };
  layoutRun(text: string, features?: unknown): Run;
}

/** Latin (Welsh's ŵ and ŷ included), Greek and Cyrillic without combining marks: one glyph per character. */
const SIMPLE_SCRIPT = /^[\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff\u2010-\u2027]*$/;

/**
 * Text in simple scripts is set one glyph per character from a per-character cache, without
 * fontkit shaping each new word (kerning is the only thing lost). Shaping was most of the time of a
 * million-row table, where nearly every name is a new word. Other scripts are shaped as before.
 */
function layOutSimpleScriptsByCharacter(font: EmbeddedFont) {
  const shaped = font.layoutRun.bind(font);
  const byCharacter = new Map<string, { glyph: Glyph; advance: number }>();
  font.layoutRun = (text, features) => {
    if (features || !SIMPLE_SCRIPT.test(text)) return shaped(text, features);
    const run: Run = { glyphs: [], positions: [], advanceWidth: 0 };
    for (const ch of text) {
      let entry = byCharacter.get(ch);
      if (!entry) {
        const glyph = font.font.glyphForCodePoint(ch.codePointAt(0)!);
        entry = { glyph, advance: glyph.advanceWidth * font.scale };
        byCharacter.set(ch, entry);
      }
      run.glyphs.push(entry.glyph);
      run.positions.push({ xAdvance: entry.advance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: entry.advance });
      run.advanceWidth += entry.advance;
    }
    return run;
  };
}

/** A text in each of the campaign's languages (a language missing one falls back to the primary's). */
export type ByLanguage = Partial<Record<UiLanguage, string>>;

export interface CoverFacts {
  titles: ByLanguage;
  exportedAt: string;
  recipients: { name: string; titles: ByLanguage; role: RecipientRole }[];
  total: number;
  bySignerType: { signerType: SignerType; count: number }[];
  /** By the language each person signed in. */
  byLanguage: { language: UiLanguage; count: number }[];
  /** By the letter text signed: its version, language and variant. */
  byLetterText: { number: number; language: string; variant: string; sha256: string; count: number }[];
  /** By the variant signed, when the pack has an Easy Read letter; undefined when it has none. */
  byVariant?: Record<LetterVariant, number>;
  /** Signed with someone's help. */
  assisted: number;
  /** By where they signed, when anyone signed on paper or at an event; undefined when everyone signed online. */
  bySource?: Record<SignatureSource, number>;
  /** Each event signatures came from, soonest first, with how many. */
  byEvent: { name: string; place: string | null; count: number }[];
  /** The paper sheets whose scans the pack carries under sheets/. */
  sheetScans: number;
  supportLetters: number;
  /** This site's address: the page that checks a pack is /verify-pack on it, in each language. */
  siteUrl: string;
}

/**
 * A letter of support's uploaded PDF: the file and its number of pages, copied in after the
 * letter's page, or, when qpdf cannot read it, where the pack keeps the file as it was stored.
 */
export type SupportLetterUpload = { file: string; pages: number } | { unreadable: string };

/** What the signatories' table shows of a signatory: a row of PackSignatory without the fields only the CSV and JSON give. */
export type TableSignatory = Pick<
  PackSignatory,
  "name" | "signer_type" | "role" | "organisation" | "location" | "verified_at" | "helper_name" | "helper_relation" | "source" | "sheet_number" | "sheet_row" | "event_name"
>;

export interface SignedText {
  number: number;
  language: string;
  variant: string;
  sha256: string;
  body: string;
}

/** An Easy Read row's picture, as the pictures service gives it. */
export interface Picture {
  data: Buffer;
  type: "png" | "jpeg";
}

/** pdfkit's image decoding, kept to draw a picture used in several rows from one embedded copy: image() takes what it opens. */
interface PdfImages {
  openImage(src: Buffer): PDFKit.Mixins.ImageSrc;
}

type T = ReturnType<typeof getT>;

/** A structure element of the tagged PDF (pdfkit's). */
type Struct = PDFKit.PDFStructureElement;
/** pdfkit's options of a structure element, with the two its types leave out. */
type StructOptions = PDFKit.Mixins.StructureElementOptions & { scope?: "Column" | "Row"; bbox?: [number, number, number, number] };

/**
 * A run of text set on one line with the next (pdfkit's `continued`), in the document's language
 * or, with `lang`, in another one: its own Span, so a screen reader switches voice for it.
 */
interface Piece {
  text: string;
  lang?: string;
}

/** Where a paragraph goes in the structure tree, and as what. */
interface Tag {
  /** P, H1, H2, H3, LBody … (P when unset). */
  type?: string;
  /** The element it goes in: the current section when unset. */
  parent?: Struct;
  /** The whole paragraph is in this language (another than the document's). */
  lang?: string;
}

/** A structure element's dictionary: the object pdfkit writes for it. */
const dictionaryOf = (element: Struct) => (element as unknown as { dictionary: PdfRef }).dictionary;

export class LetterPdf {
  private readonly doc: PDFKit.PDFDocument;
  private readonly out: fs.WriteStream;
  private readonly done: Promise<void>;
  /** The campaign's languages, primary first, and each one's strings and locale (en-GB, cy-GB). */
  private readonly languages: UiLanguage[];
  private readonly ts: T[];
  private readonly locales: string[];
  /** The primary language's strings: for what has room for one language only (the table's cells). */
  private readonly t: T;
  private readonly charWidths = new Map<string, number>();
  /** Each character's glyph code in each font's subset (see `glyphCodesOf`). */
  private readonly glyphCodes = new Map<PdfFont, Map<string, string>>();
  private readonly ellipsisWidth: number;
  /**
   * Looked up once: translating per row costs more than drawing it, and per page (90,000 pages for
   * the UK's largest petition) it cost about 6 % of the drawing. The page's label has PAGE_NUMBER for its number.
   */
  private readonly pageLabel: string;
  private readonly coverPageLabel: string;
  /** The cover's pages so far, once it is begun: they are numbered on their own. */
  private coverPages: number | undefined;
  private readonly columnLabels: string[][];
  private readonly signerTypes: Record<SignerType, string>;
  private readonly helperRelations: Record<HelperRelation, string>;
  /** Each picture decoded once, by its reference: the PDF holds it once, however many rows show it. */
  private readonly images = new Map<string, PDFKit.Mixins.ImageSrc>();
  /** The structure tree: Document, then a Sect per part (cover, each letter text, signatories, each letter of support). */
  private readonly root: Struct;
  private section: Struct;
  /** The signatories' table on the page being written: a table per page, each with its header row. */
  private table: Struct | undefined;
  /** The rows of the page's table, written by `endRow`: the Table's K lists them after its header row. */
  private tableRows: PdfRef[] = [];
  /** The row being written: its object number, and its cells' marked content (MCIDs on this page). */
  private rowId = 0;
  private rowCells: number[][] = [];
  /**
   * Structure elements the current section lists after its pdfkit children: each page's signatory
   * table, an uploaded letter's own elements.
   */
  private sectionElements: PdfRef[] = [];
  /** The objects this module writes itself, beside pdfkit's (see large-pdf.server.ts). */
  private readonly pdf: LargePdf;
  private pages = 0;
  private y = 0;

  /** `languages`: the campaign's, primary first; `title` is in the primary language. */
  constructor(file: string, { title, languages }: { title: string; languages: UiLanguage[] }) {
    for (const font of Object.values(FONTS)) {
      if (!fs.existsSync(font)) throw new Error(`The font ${font} is missing: install Debian's fonts-dejavu-core.`);
    }
    if (!languages.length) throw new Error("A pack is written in at least one language");
    this.languages = languages;
    this.ts = languages.map((language) => getT(language));
    this.locales = languages.map((language) => localeOf(language));
    this.t = this.ts[0];
    // Tagged (PDF/UA's structure: see README "The signature pack"), in the primary language, its
    // title in the window's title bar.
    this.doc = new PDFDocument({
      size: "A4",
      margin: MARGIN,
      autoFirstPage: false,
      pdfVersion: "1.7",
      tagged: true,
      lang: this.locales[0],
      displayTitle: true,
      info: { Title: title, Creator: "Undersigned" },
    });
    this.out = fs.createWriteStream(file);
    this.pdf = new LargePdf(this.doc, this.out);
    this.root = this.doc.struct("Document");
    this.doc.addStructure(this.root);
    this.section = this.root;
    this.doc.registerFont("regular", FONTS.regular);
    this.doc.registerFont("bold", FONTS.bold);
    this.doc.on("pageAdded", () => this.pageAdded());
    this.doc.pipe(this.out);
    this.done = finished(this.out);
    this.doc.font("regular").fontSize(TABLE_SIZE);
    layOutSimpleScriptsByCharacter((this.doc as unknown as { _font: EmbeddedFont })._font);
    this.ellipsisWidth = this.doc.widthOfString("…");
    this.pageLabel = this.both((t) => t("pack.pdf.page", { number: PAGE_NUMBER }));
    this.coverPageLabel = this.both((t) => t("pack.pdf.coverPage", { number: PAGE_NUMBER }));
    this.columnLabels = this.ts.map((t) => [t("pack.pdf.name"), t("pack.pdf.signerType"), t("pack.pdf.organisationRole"), t("pack.pdf.location"), t("pack.pdf.confirmed")]);
    const signerType = (type: SignerType) => this.t(`campaign.signerTypes.${type}`);
    this.signerTypes = { individual: signerType("individual"), professional: signerType("professional"), organisation: signerType("organisation") };
    const relation = (r: HelperRelation) => this.t(`pack.pdf.helperRelations.${r}`);
    this.helperRelations = {
      support_worker: relation("support_worker"),
      family: relation("family"),
      friend: relation("friend"),
      advocate: relation("advocate"),
      other: relation("other"),
    };
  }

  /**
   * The cover, drawn last and put first: its figures are counted from the rows as they are written
   * (counting six million beforehand took half a minute), so it is drawn once every other page is.
   * Its pages go to the front of the page tree, its section to the front of the structure tree, its
   * bookmark to the front of the outline. They are numbered on their own ("Cover, page 1"), and the
   * page labels a PDF reader shows say the same.
   */
  private cover(facts: CoverFacts) {
    const doc = this.doc as unknown as PdfInternals & PDFKit.PDFDocument;
    const number = (n: number) => formatNumber(n, localeOf(this.languages[0]));
    this.endTable();
    const kids = (doc._root.data as { Pages: { data: { Kids: unknown[] } } }).Pages.data.Kids;
    const before = kids.length;
    this.coverPages = 0;
    doc.addPage();
    this.startSection(this.both((t) => t("pack.pdf.cover")));
    this.write("bold", this.pieces((t) => t("pack.pdf.openLetter")), 12);
    // The campaign's title in each language, the primary's first and largest: the H1.
    const titles = this.languages.map((l, i) => ({ text: clean(facts.titles[l] ?? facts.titles[this.languages[0]] ?? ""), lang: this.otherLocale(i) }));
    const seen = new Set<string>();
    for (const [i, title] of titles.entries()) {
      if (!title.text || seen.has(title.text)) continue;
      seen.add(title.text);
      this.write("bold", title.text, i ? 16 : 20, i ? SECOND_LANGUAGE_COLOUR : undefined, { type: i ? "P" : "H1", lang: title.lang });
    }
    this.bilingualProse((t) => t("pack.pdf.exportedOn", { date: new Date(facts.exportedAt) }));
    for (const role of ["to", "cc"] as const) {
      const people = facts.recipients.filter((r) => r.role === role);
      if (!people.length) continue;
      this.heading(this.pieces((t) => t(role === "to" ? "pack.pdf.to" : "pack.pdf.cc")), 13, "H2");
      this.list(
        people.map((r) => {
          const titles = this.distinct(this.languages.map((l) => r.titles[l] ?? r.titles[this.languages[0]] ?? ""));
          return clean(`${r.name}, ${titles.join(" / ")}`);
        }),
      );
    }
    this.heading(this.pieces((t) => t("pack.pdf.signatures", { count: facts.total })), 13, "H2");
    this.list(facts.bySignerType.map(({ signerType, count }) => [...this.pieces((t) => t(`campaign.signerTypes.${signerType}`)), { text: `: ${number(count)}` }]));
    if (this.languages.length > 1 || facts.byLanguage.some((b) => b.language !== this.languages[0])) {
      const counts = facts.byLanguage.map(({ language, count }) => `${languageNames[language]} ${number(count)}`).join(", ");
      this.prose([...this.pieces((t) => t("pack.pdf.byLanguage")), { text: `: ${counts}` }]);
    }
    const { byVariant } = facts;
    if (byVariant) this.bilingualProse((t) => t("pack.pdf.byVariant", { standard: byVariant.standard, easyRead: byVariant.easy_read }));
    if (byVariant || facts.assisted) this.bilingualProse((t) => t("pack.pdf.assisted", { count: facts.assisted }));
    const { bySource } = facts;
    if (bySource) this.bilingualProse((t) => t("pack.pdf.bySource", { online: bySource.online, paper: bySource.paper, event: bySource.event }));
    if (facts.byEvent.length) {
      this.list(
        facts.byEvent.map((event) => {
          const name = clean(event.place ? `${event.name} (${event.place})` : event.name);
          return [...this.pieces((t) => t("pack.pdf.event")), { text: `: ${name}: ${number(event.count)}` }];
        }),
      );
    }
    if (facts.sheetScans) this.bilingualProse((t) => t("pack.pdf.sheetScans", { count: facts.sheetScans }));
    const manyLanguages = new Set(facts.byLetterText.map((v) => v.language)).size > 1 || this.languages.length > 1;
    this.list(
      facts.byLetterText.map(({ number: version, language, variant, sha256, count }) => {
        const inLanguage = manyLanguages ? `, ${nameOf(language)}` : "";
        const easyRead = variant === "easy_read" ? [{ text: ", " }, ...this.pieces((t) => t("pack.pdf.easyRead"))] : [];
        return [
          ...this.pieces((t) => t("pack.pdf.version", { number: version })),
          { text: inLanguage },
          ...easyRead,
          { text: `: ${number(count)} (SHA-256 ${sha256})` },
        ].filter((piece) => piece.text);
      }),
    );
    this.bilingualProse((t) => t("pack.pdf.supportLetters", { count: facts.supportLetters }));
    // Not everyone confirmed by email when some signed in the room: the sentence says how each was checked.
    this.bilingualProse((t) => t(bySource ? "pack.pdf.hiddenNamesInRoom" : "pack.pdf.hiddenNames"));
    this.bilingualProse((t, language) => t("pack.pdf.howToCheck", { url: `${facts.siteUrl}${localePath(language, "/verify-pack")}` }));

    const coverPages = kids.splice(before);
    kids.unshift(...coverPages);
    const sections = (this.root as unknown as { _children: unknown[] })._children;
    sections.unshift(sections.pop());
    const bookmarks = (doc.outline as unknown as { children: unknown[] }).children;
    bookmarks.unshift(bookmarks.pop());
    // Page labels: "Cover 1", then 1, 2, 3 … as printed at each page's foot.
    (doc._root.data as { PageLabels?: unknown }).PageLabels = { Nums: [0, { S: "D", P: new String(`${this.t("pack.pdf.cover")} `) }, coverPages.length, { S: "D" }] };
  }

  /**
   * Each language's text of each signed version, in the order given, on pages of its own, named by
   * its language, with its SHA-256. An Easy Read text is drawn as its page shows it, with
   * `pictures` (by reference: every picture its rows name).
   */
  letters(texts: SignedText[], pictures: ReadonlyMap<string, Picture>) {
    for (const text of texts) {
      this.doc.addPage();
      const key = text.variant === "easy_read" ? "pack.pdf.easyReadVersion" : "pack.pdf.letterVersion";
      const heading = this.pieces((t) => t(key, { number: text.number }));
      this.startSection(`${heading.map((p) => p.text).join("")}, ${nameOf(text.language)}`);
      this.heading(heading, 16, "H2");
      // The text itself is in its own language: its paragraphs say so when it is not the document's.
      const lang = localeOf(text.language) === this.locales[0] ? undefined : localeOf(text.language);
      this.write("bold", [...this.pieces((t) => t("pack.pdf.textLanguage")), { text: `: ${nameOf(text.language)}` }], 11);
      this.prose(`SHA-256 ${text.sha256}`, 8);
      if (text.variant === "easy_read") this.easyRead(text.body, pictures, lang);
      else this.markdown(text.body, lang);
    }
  }

  startSignatories(total: number) {
    this.doc.addPage();
    const heading = this.pieces((t) => t("pack.pdf.signatories", { count: total }));
    this.startSection(heading.map((p) => p.text).join(""));
    this.heading(heading, 16, "H2");
    this.startTable(this.doc.y);
  }

  /** Adds rows; the caller awaits `drained()` between batches so the file keeps up. */
  addSignatories(rows: TableSignatory[]) {
    const doc = this.doc;
    const bottom = doc.page.height - MARGIN - ROW_HEIGHT;
    for (const row of rows) {
      const note = this.note(row);
      const extra = note ? ROW_HEIGHT : 0;
      if (this.y + extra > bottom || !this.table) {
        this.endTable();
        doc.addPage();
        this.startTable(MARGIN);
      }
      const cells = [
        row.name,
        this.signerTypes[row.signer_type],
        [row.role, row.organisation].filter(Boolean).join(", "),
        row.location,
        row.verified_at?.slice(0, 10) ?? "",
      ];
      // A row (TR) of five cells (TD); the line under the name (who helped, where) is the name cell's too.
      this.startRow();
      this.rowCellsDrawn(cells);
      this.y += ROW_HEIGHT;
      if (note) this.markCell(0, () => this.noteLine(note));
      this.endRow();
    }
  }

  /** Resolves once the file has taken what was drawn so far: memory stays flat however many rows. */
  async drained() {
    this.forgetLayouts();
    await this.pdf.fileCaughtUp();
  }


  /** A letter of support, from a new page, and what became of its uploaded PDF, if it has one: its pages follow. */
  async supportLetter(letter: PackSupportLetter, upload: SupportLetterUpload | undefined) {
    this.endTable();
    this.doc.addPage();
    const heading = this.pieces((t) => t("pack.pdf.supportLetterFrom", { name: clean(letter.author_name) }));
    this.startSection(heading.map((p) => p.text).join(""));
    this.heading(heading, 16, "H2");
    const about = [letter.role, letter.organisation, countryName(letter.country)].filter(Boolean).map((s) => clean(s!));
    if (about.length) this.prose(about.join(", "));
    if (letter.body) this.markdown(letter.body);
    if (upload && "pages" in upload) this.bilingualProse((t) => t("pack.pdf.attached", { count: upload.pages }));
    else if (upload) this.bilingualProse((t) => t("pack.pdf.unreadable", { file: upload.unreadable }));
    if (upload && "file" in upload) await this.copyPages(upload.file);
  }

  /**
   * An uploaded PDF's pages, copied into this file after the page being written (see
   * `importPages`) and listed in the page tree there. A tagged upload keeps its tags: its
   * structure elements go into the letter's section, after the letter's own, its custom structure
   * types into the RoleMap, and its pages' ParentTree entries into this file's under new keys.
   */
  private async copyPages(file: string) {
    const doc = this.doc as unknown as PdfInternals & PDFKit.PDFDocument;
    const tree = doc._root.data as { Pages: PdfRef & { data: { Kids: unknown[]; Count: number } } };
    const writer: PdfObjectWriter = {
      allocate: () => this.pdf.newObject(),
      write: (id, dict, stream) => this.pdf.writeObject(id, dict, stream),
    };
    const parentTree = doc.getStructParentTree();
    const structure: StructureTarget = {
      parent: `${dictionaryOf(this.section).id} 0 R`,
      parentTreeEntry: (value) => {
        const key = (doc as unknown as { createStructParentTreeNextKey(): number }).createStructParentTreeNextKey();
        const element = /^(\d+) 0 R$/.exec(value);
        if (element) {
          parentTree.add(key, this.pdf.ref(Number(element[1])));
        } else {
          const id = this.pdf.newObject();
          writer.write(id, value);
          parentTree.add(key, this.pdf.ref(id));
        }
        return key;
      },
    };
    let imported: ImportedPages;
    try {
      imported = await importPages(file, writer, `${tree.Pages.id} 0 R`, structure);
    } catch (error) {
      logger.warn({ err: error, file: path.basename(file) }, "The pages of an uploaded letter of support could not be copied into letter.pdf");
      throw conflict("pack.errors.appendFailed");
    }
    const { pages, elements, roleMap } = imported;
    this.sectionElements.push(...elements.map((id) => this.pdf.ref(id)));
    if (Object.keys(roleMap).length) {
      const root = (doc as unknown as { getStructTreeRoot(): { data: { RoleMap?: Record<string, string> } } }).getStructTreeRoot();
      root.data.RoleMap = { ...roleMap, ...root.data.RoleMap };
    }
    tree.Pages.data.Kids.push(...pages.map((id) => this.pdf.ref(id)));
    tree.Pages.data.Count += pages.length;
    this.pages += pages.length;
    await this.pdf.fileCaughtUp();
  }

  /** The cover (see `cover`), then the file's end. */
  async end(cover: CoverFacts) {
    this.cover(cover);
    this.endTable();
    if (this.section !== this.root) this.section.end();
    this.doc.end();
    await this.done;
  }

  /**
   * pdfkit caches the layout of every word it sets, without bound: a million signatories' names
   * would fill the memory. Cleared after each batch, it keeps its worth (the words of one batch).
   */
  private forgetLayouts() {
    const fonts = (this.doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> })._fontFamilies;
    for (const font of Object.values(fonts)) if (font.layoutCache) font.layoutCache = Object.create(null);
  }

  private pageAdded() {
    this.pages += 1;
    this.pdf.collectPageContent();
    this.pdf.forgetWrittenPage();
    const { doc } = this;
    const { x, y } = doc;
    // Page furniture is an artifact: a screen reader skips it.
    doc.markContent("Artifact", { type: "Pagination" });
    doc.font("regular").fontSize(7).fillColor("#555555");
    let label: string;
    if (this.coverPages === undefined) {
      label = this.pageLabel.replaceAll(PAGE_NUMBER, String(this.pages));
    } else {
      // The cover's pages are numbered on their own.
      this.coverPages += 1;
      label = this.coverPageLabel.replaceAll(PAGE_NUMBER, String(this.coverPages));
    }
    doc.text(label, MARGIN, doc.page.height - MARGIN + 12, { lineBreak: false });
    doc.fillColor("#000000");
    doc.endMarkedContent();
    doc.x = x;
    doc.y = y;
  }

  /** A new part of the document (a Sect), from the page just added, and its bookmark. */
  private startSection(bookmark: string) {
    if (this.section !== this.root) this.section.end();
    this.section = this.doc.struct("Sect");
    this.root.add(this.section);
    // What this module lists in the section itself (see `sectionElements`), after pdfkit's children.
    const listed: PdfRef[] = [];
    this.sectionElements = listed;
    const section = dictionaryOf(this.section) as PdfRef & { data: { K?: unknown[] } };
    const end = section.end.bind(section);
    section.end = () => {
      section.data.K = [...(section.data.K ?? []), ...listed];
      end();
    };
    const doc = this.doc as unknown as PdfInternals & PDFKit.PDFDocument;
    const item = doc.outline.addItem(bookmark);
    // pdfkit's default destination scrolls to the page's right edge: this one opens at its top left.
    item.outlineData.Dest = [doc.page.dictionary, "XYZ", 0, doc.page.height, null];
  }

  /** The signatories' table on a new page: its header row, then rows until the page is full. */
  private startTable(top: number) {
    const table = this.doc.struct("Table");
    this.table = table;
    // Not one of the section's pdfkit children, which would keep every page's table to the end
    // (90,000 of them for the UK's largest petition): listed by reference instead.
    const sectionDictionary = dictionaryOf(this.section);
    (table as unknown as { setParent(parent: PdfRef): void; setAttached(): void }).setParent(sectionDictionary);
    (table as unknown as { setAttached(): void }).setAttached();
    this.sectionElements.push(this.pdf.ref(dictionaryOf(table).id));
    // The rows are objects this module writes (see `endRow`): the Table lists them after its header row.
    const rows: PdfRef[] = [];
    this.tableRows = rows;
    const dictionary = dictionaryOf(table) as PdfRef & { data: { K: unknown[] } };
    const end = dictionary.end.bind(dictionary);
    dictionary.end = () => {
      dictionary.data.K.push(...rows);
      end();
    };
    this.tableHeader(top, table);
  }

  /** The page's table is done: written out, with the page's list of marked content. */
  private endTable() {
    if (!this.table) return;
    this.table.end();
    this.table = undefined;
    this.tableRows = [];
    this.pdf.compactParentTree();
    this.pdf.writePacked();
  }

  /**
   * A signatory's row: a TR of five TDs. pdfkit's structure elements cost an object, a closure and
   * its serialiser's work per cell: for a million rows (six million objects) they were most of the
   * time the tagging took. A row's objects are written here instead, as compact text, once its cells
   * are drawn; each cell's content is marked with its MCID, listed in the page's ParentTree entry.
   */
  private startRow() {
    this.rowId = this.pdf.newObject();
    this.rowCells = COLUMNS.map(() => []);
  }

  private markCell(column: number, draw: () => void) {
    const doc = this.doc as unknown as PdfInternals;
    doc.addContent(`/TD <</MCID ${this.nextMcid(column)}>> BDC`);
    draw();
    doc.addContent("EMC");
  }

  /** The page's next marked content's MCID, as part of the row's cell in `column`. */
  private nextMcid(column: number) {
    const doc = this.doc as unknown as PdfInternals;
    const parents = doc.getStructParentTree().get(doc.page.structParentTreeKey);
    const mcid = parents.length;
    parents.push(null);
    this.rowCells[column].push(mcid);
    return mcid;
  }

  private endRow() {
    const doc = this.doc as unknown as PdfInternals;
    const parents = doc.getStructParentTree().get(doc.page.structParentTreeKey);
    const page = doc.page.dictionary.id;
    const cells = this.rowCells.map((mcids) => {
      const id = this.pdf.newObject();
      const cell = this.pdf.ref(id);
      for (const mcid of mcids) parents[mcid] = cell;
      const k = mcids.length === 1 ? String(mcids[0]) : `[${mcids.join(" ")}]`;
      this.pdf.pack(id, `<</S/TD/P ${this.rowId} 0 R/Pg ${page} 0 R/K ${k}>>`);
      return id;
    });
    const table = dictionaryOf(this.table!).id;
    this.pdf.pack(this.rowId, `<</S/TR/P ${table} 0 R/K[${cells.map((id) => `${id} 0 R`).join(" ")}]>>`);
    this.tableRows.push(this.pdf.ref(this.rowId));
  }



  /**
   * What goes under a signatory's name, or undefined for most (online, unaided): "signed with help
   * from {name} ({relation})", "on paper: sheet S-0007, row 3", "at an event: {name}", joined by " · ".
   * Rare rows: translated here, not cached.
   */
  private note(row: TableSignatory) {
    if (!row.helper_name && row.source === "online" && !row.event_name) return undefined;
    const parts: string[] = [];
    if (row.helper_name) parts.push(this.t("pack.pdf.signedWithHelp", { name: row.helper_name, relation: this.helperRelations[row.helper_relation ?? "other"] }));
    if (row.source === "paper") {
      parts.push(
        row.sheet_number !== null && row.sheet_row !== null
          ? this.t("pack.pdf.onSheet", { sheet: sheetLabel(row.sheet_number), row: row.sheet_row })
          : this.t("pack.pdf.onPaper"),
      );
    }
    if (row.event_name) parts.push(this.t("pack.pdf.atEvent", { event: row.event_name }));
    else if (row.source === "event") parts.push(this.t("pack.pdf.atAnEvent"));
    return parts.join(" · ");
  }

  /** A note under a signatory's name, in grey on a line of its own across the row: one unwrapped text call like a cell. */
  private noteLine(text: string) {
    this.doc.fillColor(SECOND_LANGUAGE_COLOUR);
    this.cell(text, MARGIN + HELPER_INDENT, this.doc.page.width - 2 * MARGIN - HELPER_INDENT - 4);
    this.doc.fillColor("#000000");
    this.y += ROW_HEIGHT;
  }

  /**
   * An Easy Read letter's rows as its page shows them: each row's picture on the left, its text
   * large on the right, level with the picture's middle. A row is never split across pages.
   * The rows' alt texts are not drawn: the picture is there, a Figure with the alt text (a picture
   * without one is an artifact). Each row is a Div: its Figure, then its P.
   */
  private easyRead(body: string, pictures: ReadonlyMap<string, Picture>, lang: string | undefined) {
    const { doc } = this;
    const textX = MARGIN + EASY_READ_PICTURE + EASY_READ_GAP;
    const width = doc.page.width - MARGIN - textX;
    doc.moveDown(0.6);
    for (const row of parseEasyReadBody(body)) {
      const text = clean(row.text);
      doc.font("regular").fontSize(EASY_READ_SIZE);
      const textHeight = doc.heightOfString(text, { width });
      const height = Math.max(EASY_READ_PICTURE, textHeight);
      if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
      const top = doc.y;
      const div = doc.struct("Div", lang ? { lang } : {});
      this.section.add(div);
      const picture = row.picture ? pictures.get(row.picture) : undefined;
      if (picture) {
        const draw = () => doc.image(this.image(row.picture!, picture), MARGIN, top, { fit: [EASY_READ_PICTURE, EASY_READ_PICTURE], align: "center", valign: "center" });
        const alt = row.alt ? clean(row.alt).trim() : "";
        if (alt) {
          const options: StructOptions = { alt, bbox: [MARGIN, top, MARGIN + EASY_READ_PICTURE, top + EASY_READ_PICTURE] };
          div.add(doc.struct("Figure", options as PDFKit.Mixins.StructureElementOptions, draw));
        } else {
          doc.markContent("Artifact", { type: "Layout" });
          draw();
          doc.endMarkedContent();
        }
      }
      div.add(doc.struct("P", {}, () => doc.text(text, textX, top + Math.max(0, (EASY_READ_PICTURE - textHeight) / 2), { width })));
      div.end();
      doc.x = MARGIN;
      doc.y = top + height + EASY_READ_ROW_SPACE;
    }
  }

  private image(ref: string, picture: Picture) {
    let image = this.images.get(ref);
    if (!image) {
      image = (this.doc as unknown as PdfImages).openImage(picture.data);
      this.images.set(ref, image);
    }
    return image;
  }

  /**
   * The table's header row: a TH per column (Scope Column), with the column's name a line per
   * language (the primary's in bold, the others in their own language): a column has no room for
   * two side by side.
   */
  private tableHeader(top: number, table: Struct) {
    const { doc } = this;
    this.y = top;
    const row = doc.struct("TR");
    table.add(row);
    const headers = COLUMNS.map(() => {
      const th = doc.struct("TH", { scope: "Column" } as StructOptions as PDFKit.Mixins.StructureElementOptions);
      row.add(th);
      return th;
    });
    this.ts.forEach((t, line) => {
      doc.font(line ? "regular" : "bold").fontSize(TABLE_SIZE);
      if (line) doc.fillColor(SECOND_LANGUAGE_COLOUR);
      const labels = this.columnLabels[line];
      let x = MARGIN;
      labels.forEach((label, i) => {
        const left = x;
        const draw = () => {
          // A column's name never runs into the next: one longer than its column is set smaller.
          const width = doc.widthOfString(label);
          if (width > COLUMNS[i] - 4) doc.fontSize((TABLE_SIZE * (COLUMNS[i] - 4)) / width);
          doc.text(label, left, this.y, { lineBreak: false });
          doc.fontSize(TABLE_SIZE);
        };
        if (line) headers[i].add(doc.struct("Span", { lang: this.locales[line] }, draw));
        else headers[i].add(draw);
        x += COLUMNS[i];
      });
      doc.fillColor("#000000");
      this.y += ROW_HEIGHT;
    });
    row.end();
    doc.markContent("Artifact", { type: "Layout" });
    doc
      .moveTo(MARGIN, this.y - 2)
      .lineTo(doc.page.width - MARGIN, this.y - 2)
      .lineWidth(0.5)
      .stroke();
    doc.endMarkedContent();
    doc.font("regular").fontSize(TABLE_SIZE);
  }

  /**
   * The cells of a signatory's row. pdfkit's text() measures a string twice more after laying it
   * out (to place and to advance), and its _fragment, which text() ends in, lays it out again and
   * adds eight operators one by one, each a line of the page's content. A row whose cells are all
   * in simple scripts (one glyph a character, see `layOutSimpleScriptsByCharacter`) is written here
   * instead, in one piece: one text object, in it each cell's text marked as its TD, from each
   * character's glyph code looked up once. Another row's cells go through _fragment each, with
   * their widths already summed. That took a million-row table from most of the export's time to
   * a fifth of it. The tests read every name back with pdftotext.
   */
  private rowCellsDrawn(texts: string[]) {
    const cells = texts.map((text, i) => this.fit(text, COLUMNS[i] - 4));
    if (!cells.every((cell) => SIMPLE_SCRIPT.test(cell.text))) {
      let x = MARGIN;
      cells.forEach((cell, i) => {
        const left = x;
        this.markCell(i, () => this.fragment(cell, left));
        x += COLUMNS[i];
      });
      return;
    }
    const doc = this.doc as unknown as PdfText;
    const font = doc._font;
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    // As _fragment: the page's upside-down coordinates turned back for the text, each placed by its top.
    const height = doc.page.height;
    const baseline = pdfNumber(height - this.y - (font.ascender / 1000) * doc._fontSize);
    let ops = `q\n1 0 0 -1 0 ${pdfNumber(height)} cm\nBT\n/${font.id} ${pdfNumber(doc._fontSize)} Tf\n`;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      ops += `/TD <</MCID ${this.nextMcid(i)}>> BDC\n`;
      if (cell.text) ops += `1 0 0 1 ${pdfNumber(x)} ${baseline} Tm\n<${this.glyphCodesOf(cell.text)}> Tj\n`;
      ops += "EMC\n";
      x += COLUMNS[i];
    });
    doc.addContent(`${ops}ET\nQ`);
  }

  /** A line of text under a row (see `noteLine`), cut to fit `width` points, at (x, this.y). */
  private cell(raw: string, x: number, width: number) {
    this.fragment(this.fit(raw, width), x);
  }

  /** Text cut with "…" to fit `width` points on one line, and the width it takes. */
  private fit(raw: string, width: number) {
    const text = clean(raw);
    let used = 0;
    let end = 0;
    let cut = -1;
    for (const ch of text) {
      const w = this.charWidth(ch);
      if (cut < 0 && used + w > width - this.ellipsisWidth) cut = end;
      used += w;
      if (used > width) return { text: `${text.slice(0, cut)}…`, width };
      end += ch.length;
    }
    return { text, width: used };
  }

  /** Fitted text at (x, this.y), through pdfkit's _fragment, with the width already summed. */
  private fragment({ text, width }: { text: string; width: number }, x: number) {
    if (text) (this.doc as unknown as PdfFragments)._fragment(text, x, this.y, { textWidth: width, wordCount: 1 });
  }

  /** The glyph codes of text in a simple script, in the current font's subset, as hex. */
  private glyphCodesOf(text: string) {
    const font = (this.doc as unknown as PdfText)._font;
    let codes = this.glyphCodes.get(font);
    if (!codes) this.glyphCodes.set(font, (codes = new Map()));
    let hex = "";
    for (const ch of text) {
      let code = codes.get(ch);
      if (code === undefined) {
        code = font.encode(ch)[0].join("");
        codes.set(ch, code);
      }
      hex += code;
    }
    return hex;
  }

  private charWidth(ch: string) {
    let width = this.charWidths.get(ch);
    if (width === undefined) {
      width = this.doc.widthOfString(ch);
      this.charWidths.set(ch, width);
    }
    return width;
  }

  /** The locale of the i-th of the campaign's languages when it is not the document's (the primary). */
  private otherLocale(i: number) {
    return i && this.locales[i] !== this.locales[0] ? this.locales[i] : undefined;
  }

  /** A heading or label in every language, primary first: "Llythyr agored / Open letter". */
  private both(text: (t: T, language: UiLanguage) => string) {
    return this.distinct(this.ts.map((t, i) => text(t, this.languages[i]))).join(" / ");
  }

  /** The same as `both`, as pieces: each other language's in its own language. */
  private pieces(text: (t: T, language: UiLanguage) => string): Piece[] {
    const seen = new Set<string>();
    const pieces: Piece[] = [];
    this.ts.forEach((t, i) => {
      const s = text(t, this.languages[i]);
      if (!s || seen.has(s)) return;
      seen.add(s);
      pieces.push({ text: pieces.length ? ` / ${s}` : s, lang: this.otherLocale(i) });
    });
    return pieces;
  }

  /** A sentence in the primary language, and beneath it, in grey, in each other one (marked as that language). */
  private bilingualProse(text: (t: T, language: UiLanguage) => string) {
    this.ts.forEach((t, i) => this.write("regular", text(t, this.languages[i]), 11, i ? SECOND_LANGUAGE_COLOUR : undefined, { lang: this.otherLocale(i) }));
  }

  /** The texts without repeats: a name that is the same in both languages is given once. */
  private distinct(texts: string[]) {
    return [...new Set(texts.filter(Boolean))];
  }

  private heading(text: string | Piece[], size: number, type: string) {
    this.write("bold", text, size, undefined, { type });
  }

  private prose(text: string | Piece[], size = 11, colour?: string, tag: Tag = {}) {
    this.write("regular", text, size, colour, tag);
  }

  /** A list (L), an item (LI, its LBody) per entry: no label is drawn, so none is tagged. */
  private list(items: (string | Piece[])[]) {
    if (!items.length) return;
    const list = this.doc.struct("L");
    this.section.add(list);
    for (const item of items) {
      const li = this.doc.struct("LI");
      list.add(li);
      this.prose(item, 11, undefined, { type: "LBody", parent: li });
      li.end();
    }
    list.end();
  }

  /**
   * A paragraph, as a structure element (P unless `tag` says otherwise) in the current section or
   * `tag.parent`: its pieces set on one line after another, each in another language a Span of its own.
   */
  private write(font: "regular" | "bold", text: string | Piece[], size: number, colour?: string, tag: Tag = {}) {
    const { doc } = this;
    const pieces = typeof text === "string" ? [{ text }] : text;
    const element = doc.struct(tag.type ?? "P", tag.lang ? { lang: tag.lang } : {});
    (tag.parent ?? this.section).add(element);
    if (colour) doc.fillColor(colour);
    doc.font(font).fontSize(size);
    const width = doc.page.width - 2 * MARGIN;
    pieces.forEach((piece, i) => {
      const options = { width, continued: i < pieces.length - 1 };
      const draw = () => (i ? doc.text(piece.text, options) : doc.text(piece.text, MARGIN, undefined, options));
      if (piece.lang) element.add(doc.struct("Span", { lang: piece.lang }, draw));
      else element.add(draw);
    });
    element.end();
    if (colour) doc.fillColor("#000000");
    doc.moveDown(0.4);
  }

  /**
   * Markdown as tagged paragraphs: headings (H3, in bold), lists (L, LI, the bullet a Lbl and the
   * text an LBody) and paragraphs (P). Raw HTML stays text. `lang`: the text's language when it is
   * not the document's.
   */
  private markdown(source: string, lang?: string) {
    let list: Struct | undefined;
    const endList = () => {
      list?.end();
      list = undefined;
    };
    for (const paragraph of markdownParagraphs(source)) {
      if (!paragraph.listItem) {
        endList();
        if (paragraph.heading) this.write("bold", paragraph.text, 12, undefined, { type: "H3", lang });
        else this.prose(paragraph.text, 11, undefined, { lang });
        continue;
      }
      if (!list) {
        list = this.doc.struct("L", lang ? { lang } : {});
        this.section.add(list);
      }
      const li = this.doc.struct("LI");
      list.add(li);
      const { doc } = this;
      const width = doc.page.width - 2 * MARGIN;
      doc.font("regular").fontSize(11);
      li.add(doc.struct("Lbl", {}, () => doc.text(BULLET, MARGIN, undefined, { width, continued: true })));
      li.add(doc.struct("LBody", {}, () => doc.text(paragraph.text.slice(BULLET.length), { width })));
      li.end();
      doc.moveDown(0.4);
    }
    endList();
  }
}

/** What a list item starts with, in the PDF and on signature sheets. */
const BULLET = "• ";

/**
 * A letter's Markdown as the paragraphs a PDF sets: headings marked, list items marked and with a bullet, line
 * breaks kept, raw HTML as text, unprintable characters removed. Signature sheets print it too.
 */
export function markdownParagraphs(source: string) {
  const paragraphs: { text: string; heading: boolean; listItem: boolean }[] = [];
  let prefix = "";
  let heading = false;
  for (const token of markdown.parse(source, {})) {
    if (token.type === "heading_open") heading = true;
    else if (token.type === "heading_close") heading = false;
    else if (token.type === "list_item_open") prefix = BULLET;
    else if (token.type === "inline") {
      const text = (token.children ?? []).map((c) => (c.type === "softbreak" || c.type === "hardbreak" ? "\n" : c.content)).join("");
      paragraphs.push({ text: heading ? clean(text, true) : prefix + clean(text, true), heading, listItem: !heading && prefix === BULLET });
      prefix = "";
    }
  }
  return paragraphs;
}

/** A language's name in itself ("Cymraeg", "English"); an unknown code as it is. */
function nameOf(language: string) {
  return languageNames[language as UiLanguage] ?? language;
}

/** Text safe to set in a PDF: control characters and bidirectional overrides become spaces. */
export function clean(text: string, keepLines = false) {
  return keepLines ? text.split("\n").map((line) => line.replace(UNPRINTABLE, " ")).join("\n") : text.replace(UNPRINTABLE, " ");
}
