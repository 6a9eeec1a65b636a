// Who may see a doctor's calendar (time off) beyond the public profile: staff every doctor's,
// a doctor their own, patients nobody's.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { refusal, userPrincipal } from '../auth/test-principals.js';
import { assertCanSeeDoctorCalendar } from './access.js';

const user = userPrincipal;

describe('assertCanSeeDoctorCalendar', () => {
  it('lets admins and receptionists see every doctor’s calendar', () => {
    expect(() => assertCanSeeDoctorCalendar(user('admin'), 'D')).not.toThrow();
    expect(() => assertCanSeeDoctorCalendar(user('receptionist'), 'E')).not.toThrow();
  });

  it('lets a doctor see their own calendar and refuses another doctor’s with 403', () => {
    expect(() => assertCanSeeDoctorCalendar(user('doctor', { doctorId: 'D' }), 'D')).not.toThrow();
    const err = refusal(() => assertCanSeeDoctorCalendar(user('doctor', { doctorId: 'D' }), 'E'));
    expect(err).toBeInstanceOf(AppError);
    expect(err?.statusCode).toBe(403);
    expect(err?.code).toBe('FORBIDDEN');
  });

  it('refuses a doctor login without a doctor record, and patients, even one whose id matches', () => {
    expect(refusal(() => assertCanSeeDoctorCalendar(user('doctor'), 'D'))?.statusCode).toBe(403);
    expect(refusal(() => assertCanSeeDoctorCalendar(user('patient', { patientId: 'D' }), 'D'))?.statusCode).toBe(403);
  });
});
