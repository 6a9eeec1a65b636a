// Who may see and do what with a prescription, in one place:
// - the prescriber writes, signs, cancels and reissues their own, and decides refill requests on them;
// - a doctor reads the signed prescriptions of patients they have a care relationship with
//   (haveCareRelationship), and only their own drafts;
// - a patient reads their own signed ones and asks for refills of them;
// - a pharmacist reads the signed ones of the locations they work at;
// - reception, admins and screens read none: a prescription is clinical content.
import type { Database } from '../../../db/mysql.js';
import { forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { haveCareRelationship } from '../scheduling/care-team.js';
import { locationsOfUser } from '../users/repository.js';

interface Owned {
  status: string;
  patientId: string;
  doctorId: string;
  locationId: string;
}

export function assertPrescriber(actor: UserPrincipal, p: Owned): void {
  if (actor.role !== 'doctor' || actor.doctorId !== p.doctorId) throw forbidden('Only the prescriber may do this');
}

export async function assertCanRead(db: Database, actor: UserPrincipal, p: Owned, careRelationshipDays: number): Promise<void> {
  const draft = p.status === 'draft';
  if (actor.role === 'doctor' && actor.doctorId) {
    if (actor.doctorId === p.doctorId) return;
    if (!draft && (await haveCareRelationship(db, p.patientId, actor.doctorId, { days: careRelationshipDays }))) return;
    throw forbidden();
  }
  if (actor.role === 'patient' && actor.patientId === p.patientId) {
    // A draft is the doctor's work in progress: to its patient it does not exist yet.
    if (draft) throw notFound('Prescription');
    return;
  }
  if (actor.role === 'pharmacist') {
    if (!(await locationsOfUser(db, actor.userId)).includes(p.locationId)) throw forbidden('Another location’s prescription');
    if (draft) throw notFound('Prescription');
    return;
  }
  throw forbidden();
}
