// What a prescription notice needs, read now from MySQL (the prescriptions module's read for the
// number and status, scheduling's for the patient's contact and the clinic), and when it no
// longer makes sense. The planner and the sender both use it, so each decides on the current
// state, never on what an outbox event or a job was given.
import type { Database } from '../../../db/mysql.js';
import type { PrescriptionNotificationKind } from '../../../db/schema/index.js';
import { type PrescriptionNoticeSubject, prescriptionForNotice, refillForNotice } from '../prescriptions/notice-repository.js';
import type { Visit } from './facts.js';
import { type PrescriptionFacts, portalUrlOf } from './prescription-messages.js';

/** The outbox events that notify the patient, and the notice each one plans. */
export const NOTICE_OF_PRESCRIPTION_EVENT: Record<string, PrescriptionNotificationKind | undefined> = {
  'prescription.signed': 'prescription_issued',
  'refill.approved': 'refill_approved',
  'refill.denied': 'refill_denied',
};

/** The prescription (issued) or refill request (approved, denied) the notice is about. */
export function loadSubject(db: Database, kind: PrescriptionNotificationKind, subjectId: string) {
  return kind === 'prescription_issued' ? prescriptionForNotice(db, subjectId) : refillForNotice(db, subjectId);
}

/** Why the notice no longer makes sense, or null when it does. */
export function prescriptionNoticeVoidReason(
  kind: PrescriptionNotificationKind,
  subject: PrescriptionNoticeSubject | null,
  visit: Pick<Visit, 'patientId'> | null,
): string | null {
  if (!subject) return kind === 'prescription_issued' ? 'prescription_gone' : 'refill_request_gone';
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
