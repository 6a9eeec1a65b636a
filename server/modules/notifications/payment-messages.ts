// The words of payment notices: "payment received" (with the link to the receipt in the portal)
// and "payment failed" (an online checkout that did not go through).
// What they may hold: the amount, the invoice and receipt numbers, the clinic and the link. Never
// what was billed (a line can name a medicine, a test or a procedure, and email and SMS are read
// on lock screens): the facts they are built from do not even carry the lines.
import type { PaymentNotificationKind } from '../../../db/schema/index.js';
import type { NotificationPayload } from '../live/events.js';
import { escapeHtml } from './messages.js';

export interface PaymentFacts {
  about: 'payment';
  kind: PaymentNotificationKind;
  invoiceId: string;
  /** INV-YYYY-NNNNNN. */
  invoiceNumber: string;
  /** Set for payment_received. */
  paymentId: string | null;
  /** RCT-YYYY-NNNNNN, set for payment_received. */
  receiptNumber: string | null;
  /** Set for payment_failed. */
  checkoutId: string | null;
  /** The amount in the currency's own format ("$45.00"). */
  amount: string;
  patientFirstName: string;
  locationName: string;
  locationPhone: string;
  /** The invoice and its receipts in the patient portal: PUBLIC_URL + /patient?invoice=<invoiceId>#invoices. */
  receiptUrl: string;
}

export function isPaymentFacts(facts: object): facts is PaymentFacts {
  return (facts as Partial<PaymentFacts>).about === 'payment';
}

/** The invoice's page in the portal (its receipts are there; the PDF link alone would need a sign-in anyway). */
export function invoicePortalUrl(publicUrl: string, invoiceId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/patient?invoice=${encodeURIComponent(invoiceId)}#invoices`;
}

const TITLES: Record<PaymentNotificationKind, string> = {
  payment_received: 'Payment received',
  payment_failed: 'Payment did not go through',
};

function lead(facts: PaymentFacts): string {
  if (facts.kind === 'payment_received') {
    return `We received your payment of ${facts.amount} for invoice ${facts.invoiceNumber} (receipt ${facts.receiptNumber}). Your receipt: ${facts.receiptUrl}`;
  }
  return (
    `Your payment of ${facts.amount} for invoice ${facts.invoiceNumber} did not go through; nothing was charged. ` +
    `Please try again (${facts.receiptUrl}) or pay at the desk.`
  );
}

export function renderPaymentEmail(facts: PaymentFacts): { subject: string; text: string; html: string } {
  const sentence = lead(facts);
  const contact = `${facts.locationName}. Phone: ${facts.locationPhone}`;
  const text = [`Hello ${facts.patientFirstName},`, '', sentence, '', contact].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(facts.patientFirstName)},</p>`,
    `<p>${escapeHtml(sentence)}</p>`,
    `<p>${escapeHtml(contact)}</p>`,
  ].join('\n');
  return { subject: `${TITLES[facts.kind]}: ${facts.invoiceNumber}`, text, html };
}

/** A text from a bare number names its clinic first. */
export function renderPaymentSms(facts: PaymentFacts): string {
  return `${facts.locationName}: ${lead(facts)}`;
}

/** The portal's in-app notice: numbers and ids, which the portal uses to open the invoice. */
export function renderPaymentInApp(facts: PaymentFacts): NotificationPayload {
  const data = { invoiceId: facts.invoiceId, invoiceNumber: facts.invoiceNumber, url: facts.receiptUrl };
  if (facts.kind === 'payment_received') {
    return {
      type: 'payment_received',
      title: TITLES.payment_received,
      body: `Payment of ${facts.amount} received for invoice ${facts.invoiceNumber}`,
      data: { ...data, paymentId: facts.paymentId, receiptNumber: facts.receiptNumber },
    };
  }
  return {
    type: 'payment_failed',
    title: TITLES.payment_failed,
    body: `Your payment of ${facts.amount} for invoice ${facts.invoiceNumber} did not go through; nothing was charged`,
    data: { ...data, checkoutId: facts.checkoutId },
  };
}
