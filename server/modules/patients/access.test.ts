// Who may change a patient's contact details and notification preferences: staff every record,
// a patient their own, doctors nobody's. (assertCanReadPatient asks the database whether a doctor
// has a care relationship with the patient, so it is tested through the API in tests/integration.)
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { refusal, userPrincipal } from '../auth/test-principals.js';
import { assertCanChangePatient } from './access.js';

const user = userPrincipal;

describe('assertCanChangePatient', () => {
  it('lets admins and receptionists change any patient', () => {
    expect(() => assertCanChangePatient(user('admin'), 'P')).not.toThrow();
    expect(() => assertCanChangePatient(user('receptionist'), 'Q')).not.toThrow();
  });

  it('lets a patient change their own record and refuses someone else’s with 403', () => {
    expect(() => assertCanChangePatient(user('patient', { patientId: 'P' }), 'P')).not.toThrow();
    const err = refusal(() => assertCanChangePatient(user('patient', { patientId: 'P' }), 'Q'));
    expect(err).toBeInstanceOf(AppError);
    expect(err?.statusCode).toBe(403);
    expect(err?.code).toBe('FORBIDDEN');
  });

  it('refuses a patient login without a record', () => {
    expect(refusal(() => assertCanChangePatient(user('patient'), 'P'))?.statusCode).toBe(403);
  });

  it('refuses doctors, even their own patients and even one whose doctor id equals the patient id', () => {
    expect(refusal(() => assertCanChangePatient(user('doctor', { doctorId: 'D' }), 'P'))?.statusCode).toBe(403);
    expect(refusal(() => assertCanChangePatient(user('doctor', { doctorId: 'P' }), 'P'))?.statusCode).toBe(403);
  });
});
