// What a payment notice needs, read now from MySQL (billing's read for the payment or checkout and
// its invoice, scheduling's for the patient's contact and the clinic), and when it no longer makes
// sense. The planner and the sender both use it, so each decides on the current state.
import type { Database } from '../../../db/mysql.js';
import type { PaymentNotificationKind } from '../../../db/schema/index.js';
import { formatMoney } from '../billing/money.js';
import { checkoutForNotice, type PaymentNoticeSubject, paymentForNotice } from '../billing/notice-reads.js';
import type { Visit } from './facts.js';
import { invoicePortalUrl, type PaymentFacts } from './payment-messages.js';

/**
 * The outbox events that notify the patient, and the notice each plans. refund.recorded is not
 * one: a refund is no payment received (it carries a paymentId, but its type plans nothing).
 */
export const NOTICE_OF_PAYMENT_EVENT: Record<string, PaymentNotificationKind | undefined> = {
  'payment.recorded': 'payment_received',
  'payment.failed': 'payment_failed',
};

export const isPaymentEvent = (type: string) => NOTICE_OF_PAYMENT_EVENT[type] !== undefined;

/** The notice's subject: the payment received, or the online checkout that failed (one notice each). */
export function paymentSubjectOfEvent(kind: PaymentNotificationKind, payload: Record<string, unknown>): string | null {
  const key = kind === 'payment_received' ? 'paymentId' : 'checkoutId';
  return typeof payload[key] === 'string' ? (payload[key] as string) : null;
}

export function loadPaymentSubject(db: Database, kind: PaymentNotificationKind, subjectId: string) {
  return kind === 'payment_received' ? paymentForNotice(db, subjectId) : checkoutForNotice(db, subjectId);
}

/** Why the notice no longer makes sense, or null when it does. */
export function paymentNoticeVoidReason(
  kind: PaymentNotificationKind,
  subject: PaymentNoticeSubject | null,
  visit: Pick<Visit, 'patientId'> | null,
): string | null {
  if (!subject) return kind === 'payment_received' ? 'payment_gone' : 'checkout_gone';
  if (!visit) return 'appointment_gone';
  if (visit.patientId !== subject.patientId) return 'patient_mismatch';
  if (kind === 'payment_failed') {
    // "Try again" is wrong once they have paid: the checkout went through after all, or the invoice is settled.
    if (subject.checkoutStatus === 'succeeded') return 'checkout_succeeded';
    if (subject.invoiceStatus === 'paid') return 'invoice_paid';
    if (subject.invoiceStatus === 'void') return 'invoice_void';
  }
  return null;
}

export function paymentFacts(kind: PaymentNotificationKind, subject: PaymentNoticeSubject, visit: Visit, publicUrl: string): PaymentFacts {
  return {
    about: 'payment',
    kind,
    invoiceId: subject.invoiceId,
    invoiceNumber: subject.invoiceNumber,
    paymentId: subject.paymentId,
    receiptNumber: subject.receiptNumber,
    checkoutId: subject.checkoutId,
    amount: formatMoney(subject.amountMinor, subject.currency),
    patientFirstName: visit.firstName,
    locationName: visit.locationName,
    locationPhone: visit.locationPhone,
    receiptUrl: invoicePortalUrl(publicUrl, subject.invoiceId),
  };
}
