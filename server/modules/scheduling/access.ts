// Who may do what with appointments, in one place.
// - Staff (admin, receptionist): everything, for every patient and doctor.
// - A patient: book, hold, confirm, reschedule and cancel their own visits (not inside the
//   location's cut-off), and see only their own.
// - A doctor: see their own visits, work their own queue (call, start, complete, no-show).
import { badRequest, forbidden } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { Action } from './transitions.js';

export const isStaff = (p: UserPrincipal) => p.role === 'admin' || p.role === 'receptionist';

export function assertCanSee(p: UserPrincipal, a: { patientId: string; doctorId: string }): void {
  if (isStaff(p)) return;
  if (p.role === 'patient' && p.patientId === a.patientId) return;
  if (p.role === 'doctor' && p.doctorId === a.doctorId) return;
  throw forbidden('This appointment is not yours');
}

const PATIENT_ACTIONS: readonly Action[] = ['confirm', 'cancel', 'reschedule'];
const DOCTOR_ACTIONS: readonly Action[] = ['call', 'undoCall', 'start', 'complete', 'noShow'];

export function assertCanAct(p: UserPrincipal, action: Action, a: { patientId: string; doctorId: string }): void {
  assertCanSee(p, a);
  if (isStaff(p)) return;
  if (p.role === 'patient' && PATIENT_ACTIONS.includes(action)) return;
  if (p.role === 'doctor' && DOCTOR_ACTIONS.includes(action)) return;
  throw forbidden(`A ${p.role} cannot do this`);
}

/** The patient a booking is for: a patient books for themself; staff name the patient. */
export function bookingPatient(p: UserPrincipal, requested: string | undefined): string {
  if (p.role === 'patient') {
    if (!p.patientId || (requested !== undefined && requested !== p.patientId)) throw forbidden('Patients book for themselves');
    return p.patientId;
  }
  if (!isStaff(p)) throw forbidden();
  if (!requested) throw badRequest('patientId is required when staff book');
  return requested;
}

/** Staff work any doctor's queue; a doctor only their own. */
export function assertCanWorkQueue(p: UserPrincipal, doctorId: string): void {
  if (isStaff(p)) return;
  if (p.role === 'doctor' && p.doctorId === doctorId) return;
  throw forbidden('This is not your queue');
}
