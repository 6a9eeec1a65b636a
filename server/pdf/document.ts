// The page furniture every PDF of the hub shares (prescriptions, invoices, receipts): a pdfkit
// document on A4 or Letter with 50 pt margins, set in the bundled DejaVu Sans (fonts.ts) registered
// as Body and Bold, its bytes once ended, and "… · Page 1 of 2" footers.
import PDFDocument from 'pdfkit';
import { printFaces } from './fonts.js';

export type Doc = PDFKit.PDFDocument;
export type PaperSize = 'A4' | 'LETTER';

/** 50 pt (17.6 mm) on every side: inside any office printer's printable area, on A4 and Letter alike. */
const MARGIN = 50;
export const GREY = '#555555';
export const RED = '#b00020';
export const AMBER = '#9a5b00';

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

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** "INV-… · Page 1 of 2" (or "RX-… · patient · Page 1 of 2") under every page, so loose pages can be put back together. */
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

/** Starts a new page when fewer than `height` points are left above the bottom margin. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.x = doc.page.margins.left;
}

/** A framed line nobody can miss (a void invoice, a cancelled script, an allergy override). */
export function framedNote(doc: Doc, color: string, title: string, detail: string | null, titleSize = 14): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const inner = width - 16;
  doc.font('Bold').fontSize(titleSize);
  const titleHeight = doc.heightOfString(title, { width: inner });
  doc.font('Body').fontSize(10);
  const detailHeight = detail ? doc.heightOfString(detail, { width: inner }) + 2 : 0;
  const height = titleHeight + detailHeight + 12;
  ensureSpace(doc, height + 8);
  const top = doc.y;
  doc.save().rect(left, top, width, height).lineWidth(2).strokeColor(color).stroke().restore();
  doc
    .font('Bold')
    .fontSize(titleSize)
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
