// The parts the invoice and the receipts share: the status banner, the payments received (receipt
// number, method, masked card reference, date, amount), the refunds and the insurance claims.
import { printedReference } from './document-data.js';
import { AMBER, type Doc, drawBanner, GREEN, heading, paragraph, RED, type Words } from './pdf-layout.js';
import { drawTable } from './pdf-table.js';
import type { InvoiceView } from './schemas.js';

type Payment = InvoiceView['payments'][number];

const METHODS: Record<string, string> = { cash: 'Cash', card: 'Card', insurance: 'Insurance', wallet: 'Wallet' };
const methodName = (p: Payment) => `${METHODS[p.method] ?? p.method}${p.gateway === 'stripe' ? ' (online)' : ''}`;

/** VOID with its reason, PAID or PARTIALLY PAID, in a frame; an open invoice has none. */
export function drawStatusBanner(doc: Doc, invoice: InvoiceView): void {
  if (invoice.status === 'void') drawBanner(doc, RED, 'VOID', invoice.voidReason ? `Reason: ${invoice.voidReason}` : null);
  else if (invoice.status === 'paid') drawBanner(doc, GREEN, 'PAID', null);
  else if (invoice.status === 'partially_paid') drawBanner(doc, AMBER, 'PARTIALLY PAID', null);
  if (invoice.insurancePending)
    paragraph(doc, 'Insurance claim pending: the balance may change once the insurer decides.', { color: AMBER });
}

export function drawPayments(doc: Doc, words: Words, list: Payment[]): void {
  heading(doc, 'Payments');
  drawTable(
    doc,
    [
      { title: 'Receipt', share: 0.22 },
      { title: 'Method', share: 0.17 },
      { title: 'Reference', share: 0.19 },
      { title: 'Date', share: 0.24 },
      { title: 'Amount', share: 0.18, align: 'right' },
    ],
    list.map((p) => ({
      cells: [
        p.receiptNumber,
        methodName(p),
        printedReference(p.method, p.reference),
        words.dateTime(p.receivedAt),
        words.money(p.amountMinor),
      ],
      note: p.refundedMinor > 0 ? `Refunded ${words.money(p.refundedMinor)}` : null,
    })),
  );
}

/** The refunds of the listed payments (all of the invoice's, or one payment's). */
export function drawRefunds(doc: Doc, words: Words, invoice: InvoiceView, paymentIds: Set<string>): void {
  const refunds = invoice.refunds.filter((r) => paymentIds.has(r.paymentId));
  if (refunds.length === 0) return;
  const receiptOf = new Map(invoice.payments.map((p) => [p.id, p.receiptNumber]));
  heading(doc, 'Refunds');
  drawTable(
    doc,
    [
      { title: 'Of receipt', share: 0.22 },
      { title: 'Date', share: 0.24 },
      { title: 'Reason', share: 0.26 },
      { title: 'Status', share: 0.1 },
      { title: 'Amount', share: 0.18, align: 'right' },
    ],
    refunds.map((r) => ({
      cells: [receiptOf.get(r.paymentId) ?? '—', words.dateTime(r.refundedAt), r.reason, r.status, `−${words.money(r.amountMinor)}`],
      // A failed refund gave nothing back: listed for the record, struck through.
      struck: r.status === 'failed',
    })),
  );
}

export function drawClaims(doc: Doc, words: Words, invoice: InvoiceView): void {
  if (invoice.claims.length === 0) return;
  heading(doc, 'Insurance');
  drawTable(
    doc,
    [
      { title: 'Provider', share: 0.26 },
      { title: 'Policy', share: 0.2 },
      { title: 'Status', share: 0.14 },
      { title: 'Claimed', share: 0.2, align: 'right' },
      { title: 'Patient share', share: 0.2, align: 'right' },
    ],
    invoice.claims.map((c) => ({
      cells: [
        c.provider,
        c.policyNumber,
        c.status === 'approved' && c.approvedMinor !== null ? `approved ${words.money(c.approvedMinor)}` : c.status,
        words.money(c.claimedMinor),
        words.money(c.patientShareMinor),
      ],
    })),
  );
}
