// What an admin may word: which template kind each message kind is, which {{placeholders}} each
// kind offers (only facts a message may carry: names, the clinic, times, numbers and links, never
// anything clinical), which of them are links, and the longest values an SMS is checked with.
import type { NotificationKind, TemplateKind } from '../../../../db/schema/index.js';

/** The template kind a notification_log kind is worded by (a visit's kinds are prefixed). */
export const TEMPLATE_KIND_OF: Record<NotificationKind, TemplateKind> = {
  confirmation: 'appointment_confirmation',
  reminder: 'appointment_reminder',
  moved: 'appointment_moved',
  cancelled: 'appointment_cancelled',
  prescription_issued: 'prescription_issued',
  refill_approved: 'refill_approved',
  refill_denied: 'refill_denied',
  prescription_ready: 'prescription_ready',
  payment_received: 'payment_received',
  payment_failed: 'payment_failed',
  feedback_request: 'feedback_request',
};

const VISIT = [
  'patientFirstName',
  'startLocal',
  'locationName',
  'locationAddress',
  'locationPhone',
  'bookingReference',
  'doctorName',
] as const;
const PRESCRIPTION = ['patientFirstName', 'number', 'locationName', 'locationAddress', 'locationPhone', 'portalUrl'] as const;
const PAYMENT = ['patientFirstName', 'amount', 'invoiceNumber', 'receiptUrl', 'locationName', 'locationPhone'] as const;
const FEEDBACK = ['patientFirstName', 'doctorName', 'locationName', 'visitDay', 'link', 'linkExpiresOn'] as const;

/** The placeholders each kind offers, in the order the console lists them. */
export const PLACEHOLDERS: Record<TemplateKind, readonly string[]> = {
  appointment_confirmation: VISIT,
  appointment_reminder: VISIT,
  appointment_moved: VISIT,
  appointment_cancelled: VISIT,
  prescription_issued: PRESCRIPTION,
  prescription_ready: PRESCRIPTION,
  refill_approved: PRESCRIPTION,
  refill_denied: PRESCRIPTION,
  // A failed checkout has no receipt: only a received payment offers its number.
  payment_received: [...PAYMENT.slice(0, 3), 'receiptNumber', ...PAYMENT.slice(3)],
  payment_failed: PAYMENT,
  feedback_request: FEEDBACK,
};

/** Placeholders whose value is a web address: a link in the email's HTML part. */
export const LINK_PLACEHOLDERS: readonly string[] = ['portalUrl', 'receiptUrl', 'link'];

/**
 * Long but real values of every placeholder: an SMS wording is refused (SMS_TOO_LONG) when it
 * would be longer than SMS_MAX_LENGTH with these, so a saved wording fits a real patient's text.
 * Dates are in their SMS form (visitDay short).
 */
export const LONGEST_VALUES: Readonly<Record<string, string>> = {
  patientFirstName: 'Maximiliana Josefina',
  startLocal: 'Wednesday 30 September 2026 at 10:30 GMT+5:30',
  locationName: 'Riverside Family Health Centre, North Wing',
  locationAddress: '1200 Longbridge Avenue, Suite 400, Springfield, IL 62704',
  locationPhone: '+44 (0) 20 7946 0958 / 0959',
  bookingReference: 'K7M-4QXR',
  doctorName: 'Dr. Alexandra Montgomery-Whitfield',
  number: 'RX-2026-000123',
  portalUrl: 'https://clinic-hub.example-health-group.org/patient',
  amount: 'CHF 12,345.00',
  invoiceNumber: 'INV-2026-000042',
  receiptNumber: 'RCT-2026-000017',
  receiptUrl: 'https://clinic-hub.example-health-group.org/patient?invoice=01JAAAAAAAAAAAAAAAAAAAAAAA#invoices',
  visitDay: '30 Sep 2026',
  link: `https://clinic-hub.example-health-group.org/feedback#t=01JAAAAAAAAAAAAAAAAAAAAAAA.t5x0a0.${'A'.repeat(43)}`,
  linkExpiresOn: 'Wednesday 30 September 2026',
};
