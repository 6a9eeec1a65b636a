// The words of payment notices: "payment received" (with the link to the receipt in the portal)
// and "payment failed" (an online checkout that did not go through).
// What they may hold: the amount, the invoice and receipt numbers, the clinic and the link. Never
// what was billed (a line can name a medicine, a test or a procedure, and email and SMS are read
// on lock screens): the facts they are built from do not even carry the lines.
// The words are the admin's template or the built-in one (templates/defaults.ts).
import type { NotificationChannel, PaymentNotificationKind } from '../../../db/schema/index.js';
import type { NotificationPayload } from '../live/events.js';
import { TEMPLATE_KIND_OF } from './templates/catalogue.js';
import { compose, type ValuesIn } from './templates/compose.js';
import type { Wording } from './templates/render.js';

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
  /** The admin's wording the sender found for this message's channel; none: the built-in wording. */
  wording?: Wording | null;
}

export function isPaymentFacts(facts: object): facts is PaymentFacts {
  return (facts as Partial<PaymentFacts>).about === 'payment';
}

/** The invoice's page in the portal (its receipts are there; the PDF link alone would need a sign-in anyway). */
export function invoicePortalUrl(publicUrl: string, invoiceId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/patient?invoice=${encodeURIComponent(invoiceId)}#invoices`;
}

/** What a payment notice's wording may say ({{placeholders}}, templates/catalogue.ts). */
function values(facts: PaymentFacts): ValuesIn {
  return () => ({
    patientFirstName: facts.patientFirstName,
    amount: facts.amount,
    invoiceNumber: facts.invoiceNumber,
    receiptNumber: facts.receiptNumber,
    receiptUrl: facts.receiptUrl,
    locationName: facts.locationName,
    locationPhone: facts.locationPhone,
  });
}

const words = (facts: PaymentFacts, channel: NotificationChannel) =>
  compose(TEMPLATE_KIND_OF[facts.kind], channel, facts.wording, values(facts));

export function renderPaymentEmail(facts: PaymentFacts): { subject: string; text: string; html: string } {
  const { subject, text, html } = words(facts, 'email');
  return { subject: subject ?? '', text, html };
}

export function renderPaymentSms(facts: PaymentFacts): string {
  return words(facts, 'sms').text;
}

/** The portal's in-app notice: numbers and ids, which the portal uses to open the invoice. */
export function renderPaymentInApp(facts: PaymentFacts): NotificationPayload {
  const { subject, text } = words(facts, 'in_app');
  const data = { invoiceId: facts.invoiceId, invoiceNumber: facts.invoiceNumber, url: facts.receiptUrl };
  return {
    type: facts.kind,
    title: subject ?? '',
    body: text,
    data:
      facts.kind === 'payment_received'
        ? { ...data, paymentId: facts.paymentId, receiptNumber: facts.receiptNumber }
        : { ...data, checkoutId: facts.checkoutId },
  };
}
