// Who may see and do what with appointments, without HTTP or a database: staff everything, a
// patient their own visits (confirm, cancel, reschedule), a doctor their own visits and queue.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { refusal, userPrincipal } from '../auth/test-principals.js';
import { assertCanAct, assertCanSee, assertCanWorkQueue, bookingPatient, isStaff } from './access.js';
import type { Action } from './transitions.js';

const user = userPrincipal;

const admin = user('admin');
const receptionist = user('receptionist');
const patientP = user('patient', { patientId: 'P' });
const doctorD = user('doctor', { doctorId: 'D' });
/** Patient P's visit with doctor D. */
const visit = { patientId: 'P', doctorId: 'D' };
/** Someone else's visit: patient Q with doctor E. */
const otherVisit = { patientId: 'Q', doctorId: 'E' };

const ACTIONS: Action[] = ['confirm', 'checkIn', 'call', 'undoCall', 'start', 'complete', 'cancel', 'noShow', 'reschedule'];

const expectForbidden = (fn: () => unknown) => {
  const err = refusal(fn);
  expect(err).toBeInstanceOf(AppError);
  expect(err?.statusCode).toBe(403);
  expect(err?.code).toBe('FORBIDDEN');
};

describe('isStaff', () => {
  it('is true for admins and receptionists only', () => {
    expect(isStaff(admin)).toBe(true);
    expect(isStaff(receptionist)).toBe(true);
    expect(isStaff(doctorD)).toBe(false);
    expect(isStaff(patientP)).toBe(false);
  });
});

describe('assertCanSee', () => {
  it('lets staff see any visit', () => {
    for (const p of [admin, receptionist]) {
      expect(() => assertCanSee(p, visit)).not.toThrow();
      expect(() => assertCanSee(p, otherVisit)).not.toThrow();
    }
  });

  it('lets a patient and a doctor see their own visit only', () => {
    expect(() => assertCanSee(patientP, visit)).not.toThrow();
    expect(() => assertCanSee(doctorD, visit)).not.toThrow();
    expectForbidden(() => assertCanSee(patientP, otherVisit));
    expectForbidden(() => assertCanSee(doctorD, otherVisit));
  });

  it('does not mix up the ids: a doctor whose id is the patient id, or a patient whose id is the doctor id, is refused', () => {
    expectForbidden(() => assertCanSee(user('doctor', { doctorId: 'P' }), visit));
    expectForbidden(() => assertCanSee(user('patient', { patientId: 'D' }), visit));
  });

  it('refuses a patient or doctor login that is not linked to a record', () => {
    expectForbidden(() => assertCanSee(user('patient'), { patientId: 'P', doctorId: 'D' }));
    expectForbidden(() => assertCanSee(user('doctor'), { patientId: 'P', doctorId: 'D' }));
  });
});

describe('assertCanAct', () => {
  const PATIENT_MAY: Action[] = ['confirm', 'cancel', 'reschedule'];
  const DOCTOR_MAY: Action[] = ['call', 'undoCall', 'start', 'complete', 'noShow'];

  it.each(ACTIONS)('staff may %s any visit', (action) => {
    for (const p of [admin, receptionist]) {
      expect(() => assertCanAct(p, action, visit)).not.toThrow();
      expect(() => assertCanAct(p, action, otherVisit)).not.toThrow();
    }
  });

  it.each(ACTIONS)('a patient may %s their own visit only if it is confirm, cancel or reschedule', (action) => {
    if (PATIENT_MAY.includes(action)) expect(() => assertCanAct(patientP, action, visit)).not.toThrow();
    else expectForbidden(() => assertCanAct(patientP, action, visit));
    expectForbidden(() => assertCanAct(patientP, action, otherVisit));
  });

  it.each(ACTIONS)('a doctor may %s their own visit only if it is queue work', (action) => {
    if (DOCTOR_MAY.includes(action)) expect(() => assertCanAct(doctorD, action, visit)).not.toThrow();
    else expectForbidden(() => assertCanAct(doctorD, action, visit));
    expectForbidden(() => assertCanAct(doctorD, action, otherVisit));
  });

  it('says why: someone else’s visit, or an action the role may not take', () => {
    expect(refusal(() => assertCanAct(patientP, 'confirm', otherVisit))?.message).toBe('This appointment is not yours');
    expect(refusal(() => assertCanAct(patientP, 'checkIn', visit))?.message).toBe('A patient cannot do this');
    expect(refusal(() => assertCanAct(doctorD, 'cancel', visit))?.message).toBe('A doctor cannot do this');
  });
});

describe('bookingPatient', () => {
  it('a patient books for themself, with or without naming themself', () => {
    expect(bookingPatient(patientP, undefined)).toBe('P');
    expect(bookingPatient(patientP, 'P')).toBe('P');
  });

  it('a patient cannot book for someone else, and an unlinked patient login cannot book', () => {
    expectForbidden(() => bookingPatient(patientP, 'Q'));
    expectForbidden(() => bookingPatient(user('patient'), undefined));
  });

  it('staff book for the patient they name, and must name one', () => {
    expect(bookingPatient(admin, 'Q')).toBe('Q');
    expect(bookingPatient(receptionist, 'P')).toBe('P');
    const err = refusal(() => bookingPatient(receptionist, undefined));
    expect(err?.statusCode).toBe(400);
    expect(err?.code).toBe('VALIDATION_FAILED');
    expect(refusal(() => bookingPatient(admin, ''))?.statusCode).toBe(400);
  });

  it('a doctor cannot book, even naming a patient', () => {
    expectForbidden(() => bookingPatient(doctorD, 'P'));
    expectForbidden(() => bookingPatient(doctorD, undefined));
  });
});

describe('assertCanWorkQueue', () => {
  it('staff work any doctor’s queue; a doctor only their own; a patient none', () => {
    expect(() => assertCanWorkQueue(admin, 'E')).not.toThrow();
    expect(() => assertCanWorkQueue(receptionist, 'D')).not.toThrow();
    expect(() => assertCanWorkQueue(doctorD, 'D')).not.toThrow();
    expectForbidden(() => assertCanWorkQueue(doctorD, 'E'));
    expectForbidden(() => assertCanWorkQueue(user('doctor'), 'D'));
    expectForbidden(() => assertCanWorkQueue(patientP, 'D'));
  });
});
