// Who may read a patient's record. Staff read every record; a patient reads their own.
// Doctors read the records of their own patients once appointments exist (scheduling module).
import { forbidden } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';

export function assertCanReadPatient(p: UserPrincipal, patientId: string): void {
  if (p.role === 'admin' || p.role === 'receptionist') return;
  if (p.role === 'patient' && p.patientId === patientId) return;
  throw forbidden();
}
