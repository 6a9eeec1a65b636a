// The words of prescription notices: "prescription issued", "refill approved / not approved" and
// "ready for pickup" (a fill was dispensed in full).
// What they may hold: the prescription number, the clinic and a link to the portal. Never a
// medicine, dose, diagnosis or the prescriber's reason for a refusal (each can say what a patient
// is treated for, and email and SMS are read on lock screens): the facts they are built from do
// not even carry them. No calendar invite either: there is nothing to put in a calendar.
import type { PrescriptionNotificationKind } from '../../../db/schema/index.js';
import type { NotificationPayload } from '../live/events.js';
import { escapeHtml } from './messages.js';

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
}

export function isPrescriptionFacts(facts: object): facts is PrescriptionFacts {
  return (facts as Partial<PrescriptionFacts>).about === 'prescription';
}

/** The portal's address under the hub's public URL (with or without a trailing slash). */
export function portalUrlOf(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/patient`;
}

const TITLES: Record<PrescriptionNotificationKind, string> = {
  prescription_issued: 'New prescription',
  refill_approved: 'Refill approved',
  refill_denied: 'Refill not approved',
  prescription_ready: 'Ready for pickup',
};

/** The one sentence every channel says. */
function lead(facts: PrescriptionFacts): string {
  switch (facts.kind) {
    case 'prescription_issued':
      return `Your prescription ${facts.number} from ${facts.locationName} is ready. View it in your portal: ${facts.portalUrl}`;
    case 'refill_approved':
      return `Your refill request for prescription ${facts.number} was approved; the pharmacy can dispense it.`;
    case 'refill_denied':
      return `Your refill request for prescription ${facts.number} was not approved. Please contact the clinic on ${facts.locationPhone}.`;
    case 'prescription_ready':
      return `Your prescription ${facts.number} is ready for pickup at ${facts.locationName}.`;
  }
}

export function renderPrescriptionEmail(facts: PrescriptionFacts): { subject: string; text: string; html: string } {
  const sentence = lead(facts);
  const contact = `${facts.locationName}, ${facts.locationAddress}. Phone: ${facts.locationPhone}`;
  const portal = facts.kind === 'prescription_issued' ? null : `Your prescriptions are in your portal: ${facts.portalUrl}`;
  const text = [`Hello ${facts.patientFirstName},`, '', sentence, ...(portal ? [portal] : []), '', contact].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(facts.patientFirstName)},</p>`,
    `<p>${escapeHtml(sentence)}</p>`,
    ...(portal ? [`<p>${escapeHtml(portal)}</p>`] : []),
    `<p>${escapeHtml(contact)}</p>`,
  ].join('\n');
  return { subject: `${TITLES[facts.kind]}: ${facts.number}`, text, html };
}

export function renderPrescriptionSms(facts: PrescriptionFacts): string {
  // The refill notices name no clinic in their sentence; a text from a bare number needs one.
  return facts.kind === 'prescription_issued' || facts.kind === 'prescription_ready'
    ? lead(facts)
    : `${facts.locationName}: ${lead(facts)}`;
}

/** The portal's in-app notice: the number and ids, which the portal uses to open the prescription. */
export function renderPrescriptionInApp(facts: PrescriptionFacts): NotificationPayload {
  const ids = { prescriptionId: facts.prescriptionId, number: facts.number };
  switch (facts.kind) {
    case 'prescription_ready':
      return {
        type: 'prescription_ready',
        title: TITLES.prescription_ready,
        body: `Prescription ${facts.number} is ready for pickup`,
        data: ids,
      };
    case 'prescription_issued':
      return {
        type: 'prescription_issued',
        title: TITLES.prescription_issued,
        body: `Prescription ${facts.number} is ready to view`,
        data: ids,
      };
    case 'refill_approved':
    case 'refill_denied':
      return {
        type: facts.kind,
        title: TITLES[facts.kind],
        body:
          facts.kind === 'refill_approved'
            ? `Your refill request for prescription ${facts.number} was approved`
            : `Your refill request for prescription ${facts.number} was not approved`,
        data: { refillRequestId: facts.refillRequestId, ...ids },
      };
  }
}
