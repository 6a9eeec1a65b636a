// What the payment notices (notifications/payment-facts.ts) read of billing, now, by id: the
// payment or the failed online checkout with its invoice's number, patient and visit. Amounts,
// numbers and ids only: never a line's description (it can name a medicine).
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { invoices, onlineCheckouts, payments } from '../../../db/schema/index.js';

export interface PaymentNoticeSubject {
  invoiceId: string;
  invoiceNumber: string;
  invoiceStatus: string;
  patientId: string;
  appointmentId: string;
  currency: string;
  amountMinor: number;
  /** The payment received (payment_received); null for a failed checkout. */
  paymentId: string | null;
  receiptNumber: string | null;
  refundedMinor: number;
  /** The online checkout that failed (payment_failed); null for a payment. */
  checkoutId: string | null;
  checkoutStatus: string | null;
}

/** What both notices say of the invoice. */
const invoiceFacts = (invoice: typeof invoices.$inferSelect) => ({
  invoiceId: invoice.id,
  invoiceNumber: invoice.number,
  invoiceStatus: invoice.status,
  patientId: invoice.patientId,
  appointmentId: invoice.appointmentId,
});

export async function paymentForNotice(db: Database, paymentId: string): Promise<PaymentNoticeSubject | null> {
  const [row] = await db
    .select({ payment: payments, invoice: invoices })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(eq(payments.id, paymentId));
  if (!row) return null;
  return {
    ...invoiceFacts(row.invoice),
    currency: row.payment.currency,
    amountMinor: row.payment.amountMinor,
    paymentId: row.payment.id,
    receiptNumber: row.payment.receiptNumber,
    refundedMinor: row.payment.refundedMinor,
    checkoutId: null,
    checkoutStatus: null,
  };
}

export async function checkoutForNotice(db: Database, checkoutId: string): Promise<PaymentNoticeSubject | null> {
  const [row] = await db
    .select({ checkout: onlineCheckouts, invoice: invoices })
    .from(onlineCheckouts)
    .innerJoin(invoices, eq(invoices.id, onlineCheckouts.invoiceId))
    .where(eq(onlineCheckouts.id, checkoutId));
  if (!row) return null;
  return {
    ...invoiceFacts(row.invoice),
    currency: row.checkout.currency,
    amountMinor: row.checkout.amountMinor,
    paymentId: null,
    receiptNumber: null,
    refundedMinor: 0,
    checkoutId: row.checkout.id,
    checkoutStatus: row.checkout.status,
  };
}
