// What billing appends to the outbox (docs/EVENTS.md "Billing"), in the transaction that moves the
// money: ids, numbers and amounts, never a line's description or a refund's reason. The notification
// planner turns payment.recorded into "payment received" and payment.failed into "payment failed".
import type { Tx } from '../../../db/transactions.js';
import { appendEvent } from '../outbox/repository.js';
import type { InvoiceRow, PaymentRow, RefundRow } from './ledger.js';

export type BillingEventType =
  | 'invoice.created'
  | 'invoice.changed'
  | 'invoice.voided'
  | 'payment.recorded'
  | 'payment.failed'
  | 'refund.recorded'
  | 'claim.submitted'
  | 'claim.decided';

const invoiceFacts = (invoice: InvoiceRow) => ({
  invoiceId: invoice.id,
  number: invoice.number,
  patientId: invoice.patientId,
  appointmentId: invoice.appointmentId,
  locationId: invoice.locationId,
  currency: invoice.currency,
  status: invoice.status,
  totalMinor: invoice.totalMinor,
  paidMinor: invoice.paidMinor,
});

/** One billing event about an invoice, with what it concerns (a payment, refund, checkout or claim). */
export function appendBillingEvent(
  tx: Tx,
  type: BillingEventType,
  invoice: InvoiceRow,
  about: { payment?: PaymentRow; refund?: RefundRow; checkoutId?: string; claimId?: string } = {},
) {
  const { payment, refund } = about;
  return appendEvent(tx, {
    type,
    aggregateType: 'invoice',
    aggregateId: invoice.id,
    payload: {
      ...invoiceFacts(invoice),
      ...(payment && {
        paymentId: payment.id,
        receiptNumber: payment.receiptNumber,
        method: payment.method,
        amountMinor: payment.amountMinor,
      }),
      ...(refund && { refundId: refund.id, paymentId: refund.paymentId, amountMinor: refund.amountMinor }),
      ...(about.checkoutId && { checkoutId: about.checkoutId }),
      ...(about.claimId && { claimId: about.claimId }),
    },
  });
}
