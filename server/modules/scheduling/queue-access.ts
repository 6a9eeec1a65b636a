// Who may read a doctor's queue (GET /api/doctors/:id/queue, queue:subscribe): those who work it
// (access.ts assertCanWorkQueue: staff, the doctor), and nurses of the locations where the doctor
// sees patients: their home location, or one where they have visits today. Nurses read the queue to
// triage the patients in it; they never call, start or complete visits.
import type { Reader } from '../../../db/transactions.js';
import { forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { findDoctorRow } from '../doctors/repository.js';
import { locationsOfUser } from '../users/repository.js';
import { assertCanWorkQueue } from './access.js';
import { doctorHasTicketsAt } from './care-team.js';
import { todayFor } from './lifecycle.js';

export async function assertCanReadQueue(db: Reader, p: UserPrincipal, doctorId: string, now = new Date()): Promise<void> {
  if (p.role !== 'nurse') return assertCanWorkQueue(p, doctorId);
  const doctor = await findDoctorRow(db, doctorId);
  if (!doctor) throw notFound('Doctor');
  const mine = await locationsOfUser(db, p.userId);
  if (mine.includes(doctor.locationId)) return;
  if (await doctorHasTicketsAt(db, doctorId, mine, await todayFor(db, doctorId, now))) return;
  throw forbidden('This doctor sees no patients at your locations today');
}
