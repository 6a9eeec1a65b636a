// The bad-input table's cases for the fuller note and its privacy (issue 17): each a 400 with a
// stable code, nothing written (no note, no version, no vitals row). Sent by the treating doctor to
// a visit of theirs that has no note yet, so that only the bad part stands between it and a 201.
import type { BadInputCase } from '../../support/bad-input.js';

export interface NoteFixtures {
  /** A visit of the table's doctor without a note. */
  visitId: string;
  /** A login that may not be named on a note (the table's patient). */
  patientUserId: string;
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';
const soap = {
  subjective: 'Cough',
  objective: { text: 'Clear', vitals: { heartRate: 80 } },
  assessment: { text: 'Viral', diagnoses: [] },
  plan: { text: 'Rest' },
};
const referral = { specialty: 'Cardiology', urgency: 'routine' };

export function noteCases(f: () => NoteFixtures): BadInputCase[] {
  const url = () => `/api/appointments/${f().visitId}/notes`;
  const note = (name: string, body: () => object, status = 400, code = 'VALIDATION_FAILED'): BadInputCase => ({
    name: `notes: ${name}`,
    url,
    as: 'doctor',
    body,
    status,
    code,
  });
  return [
    note('a privacy level that does not exist', () => ({ ...soap, privacy: 'secret' })),
    note('eleven referrals', () => ({ ...soap, referrals: Array.from({ length: 11 }, () => referral) })),
    note('a referral without urgency', () => ({ ...soap, referrals: [{ specialty: 'Cardiology' }] })),
    note('a referral to a doctor who does not exist', () => ({ ...soap, referrals: [{ ...referral, toDoctorId: UNKNOWN_ID }] })),
    note('a review-of-systems finding that is not normal, abnormal or not_reviewed', () => ({
      ...soap,
      reviewOfSystems: { systems: [{ system: 'Respiratory', finding: 'fine' }] },
    })),
    note('an operator object for the chief complaint', () => ({ ...soap, chiefComplaint: { $ne: '' } })),
    note('an operator object for the privacy level', () => ({ ...soap, privacy: { $in: ['standard'] } })),
    note('a named reader id that is not an id', () => ({ ...soap, privacy: 'highly_sensitive', sharedWithUserIds: ['not-an-id'] })),
    note('a named reader who is a patient', () => ({ ...soap, privacy: 'highly_sensitive', sharedWithUserIds: [f().patientUserId] })),
    note('a named reader who does not exist', () => ({ ...soap, privacy: 'highly_sensitive', sharedWithUserIds: [UNKNOWN_ID] })),
    note('named readers on a standard note', () => ({ ...soap, privacy: 'standard', sharedWithUserIds: [f().patientUserId] })),
    note('twenty-one named readers', () => ({ ...soap, privacy: 'highly_sensitive', sharedWithUserIds: Array(21).fill(UNKNOWN_ID) })),
    note('an unknown field in the physical exam', () => ({
      ...soap,
      physicalExam: { findings: [{ area: 'Chest', finding: 'Clear', size: 3 }] },
    })),
    note('an unknown field on the note', () => ({ ...soap, attachments: [] })),
    note('a chief complaint of 501 characters', () => ({ ...soap, chiefComplaint: 'x'.repeat(501) })),
    note('a differential diagnosis without a description', () => ({ ...soap, differentialDiagnosis: [{ code: 'J20.9' }] })),
    note('a differential diagnosis with a made-up likelihood', () => ({
      ...soap,
      differentialDiagnosis: [{ description: 'Asthma', likelihood: 'certain' }],
    })),
  ];
}
