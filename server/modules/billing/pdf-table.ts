// The tables of billing's PDFs (charges, payments, refunds, claims): cells that wrap, right-aligned
// amounts, voided rows struck through with their note beneath, and rows that never split across
// pages: a row that would cross the bottom margin starts a new page under repeated headings.
import { contentWidth, type Doc, ensureSpace, GREY, RED } from './pdf-layout.js';

export interface Column {
  title: string;
  /** Share of the content width, so A4 and Letter both fill their text block. */
  share: number;
  align?: 'left' | 'right';
}

export interface Row {
  cells: string[];
  /** Struck through and grey: a voided line stays on the invoice, visibly not counted. */
  struck?: boolean;
  /** A second line under the first cell (a voided line's reason). */
  note?: string | null;
}

const CELL_SIZE = 9;
const PAD = 3;

function cellHeight(doc: Doc, text: string, width: number, bold: boolean): number {
  doc.font(bold ? 'Bold' : 'Body').fontSize(CELL_SIZE);
  return doc.heightOfString(text || ' ', { width });
}

/** One table row from `y`; returns its height. */
function drawRow(doc: Doc, columns: Column[], row: Row, y: number, shaded: boolean, bold: boolean): number {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const widths = columns.map((c) => c.share * width);
  const heights = row.cells.map((text, i) => cellHeight(doc, text, widths[i]! - 2 * PAD, bold));
  const noteHeight = row.note ? cellHeight(doc, row.note, widths[0]! - 2 * PAD, false) : 0;
  heights[0] = heights[0]! + noteHeight;
  const height = Math.max(...heights) + 2 * PAD;
  if (shaded) doc.save().rect(left, y, width, height).fill('#ececec').restore();
  let x = left;
  row.cells.forEach((text, i) => {
    doc
      .font(bold ? 'Bold' : 'Body')
      .fontSize(CELL_SIZE)
      .fillColor(row.struck ? GREY : 'black')
      .text(text, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: columns[i]!.align ?? 'left', strike: row.struck ?? false });
    x += widths[i]!;
  });
  if (row.note)
    doc
      .font('Body')
      .fontSize(CELL_SIZE)
      .fillColor(RED)
      .text(row.note, left + PAD, y + PAD + heights[0]! - noteHeight, { width: widths[0]! - 2 * PAD });
  doc
    .save()
    .moveTo(left, y + height)
    .lineTo(left + width, y + height)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke()
    .restore();
  doc.fillColor('black');
  return height;
}

/** A table from doc.y; a row that would cross the bottom margin starts a new page under repeated headings. */
export function drawTable(doc: Doc, columns: Column[], rows: Row[]): void {
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const headings: Row = { cells: columns.map((c) => c.title) };
  ensureSpace(doc, 40);
  let y = doc.y;
  y += drawRow(doc, columns, headings, y, true, true);
  for (const row of rows) {
    // Measured before drawing: pdfkit would otherwise wrap a tall cell onto a page of its own.
    const probe = Math.max(...row.cells.map((text, i) => cellHeight(doc, text, columns[i]!.share * contentWidth(doc) - 2 * PAD, false)));
    if (y + probe + 2 * PAD + (row.note ? 14 : 0) > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      y += drawRow(doc, columns, headings, y, true, true);
    }
    y += drawRow(doc, columns, row, y, false, false);
  }
  doc.x = doc.page.margins.left;
  doc.y = y + 6;
}
