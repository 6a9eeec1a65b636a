// A wording rendered as a patient would get it, with a sample visit, prescription, payment or
// feedback request of that kind: the console's preview. It goes through the very renderers the
// channels use, so the preview and the message cannot say different things.
import type { NotificationChannel, TemplateKind } from '../../../../db/schema/index.js';
import type { Delivery } from '../channels/types.js';
import { isFeedbackFacts, renderFeedbackEmail, renderFeedbackInApp, renderFeedbackSms } from '../feedback-messages.js';
import { renderEmail, renderInApp, renderSms, type VisitFacts } from '../messages.js';
import { isPaymentFacts, renderPaymentEmail, renderPaymentInApp, renderPaymentSms } from '../payment-messages.js';
import { isPrescriptionFacts, renderPrescriptionEmail, renderPrescriptionInApp, renderPrescriptionSms } from '../prescription-messages.js';
import type { Wording } from './render.js';

const SAMPLE_START = new Date('2026-12-01T09:30:00Z');
const clinic = {
  patientFirstName: 'Ana',
  locationName: 'Riverside Clinic',
  locationAddress: '1 Main Street, Springfield',
  locationPhone: '+1 212 555 0100',
};
const PORTAL = 'https://clinic.example/patient';

type Facts = Delivery['facts'];

const VISIT_KIND = {
  appointment_confirmation: 'confirmation',
  appointment_reminder: 'reminder',
  appointment_moved: 'moved',
  appointment_cancelled: 'cancelled',
} as const;

/** A made-up message of the kind: nobody's data. */
export function sampleFacts(kind: TemplateKind): Facts {
  switch (kind) {
    case 'appointment_confirmation':
    case 'appointment_reminder':
    case 'appointment_moved':
    case 'appointment_cancelled':
      return {
        ...clinic,
        appointmentId: '01JSAMPLE0000000000000000A',
        kind: VISIT_KIND[kind],
        locationZone: 'Europe/London',
        startAt: SAMPLE_START,
        endAt: new Date(SAMPLE_START.getTime() + 20 * 60_000),
        bookingReference: 'K7M-4QXR',
        doctorName: 'Dr. Dana Doe',
      };
    case 'prescription_issued':
    case 'prescription_ready':
    case 'refill_approved':
    case 'refill_denied':
      return {
        ...clinic,
        about: 'prescription',
        kind,
        prescriptionId: '01JSAMPLE0000000000000000P',
        refillRequestId: kind.startsWith('refill') ? '01JSAMPLE0000000000000000R' : null,
        number: 'RX-2026-000123',
        portalUrl: PORTAL,
      };
    case 'payment_received':
    case 'payment_failed':
      return {
        ...clinic,
        about: 'payment',
        kind,
        invoiceId: '01JSAMPLE0000000000000000I',
        invoiceNumber: 'INV-2026-000042',
        paymentId: kind === 'payment_received' ? '01JSAMPLE0000000000000000Y' : null,
        receiptNumber: kind === 'payment_received' ? 'RCT-2026-000017' : null,
        checkoutId: kind === 'payment_failed' ? '01JSAMPLE0000000000000000C' : null,
        amount: '$45.00',
        receiptUrl: `${PORTAL}?invoice=01JSAMPLE0000000000000000I#invoices`,
      };
    case 'feedback_request':
      return {
        ...clinic,
        about: 'feedback',
        appointmentId: '01JSAMPLE0000000000000000A',
        doctorName: 'Dr. Dana Doe',
        locationZone: 'Europe/London',
        startAt: SAMPLE_START,
        url: 'https://clinic.example/feedback#t=sample',
        expiresAt: new Date(SAMPLE_START.getTime() + 30 * 86_400_000),
      };
  }
}

export interface Previewed {
  subject: string | null;
  text: string;
  html?: string;
}

function byChannel(
  channel: NotificationChannel,
  email: () => { subject: string; text: string; html: string },
  sms: () => string,
  inApp: () => { title: string; body: string },
): Previewed {
  if (channel === 'email') {
    const mail = email();
    return { subject: mail.subject, text: mail.text, html: mail.html };
  }
  if (channel === 'sms') return { subject: null, text: sms() };
  const note = inApp();
  return { subject: note.title, text: note.body };
}

export function preview(kind: TemplateKind, channel: NotificationChannel, wording: Wording): Previewed {
  const facts = { ...sampleFacts(kind), wording };
  if (isPrescriptionFacts(facts)) {
    return byChannel(
      channel,
      () => renderPrescriptionEmail(facts),
      () => renderPrescriptionSms(facts),
      () => renderPrescriptionInApp(facts),
    );
  }
  if (isPaymentFacts(facts)) {
    return byChannel(
      channel,
      () => renderPaymentEmail(facts),
      () => renderPaymentSms(facts),
      () => renderPaymentInApp(facts),
    );
  }
  if (isFeedbackFacts(facts)) {
    return byChannel(
      channel,
      () => renderFeedbackEmail(facts),
      () => renderFeedbackSms(facts),
      () => renderFeedbackInApp(facts),
    );
  }
  const visit = facts as VisitFacts;
  return byChannel(
    channel,
    () => renderEmail(visit),
    () => renderSms(visit),
    () => renderInApp(visit),
  );
}
