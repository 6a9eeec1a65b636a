// The words of prescription notices: "prescription issued", "refill approved / not approved" and
// "ready for pickup" (a fill was dispensed in full).
// What they may hold: the prescription number, the clinic and a link to the portal. Never a
// medicine, dose, diagnosis or the prescriber's reason for a refusal (each can say what a patient
// is treated for, and email and SMS are read on lock screens): the facts they are built from do
// not even carry them. No calendar invite either: there is nothing to put in a calendar.
// The words are the admin's template or the built-in one (templates/defaults.ts).
import type { NotificationChannel, PrescriptionNotificationKind } from '../../../db/schema/index.js';
import type { NotificationPayload } from '../live/events.js';
import { TEMPLATE_KIND_OF } from './templates/catalogue.js';
import { compose, type ValuesIn } from './templates/compose.js';
import type { Wording } from './templates/render.js';

export interface PrescriptionFacts {
  about: 'prescription';
  kind: PrescriptionNotificationKind;
  prescriptionId: string;
  /** Set for refill notices. */
  refillRequestId: string | null;
  /** RX-YYYY-NNNNNN. */
  number: string;
  patientFirstName: string;
  locationName: string;
  locationAddress: string;
  locationPhone: string;
  /** Where the patient reads the prescription: PUBLIC_URL + /patient. */
  portalUrl: string;
  /** The admin's wording the sender found for this message's channel; none: the built-in wording. */
  wording?: Wording | null;
}

export function isPrescriptionFacts(facts: object): facts is PrescriptionFacts {
  return (facts as Partial<PrescriptionFacts>).about === 'prescription';
}

/** The portal's address under the hub's public URL (with or without a trailing slash). */
export function portalUrlOf(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/patient`;
}

/** What a prescription notice's wording may say ({{placeholders}}, templates/catalogue.ts). */
function values(facts: PrescriptionFacts): ValuesIn {
  return () => ({
    patientFirstName: facts.patientFirstName,
    number: facts.number,
    locationName: facts.locationName,
    locationAddress: facts.locationAddress,
    locationPhone: facts.locationPhone,
    portalUrl: facts.portalUrl,
  });
}

const words = (facts: PrescriptionFacts, channel: NotificationChannel) =>
  compose(TEMPLATE_KIND_OF[facts.kind], channel, facts.wording, values(facts));

export function renderPrescriptionEmail(facts: PrescriptionFacts): { subject: string; text: string; html: string } {
  const { subject, text, html } = words(facts, 'email');
  return { subject: subject ?? '', text, html };
}

export function renderPrescriptionSms(facts: PrescriptionFacts): string {
  return words(facts, 'sms').text;
}

/** The portal's in-app notice: the number and ids, which the portal uses to open the prescription. */
export function renderPrescriptionInApp(facts: PrescriptionFacts): NotificationPayload {
  const { subject, text } = words(facts, 'in_app');
  const ids = { prescriptionId: facts.prescriptionId, number: facts.number };
  const data =
    facts.kind === 'refill_approved' || facts.kind === 'refill_denied' ? { refillRequestId: facts.refillRequestId, ...ids } : ids;
  return { type: facts.kind, title: subject ?? '', body: text, data };
}
