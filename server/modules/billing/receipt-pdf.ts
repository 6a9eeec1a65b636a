// The printable receipt, a pure renderer like invoice-pdf.ts. Without `paymentId`: what has been
// paid on the invoice so far (every payment and refund), titled with the invoice's number. With it:
// that one payment's receipt, titled with its receipt number. Both end with "Paid in full" or the
// balance still due, as of printing. The caller has checked there is at least one payment.
import type { BillingPrintout } from './document-data.js';
import { drawHeader, drawPageFooters, drawTotals, GREEN, GREY, paragraph, RED, startDocument, Words } from './pdf-layout.js';
import { drawPayments, drawRefunds } from './pdf-sections.js';

export async function renderReceiptPdf(p: BillingPrintout, paymentId?: string): Promise<Buffer> {
  const { invoice, clinic } = p;
  const one = paymentId ? invoice.payments.find((pay) => pay.id === paymentId) : undefined;
  if (paymentId && !one) throw new Error(`payment ${paymentId} is not on invoice ${invoice.number}`);
  const listed = one ? [one] : invoice.payments;
  const number = one ? one.receiptNumber : invoice.number;
  const { doc, bytes } = startDocument(p.paper, { title: number, author: clinic.name, subject: 'Receipt' });
  const words = new Words(clinic, invoice.currency);

  const details = one
    ? [`Date: ${words.date(one.receivedAt)}`, `Invoice: ${invoice.number}`]
    : [`Date: ${words.date(p.printedAt)}`, `Invoice of ${words.date(invoice.createdAt)}`];
  drawHeader(doc, clinic, 'RECEIPT', number, details);
  paragraph(doc, 'RECEIVED FROM', { color: GREY, size: 8 });
  paragraph(doc, invoice.patientName, { bold: true, size: 11 });

  drawPayments(doc, words, listed);
  drawRefunds(doc, words, invoice, new Set(listed.map((pay) => pay.id)));

  const received = listed.reduce((sum, pay) => sum + pay.amountMinor, 0);
  const refunded = listed.reduce((sum, pay) => sum + pay.refundedMinor, 0);
  drawTotals(doc, [
    { label: one ? 'Received' : 'Received in all', value: words.money(received) },
    ...(refunded > 0 ? [{ label: 'Refunded', value: `−${words.money(refunded)}` }] : []),
    { label: 'Invoice total', value: words.money(invoice.totalMinor) },
    { label: 'Balance due', value: words.money(invoice.balanceMinor), bold: true },
  ]);
  if (invoice.status === 'void') paragraph(doc, `Invoice ${invoice.number} is VOID.`, { bold: true, color: RED });
  else if (invoice.status === 'paid') paragraph(doc, 'Paid in full', { bold: true, color: GREEN, size: 13 });
  else paragraph(doc, `Balance still due: ${words.money(invoice.balanceMinor)}`, { bold: true, size: 12 });

  drawPageFooters(doc, `${number} · ${invoice.patientName}`);
  doc.end();
  return bytes;
}
