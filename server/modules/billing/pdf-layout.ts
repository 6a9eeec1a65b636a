// The page furniture of billing's PDFs (invoice-pdf.ts, receipt-pdf.ts): a pdfkit document set in
// the prescriptions' bundled DejaVu Sans (prescriptions/pdf-assets.ts; pdfkit's own Helvetica covers
// WinAnsi only, so a Cyrillic or Greek name would not print), the clinic header, a framed status
// banner, a totals block and page footers (tables are in pdf-table.ts). Amounts and dates are
// written in the location's language and time zone; where the font has no glyph for what that
// language writes (Japanese dates, the full-width yen sign), that one text falls back to English
// rather than print empty boxes.
import PDFDocument from 'pdfkit';
import { printFonts } from '../prescriptions/pdf-assets.js';
import type { PaperSize } from '../prescriptions/printout.js';
import { formatMoney } from './money.js';

export type Doc = PDFKit.PDFDocument;

/** 50 pt on every side, as the prescription: inside any office printer's printable area on A4 and Letter. */
const MARGIN = 50;
export const GREY = '#555555';
export const RED = '#b00020';
export const AMBER = '#9a5b00';
export const GREEN = '#1b6e20';

export interface PrintClinic {
  name: string;
  address: string;
  phone: string;
  timeZone: string;
  /** BCP 47 (locations.language): amounts and dates are written in it. */
  language: string;
}

/** A parsed font as pdfkit holds it (a fontkit face): pdfkit takes one wherever it takes a font file. */
interface Face {
  layout: unknown;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let faces: { regular: Face; bold: Face } | undefined;

/**
 * The bundled fonts parsed once per process. Given the file bytes, pdfkit parses the 700 kB face
 * again for every document (some 40 ms a font, most of a render's time); given the parsed face, it
 * only subsets it. pdfkit parses with the fontkit it bundles, so a throwaway document parses them.
 */
function printFaces(): { regular: Face; bold: Face } {
  if (!faces) {
    const fonts = printFonts();
    const probe = new PDFDocument({ autoFirstPage: false });
    const parse = (bytes: Buffer) => {
      probe.font(bytes);
      return (probe as unknown as { _font: { font: Face } })._font.font;
    };
    faces = { regular: parse(fonts.regular), bold: parse(fonts.bold) };
  }
  return faces;
}

/** A document on `paper` with the bundled font registered as Body and Bold, and its bytes once ended. */
export function startDocument(paper: PaperSize, info: { title: string; author: string; subject: string }) {
  const doc = new PDFDocument({
    size: paper,
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'en',
    displayTitle: true,
    // Never the patient's name: document info is shown by file browsers and kept by print spoolers.
    info: { Title: info.title, Author: info.author, Subject: info.subject, Creator: 'Clinic Hub' },
  });
  const bytes = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, bold } = printFaces();
  // The typings list file sources only; pdfkit's font factory takes a parsed face as it is.
  doc.registerFont('Body', regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('Bold', bold as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font('Body');
  return { doc, bytes };
}

/** Whether the bundled font draws every character of `text` (both weights cover the same characters). */
function fontCovers(text: string): boolean {
  const face = printFaces().regular;
  for (const char of text) {
    // Direction marks and other invisible format characters print as nothing anyway.
    if (/\p{Cf}/u.test(char)) continue;
    if (!face.hasGlyphForCodePoint(char.codePointAt(0)!)) return false;
  }
  return true;
}

/** The locale to write in: the location's language when the runtime knows it, else English. */
function usableLocale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Writes amounts and instants the way the clinic reads them. */
export class Words {
  private readonly locale: string;
  constructor(
    private readonly clinic: PrintClinic,
    private readonly currency: string,
  ) {
    this.locale = usableLocale(clinic.language);
  }

  /** The text in the clinic's language if the font can draw it, else in English. */
  private inLanguage(write: (locale: string) => string): string {
    const local = write(this.locale);
    if (this.locale === 'en' || fontCovers(local)) return local;
    return write('en');
  }

  /** Minor units through money.ts (exact decimal strings, never a float). */
  money(minor: number): string {
    return this.inLanguage((locale) => formatMoney(minor, this.currency, locale));
  }

  date(iso: string): string {
    return this.instant(iso, { dateStyle: 'medium' });
  }

  dateTime(iso: string): string {
    return this.instant(iso, { dateStyle: 'medium', timeStyle: 'short' });
  }

  private instant(iso: string, style: Intl.DateTimeFormatOptions): string {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return iso;
    return this.inLanguage((locale) => {
      try {
        return new Intl.DateTimeFormat(locale, { ...style, timeZone: this.clinic.timeZone }).format(at);
      } catch {
        // An unknown zone: UTC, and said so, rather than a wrong wall-clock time.
        return `${new Intl.DateTimeFormat(locale, { ...style, timeZone: 'UTC' }).format(at)} UTC`;
      }
    });
  }
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page when fewer than `height` points are left above the bottom margin. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.x = doc.page.margins.left;
}

export function heading(doc: Doc, title: string): void {
  ensureSpace(doc, 48);
  doc
    .moveDown(0.6)
    .font('Bold')
    .fontSize(11)
    .fillColor('black')
    .text(title, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.2);
}

export function paragraph(doc: Doc, text: string, opts: { bold?: boolean; color?: string; size?: number } = {}): void {
  ensureSpace(doc, 16);
  doc
    .font(opts.bold ? 'Bold' : 'Body')
    .fontSize(opts.size ?? 10)
    .fillColor(opts.color ?? 'black')
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor('black').moveDown(0.2);
}

/** Clinic name, address and phone on the left; the document's title, number and dates on the right. */
export function drawHeader(doc: Doc, clinic: PrintClinic, title: string, number: string, details: string[]): void {
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  const width = contentWidth(doc);
  const leftWidth = width * 0.58;
  const rightWidth = width - leftWidth;
  doc.font('Bold').fontSize(15).fillColor('black').text(clinic.name, left, top, { width: leftWidth });
  doc.font('Body').fontSize(9).fillColor(GREY).text(clinic.address, { width: leftWidth });
  doc.text(`Tel. ${clinic.phone}`, { width: leftWidth });
  const leftBottom = doc.y;
  doc
    .font('Bold')
    .fontSize(18)
    .fillColor('black')
    .text(title, left + leftWidth, top, { width: rightWidth, align: 'right' });
  doc.font('Bold').fontSize(10).text(number, { width: rightWidth, align: 'right' });
  doc.font('Body').fontSize(9).fillColor(GREY);
  for (const line of details) doc.text(line, { width: rightWidth, align: 'right' });
  const bottom = Math.max(leftBottom, doc.y) + 8;
  doc
    .save()
    .moveTo(left, bottom)
    .lineTo(left + width, bottom)
    .lineWidth(1)
    .strokeColor('black')
    .stroke()
    .restore();
  doc.fillColor('black');
  doc.x = left;
  doc.y = bottom + 10;
}

/** A framed line nobody can miss: VOID with its reason, PAID, PARTIALLY PAID. */
export function drawBanner(doc: Doc, color: string, title: string, detail: string | null): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const inner = width - 16;
  doc.font('Bold').fontSize(14);
  const titleHeight = doc.heightOfString(title, { width: inner });
  doc.font('Body').fontSize(10);
  const detailHeight = detail ? doc.heightOfString(detail, { width: inner }) + 2 : 0;
  const height = titleHeight + detailHeight + 12;
  ensureSpace(doc, height + 8);
  const top = doc.y;
  doc.save().rect(left, top, width, height).lineWidth(2).strokeColor(color).stroke().restore();
  doc
    .font('Bold')
    .fontSize(14)
    .fillColor(color)
    .text(title, left + 8, top + 6, { width: inner });
  if (detail)
    doc
      .font('Body')
      .fontSize(10)
      .fillColor('black')
      .text(detail, left + 8, doc.y + 2, { width: inner });
  doc.fillColor('black');
  doc.x = left;
  doc.y = top + height + 8;
}

/** Label and amount pairs, right-aligned under a table: total, paid, balance due. */
export function drawTotals(doc: Doc, rows: { label: string; value: string; bold?: boolean }[]): void {
  ensureSpace(doc, rows.length * 16 + 8);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const labelWidth = width * 0.3;
  const valueWidth = width * 0.2;
  const labelLeft = left + width - labelWidth - valueWidth;
  for (const row of rows) {
    const y = doc.y;
    doc
      .font(row.bold ? 'Bold' : 'Body')
      .fontSize(row.bold ? 11 : 10)
      .fillColor('black');
    doc.text(row.label, labelLeft, y, { width: labelWidth, align: 'right' });
    const afterLabel = doc.y;
    doc.text(row.value, labelLeft + labelWidth, y, { width: valueWidth, align: 'right' });
    doc.y = Math.max(afterLabel, doc.y) + 2;
  }
  doc.x = left;
  doc.moveDown(0.3);
}

/** "INV-… · Page 1 of 2" under every page, so loose pages can be put back together. */
export function drawPageFooters(doc: Doc, label: string): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing inside the bottom margin: without lifting it, pdfkit would start yet another page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Body')
      .fontSize(7)
      .fillColor(GREY)
      .text(`${label} · Page ${index - range.start + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - bottomMargin + 18, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor('black');
}
