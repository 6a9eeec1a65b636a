// What a prescription notice needs, read now from MySQL (the prescriptions module's read for the
// number and status, scheduling's for the patient's contact and the clinic), and when it no
// longer makes sense. The planner and the sender both use it, so each decides on the current
// state, never on what an outbox event or a job was given.
import type { Database } from '../../../db/mysql.js';
import type { PrescriptionNotificationKind } from '../../../db/schema/index.js';
import { findDispense } from '../pharmacy/repository.js';
import { type PrescriptionNoticeSubject, prescriptionForNotice, refillForNotice } from '../prescriptions/notice-repository.js';
import type { Visit } from './facts.js';
import { type PrescriptionFacts, portalUrlOf } from './prescription-messages.js';

/** The outbox events that notify the patient, and the notice each one plans. */
export const NOTICE_OF_PRESCRIPTION_EVENT: Record<string, PrescriptionNotificationKind | undefined> = {
  'prescription.signed': 'prescription_issued',
  'refill.approved': 'refill_approved',
  'refill.denied': 'refill_denied',
  'prescription.ready': 'prescription_ready',
};

/** The prescription (issued), refill request (approved, denied) or completing dispense (ready) the notice is about. */
export async function loadSubject(db: Database, kind: PrescriptionNotificationKind, subjectId: string) {
  if (kind === 'prescription_issued') return prescriptionForNotice(db, subjectId);
  if (kind === 'prescription_ready') {
    const dispense = await findDispense(db, subjectId);
    return dispense ? prescriptionForNotice(db, dispense.prescriptionId) : null;
  }
  return refillForNotice(db, subjectId);
}

/** The subject of the notice an event plans: the prescription, the refill request, or the dispense that completed a fill. */
export function subjectOfEvent(kind: PrescriptionNotificationKind, payload: Record<string, unknown>, aggregateId: string): string | null {
  const id = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
  if (kind === 'prescription_issued') return id('prescriptionId') ?? aggregateId;
  if (kind === 'prescription_ready') return id('dispenseId');
  return id('refillRequestId');
}

/** Why the notice no longer makes sense, or null when it does. */
export function prescriptionNoticeVoidReason(
  kind: PrescriptionNotificationKind,
  subject: PrescriptionNoticeSubject | null,
  visit: Pick<Visit, 'patientId'> | null,
): string | null {
  if (!subject) return kind === 'refill_approved' || kind === 'refill_denied' ? 'refill_request_gone' : 'prescription_gone';
  if (!visit) return 'appointment_gone';
  // The visit's patient is who gets the message: it must be the prescription's patient.
  if (visit.patientId !== subject.patientId) return 'patient_mismatch';
  // "Ready to view" or "the pharmacy can dispense it" is untrue of a script no longer valid.
  if (kind !== 'refill_denied') {
    if (subject.prescriptionStatus === 'draft') return 'prescription_not_signed';
    if (subject.prescriptionStatus === 'cancelled' || subject.prescriptionStatus === 'expired')
      return `prescription_${subject.prescriptionStatus}`;
  }
  if (kind === 'refill_approved' && subject.refillStatus !== 'approved') return `refill_${subject.refillStatus}`;
  if (kind === 'refill_denied' && subject.refillStatus !== 'denied') return `refill_${subject.refillStatus}`;
  return null;
}

/** The words' facts: the number, the clinic and the portal link; nothing clinical is read at all. */
export function prescriptionFacts(
  kind: PrescriptionNotificationKind,
  subject: PrescriptionNoticeSubject,
  visit: Visit,
  publicUrl: string,
): PrescriptionFacts {
  return {
    about: 'prescription',
    kind,
    prescriptionId: subject.prescriptionId,
    refillRequestId: subject.refillRequestId,
    number: subject.number,
    patientFirstName: visit.firstName,
    locationName: visit.locationName,
    locationAddress: visit.locationAddress,
    locationPhone: visit.locationPhone,
    portalUrl: portalUrlOf(publicUrl),
  };
}
