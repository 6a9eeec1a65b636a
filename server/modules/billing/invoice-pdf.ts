// The printable invoice: a pure renderer from a BillingPrintout (document-data.ts) to PDF bytes. The
// clinic's header, INVOICE with its number and date, the status (VOID with its reason, PAID,
// PARTIALLY PAID), the patient, every line (voided ones struck through and marked, never dropped:
// the paper must match what staff saw), total, paid and balance due, then the payments, refunds and
// insurance claims. Amounts only through money.ts, in the location's language.
import type { BillingPrintout } from './document-data.js';
import { drawHeader, drawPageFooters, drawTotals, GREY, heading, paragraph, startDocument, Words } from './pdf-layout.js';
import { drawClaims, drawPayments, drawRefunds, drawStatusBanner } from './pdf-sections.js';
import { drawTable } from './pdf-table.js';

export async function renderInvoicePdf(p: BillingPrintout): Promise<Buffer> {
  const { invoice, clinic } = p;
  const { doc, bytes } = startDocument(p.paper, { title: invoice.number, author: clinic.name, subject: 'Invoice' });
  const words = new Words(clinic, invoice.currency);

  drawHeader(doc, clinic, 'INVOICE', invoice.number, [`Date: ${words.date(invoice.createdAt)}`, `Currency: ${invoice.currency}`]);
  drawStatusBanner(doc, invoice);
  paragraph(doc, 'BILLED TO', { color: GREY, size: 8 });
  paragraph(doc, invoice.patientName, { bold: true, size: 11 });

  heading(doc, 'Charges');
  drawTable(
    doc,
    [
      { title: 'Description', share: 0.5 },
      { title: 'Qty', share: 0.1, align: 'right' },
      { title: 'Unit', share: 0.2, align: 'right' },
      { title: 'Amount', share: 0.2, align: 'right' },
    ],
    invoice.lines.map((line) => ({
      cells: [line.description, String(line.quantity), words.money(line.unitAmountMinor), words.money(line.amountMinor)],
      struck: line.voided,
      note: line.voided ? `VOIDED${line.voidReason ? `: ${line.voidReason}` : ''}` : null,
    })),
  );
  if (invoice.lines.length === 0) paragraph(doc, 'Nothing has been billed on this invoice.');

  drawTotals(doc, [
    { label: 'Total', value: words.money(invoice.totalMinor) },
    { label: 'Paid', value: words.money(invoice.paidMinor) },
    { label: 'Balance due', value: words.money(invoice.balanceMinor), bold: true },
  ]);

  if (invoice.payments.length > 0) drawPayments(doc, words, invoice.payments);
  drawRefunds(doc, words, invoice, new Set(invoice.payments.map((pay) => pay.id)));
  drawClaims(doc, words, invoice);

  drawPageFooters(doc, `${invoice.number} · ${invoice.patientName}`);
  doc.end();
  return bytes;
}
