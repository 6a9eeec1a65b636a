// Who may read a patient's record: staff every record, a patient their own, and a doctor the
// patients they have a care relationship with (a visit booked or had, not cancelled or a no-show,
// within CARE_RELATIONSHIP_DAYS: haveCareRelationship), and nobody else's. Who may change contact
// details and notification preferences: staff for every record, a patient for their own; doctors may not.
import type { Database } from '../../../db/mysql.js';
import { forbidden } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { haveCareRelationship } from '../scheduling/care-team.js';

export async function assertCanReadPatient(
  db: Database,
  p: UserPrincipal,
  patientId: string,
  care: { careRelationshipDays: number },
): Promise<void> {
  if (p.role === 'admin' || p.role === 'receptionist') return;
  if (p.role === 'patient' && p.patientId === patientId) return;
  if (p.role === 'doctor' && p.doctorId) {
    if (await haveCareRelationship(db, patientId, p.doctorId, { days: care.careRelationshipDays })) return;
  }
  throw forbidden();
}

export function assertCanChangePatient(p: UserPrincipal, patientId: string): void {
  if (p.role === 'admin' || p.role === 'receptionist') return;
  if (p.role === 'patient' && p.patientId === patientId) return;
  throw forbidden();
}
