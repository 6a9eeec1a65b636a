// The layout of billing's PDFs (invoice-pdf.ts, receipt-pdf.ts) on the hub's shared page
// (server/pdf/: the document, its bundled DejaVu Sans — pdfkit's own Helvetica covers WinAnsi only,
// so a Cyrillic or Greek name would not print — and the page footers): the clinic header, a framed
// status banner and a totals block (tables are in pdf-table.ts). Amounts and dates are
// written in the location's language and time zone; where the font has no glyph for what that
// language writes (Japanese dates, the full-width yen sign), that one text falls back to English
// rather than print empty boxes.

import { contentWidth, type Doc, ensureSpace, GREY } from '../../pdf/document.js';
import { printFaces } from '../../pdf/fonts.js';
import { formatMoney } from './money.js';

export {
  AMBER,
  contentWidth,
  type Doc,
  drawPageFooters,
  ensureSpace,
  framedNote as drawBanner,
  GREY,
  RED,
  startDocument,
} from '../../pdf/document.js';
export const GREEN = '#1b6e20';

export interface PrintClinic {
  name: string;
  address: string;
  phone: string;
  timeZone: string;
  /** BCP 47 (locations.language): amounts and dates are written in it. */
  language: string;
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
