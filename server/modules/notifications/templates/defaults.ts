// The built-in wordings: what every message says until an admin words it otherwise, and what
// "reset to default" returns to. They are the clinic's messages as they always were (English),
// written as templates, so the console shows the admin exactly what goes out today.
// Nothing clinical: no reason for a visit, no specialty, no medicine, nothing that was billed.
import type { NotificationChannel, TemplateKind } from '../../../../db/schema/index.js';

export interface DefaultWording {
  subject: string | null;
  body: string;
}
export const DEFAULT_LANGUAGE = 'en';

/** Email: greeting, what happened, more lines, then the clinic signing off. */
const letter = (...lines: string[]) => ['Hello {{patientFirstName}},', '', ...lines].join('\n');

function visit(title: string, lead: string, cancelled: boolean): Record<NotificationChannel, DefaultWording> {
  const after = cancelled
    ? 'To book again, call us on {{locationPhone}}.'
    : 'Address: {{locationAddress}}. To change or cancel, call us on {{locationPhone}}.';
  return {
    email: {
      subject: `${title}: {{locationName}}, {{startLocal}}`,
      body: letter(lead, after, 'Booking reference: {{bookingReference}}', '', '{{locationName}}'),
    },
    sms: { subject: null, body: `${lead} Ref {{bookingReference}}.${cancelled ? '' : ' Reply C to confirm, STOP to opt out.'}` },
    in_app: { subject: title, body: lead },
  };
}

function prescription(
  title: string,
  lead: string,
  inApp: string,
  opts: { portalLine: boolean; smsNamesClinic: boolean },
): Record<NotificationChannel, DefaultWording> {
  const portal = opts.portalLine ? ['Your prescriptions are in your portal: {{portalUrl}}'] : [];
  return {
    email: {
      subject: `${title}: {{number}}`,
      body: letter(lead, ...portal, '', '{{locationName}}, {{locationAddress}}. Phone: {{locationPhone}}'),
    },
    // A text from a bare number names its clinic, unless the sentence does already.
    sms: { subject: null, body: opts.smsNamesClinic ? `{{locationName}}: ${lead}` : lead },
    in_app: { subject: title, body: inApp },
  };
}

function payment(title: string, lead: string, inApp: string): Record<NotificationChannel, DefaultWording> {
  return {
    email: { subject: `${title}: {{invoiceNumber}}`, body: letter(lead, '', '{{locationName}}. Phone: {{locationPhone}}') },
    sms: { subject: null, body: `{{locationName}}: ${lead}` },
    in_app: { subject: title, body: inApp },
  };
}

/** The question every channel of a feedback request asks (the doctor only while their record is there). */
const QUESTION = 'How was your visit{{#doctorName}} with {{doctorName}}{{/doctorName}} at {{locationName}} on {{visitDay}}?';

export const DEFAULT_WORDINGS: Record<TemplateKind, Record<NotificationChannel, DefaultWording>> = {
  appointment_confirmation: visit('Appointment booked', 'Your appointment at {{locationName}} is booked for {{startLocal}}.', false),
  appointment_reminder: visit(
    'Appointment reminder',
    'This is a reminder of your appointment at {{locationName}} on {{startLocal}}.',
    false,
  ),
  appointment_moved: visit('Appointment moved', 'Your appointment at {{locationName}} has been moved to {{startLocal}}.', false),
  appointment_cancelled: visit('Appointment cancelled', 'Your appointment at {{locationName}} on {{startLocal}} has been cancelled.', true),
  prescription_issued: prescription(
    'New prescription',
    'Your prescription {{number}} from {{locationName}} is ready. View it in your portal: {{portalUrl}}',
    'Prescription {{number}} is ready to view',
    { portalLine: false, smsNamesClinic: false },
  ),
  refill_approved: prescription(
    'Refill approved',
    'Your refill request for prescription {{number}} was approved; the pharmacy can dispense it.',
    'Your refill request for prescription {{number}} was approved',
    { portalLine: true, smsNamesClinic: true },
  ),
  refill_denied: prescription(
    'Refill not approved',
    'Your refill request for prescription {{number}} was not approved. Please contact the clinic on {{locationPhone}}.',
    'Your refill request for prescription {{number}} was not approved',
    { portalLine: true, smsNamesClinic: true },
  ),
  prescription_ready: prescription(
    'Ready for pickup',
    'Your prescription {{number}} is ready for pickup at {{locationName}}.',
    'Prescription {{number}} is ready for pickup',
    { portalLine: true, smsNamesClinic: false },
  ),
  payment_received: payment(
    'Payment received',
    'We received your payment of {{amount}} for invoice {{invoiceNumber}} (receipt {{receiptNumber}}). Your receipt: {{receiptUrl}}',
    'Payment of {{amount}} received for invoice {{invoiceNumber}}',
  ),
  payment_failed: payment(
    'Payment did not go through',
    'Your payment of {{amount}} for invoice {{invoiceNumber}} did not go through; nothing was charged. ' +
      'Please try again ({{receiptUrl}}) or pay at the desk.',
    'Your payment of {{amount}} for invoice {{invoiceNumber}} did not go through; nothing was charged',
  ),
  feedback_request: {
    email: {
      subject: 'How was your visit to {{locationName}}?',
      body: letter(
        `${QUESTION} Rate it here: {{link}}`,
        '',
        'The link is yours alone and works once, until {{linkExpiresOn}}.',
        '',
        '{{locationName}}',
      ),
    },
    sms: { subject: null, body: `${QUESTION} Rate it here: {{link}}` },
    in_app: { subject: 'How was your visit?', body: `${QUESTION} Rate it here.` },
  },
};
