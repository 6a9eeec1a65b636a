// Who is on a patient's care team through their visits: a doctor with a care relationship
// (haveCareRelationship: messaging, records, prescriptions ask it) and the nurses of the locations
// the patient visits (haveVisitAtLocations: record/access.ts). Both read the same thing: a visit in
// CARE_STATUSES within the window.
import { and, eq, gte, inArray, type SQL } from 'drizzle-orm';
import { appointments } from '../../../db/schema/index.js';
import type { Reader } from '../../../db/transactions.js';

/**
 * The statuses of a visit that makes a care relationship: booked and not cancelled (scheduled,
 * confirmed) or one that happened or is happening (checked in, called, in progress, completed).
 * A cancelled visit never happened and a no-show is a visit the patient did not come to: neither
 * counts, so booking and cancelling at once gives nothing.
 */
export const CARE_STATUSES = ['scheduled', 'confirmed', 'checked_in', 'called', 'in_progress', 'completed'] as const;

/** Whether the patient has a visit in CARE_STATUSES, matching `where`, starting within the window. */
async function careVisitExists(db: Reader, patientId: string, where: SQL, window: { days: number; now?: Date }): Promise<boolean> {
  const since = new Date((window.now ?? new Date()).getTime() - window.days * 86_400_000);
  const [row] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(eq(appointments.patientId, patientId), where, inArray(appointments.status, [...CARE_STATUSES]), gte(appointments.startAt, since)),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Whether the patient and the doctor have a care relationship now: a visit together in one of
 * CARE_STATUSES that starts no earlier than `days` days before `now` (CARE_RELATIONSHIP_DAYS).
 * A booked visit ahead counts until it is cancelled; the relationship ends `days` after the last
 * visit. This is the one place that decides it: messaging asks it before a thread is opened or a
 * message written, patients/access.ts before a doctor reads a record.
 */
export function haveCareRelationship(
  db: Reader,
  patientId: string,
  doctorId: string,
  window: { days: number; now?: Date },
): Promise<boolean> {
  return careVisitExists(db, patientId, eq(appointments.doctorId, doctorId), window);
}

/**
 * Whether the patient has a visit at one of these locations (booked or had, not cancelled or a
 * no-show) within the window: the nurses of those locations are then part of the care team.
 */
export async function haveVisitAtLocations(
  db: Reader,
  patientId: string,
  locationIds: readonly string[],
  window: { days: number; now?: Date },
): Promise<boolean> {
  if (!locationIds.length) return false;
  return careVisitExists(db, patientId, inArray(appointments.locationId, [...locationIds]), window);
}
