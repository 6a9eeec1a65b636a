// The items table of the prescription PDF: one row per medicine, cells that wrap, and rows that
// never split across pages: a row that would cross the bottom margin starts a new page, which repeats
// the column headings so a pharmacist reading page 2 knows what each column is.
import type { PrescriptionPrintout } from './printout.js';

type Doc = PDFKit.PDFDocument;
type Item = PrescriptionPrintout['items'][number];
interface Run {
  text: string;
  bold?: boolean;
}

const FONT_SIZE = 9;
const PAD = 3;
/** A row may take at most this share of a page's usable height; longer cell text ends in an ellipsis. */
const MAX_ROW_SHARE = 0.5;
/** Column widths as shares of the content width, so A4 and Letter both fill their text block. */
const COLUMNS: { title: string; share: number; cell: (item: Item, index: number) => Run[] }[] = [
  { title: '#', share: 0.04, cell: (_item, index) => [{ text: String(index + 1) }] },
  {
    title: 'Medicine',
    share: 0.27,
    cell: (item) => [
      { text: `${item.name} ${item.strength} ${item.form}`, bold: true },
      ...(item.genericName && item.genericName !== item.name ? [{ text: `(${item.genericName})` }] : []),
    ],
  },
  { title: 'Dose', share: 0.13, cell: (item) => [{ text: item.dose }] },
  { title: 'Frequency', share: 0.15, cell: (item) => [{ text: item.frequency }] },
  { title: 'Duration', share: 0.12, cell: (item) => [{ text: `${item.durationDays} ${item.durationDays === 1 ? 'day' : 'days'}` }] },
  { title: 'Qty', share: 0.07, cell: (item) => [{ text: String(item.quantity) }] },
  { title: 'Instructions', share: 0.22, cell: (item) => [{ text: item.instructions?.trim() || '—' }] },
];

function columnWidths(doc: Doc): number[] {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  return COLUMNS.map((column) => column.share * width);
}

function bottomLimit(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function runsHeight(doc: Doc, runs: Run[], width: number): number {
  let height = 0;
  for (const run of runs) {
    doc.font(run.bold ? 'Bold' : 'Body').fontSize(FONT_SIZE);
    height += doc.heightOfString(run.text, { width });
  }
  return height;
}

function drawRuns(doc: Doc, runs: Run[], x: number, y: number, width: number, maxHeight: number): void {
  let top = y;
  for (const run of runs) {
    const room = y + maxHeight - top;
    if (room <= 0) break;
    doc.font(run.bold ? 'Bold' : 'Body').fontSize(FONT_SIZE);
    const height = Math.min(doc.heightOfString(run.text, { width }), room);
    // The half point of slack stops float rounding from dropping a last line that fits exactly.
    doc.text(run.text, x, top, { width, height: height + 0.5, ellipsis: true });
    top += height;
  }
}

function drawRow(doc: Doc, cells: Run[][], y: number, height: number, shaded: boolean): void {
  const widths = columnWidths(doc);
  const left = doc.page.margins.left;
  const total = widths.reduce((sum, width) => sum + width, 0);
  if (shaded) doc.save().rect(left, y, total, height).fill('#ececec').restore();
  let x = left;
  cells.forEach((runs, column) => {
    const width = widths[column]!;
    drawRuns(doc, runs, x + PAD, y + PAD, width - 2 * PAD, height - 2 * PAD);
    x += width;
  });
  doc
    .save()
    .moveTo(left, y + height)
    .lineTo(left + total, y + height)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke()
    .restore();
}

function rowHeight(doc: Doc, cells: Run[][], maxHeight: number): number {
  const widths = columnWidths(doc);
  const tallest = Math.max(...cells.map((runs, column) => runsHeight(doc, runs, widths[column]! - 2 * PAD)));
  return Math.min(tallest, maxHeight) + 2 * PAD;
}

function drawHeading(doc: Doc, y: number, continued: boolean): number {
  const cells = COLUMNS.map((column, index) => [
    { text: index === 1 && continued ? `${column.title} (continued)` : column.title, bold: true },
  ]);
  const height = rowHeight(doc, cells, Number.POSITIVE_INFINITY);
  drawRow(doc, cells, y, height, true);
  return y + height;
}

/** Draws the table from doc.y, adding pages as needed; leaves doc.y just under the last row. */
export function drawItemsTable(doc: Doc, items: Item[]): void {
  const usable = bottomLimit(doc) - doc.page.margins.top;
  const maxCellHeight = usable * MAX_ROW_SHARE;
  let y = drawHeading(doc, doc.y, false);
  items.forEach((item, index) => {
    const cells = COLUMNS.map((column) => column.cell(item, index));
    const height = rowHeight(doc, cells, maxCellHeight);
    if (y + height > bottomLimit(doc)) {
      doc.addPage();
      y = drawHeading(doc, doc.page.margins.top, true);
    }
    drawRow(doc, cells, y, height, false);
    y += height;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + 8;
}
