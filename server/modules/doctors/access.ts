// Who may see what of a doctor beyond the public profile. Roles per route are in routes.ts.
import { forbidden } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';

/** Staff see every doctor's time off; a doctor sees only their own. */
export function assertCanSeeDoctorCalendar(p: UserPrincipal, doctorId: string): void {
  if (p.role === 'admin' || p.role === 'receptionist') return;
  if (p.role === 'doctor' && p.doctorId === doctorId) return;
  throw forbidden();
}
