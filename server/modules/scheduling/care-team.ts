// Who is on a patient's care team through their visits at a location: the nurses of the locations
// the patient visits (record/access.ts). Doctors' care relationships are haveCareRelationship.
import { and, eq, gte, inArray } from 'drizzle-orm';
import { appointments } from '../../../db/schema/index.js';
import type { Reader } from '../../../db/transactions.js';
import { CARE_STATUSES } from './appointments-repository.js';

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
  const since = new Date((window.now ?? new Date()).getTime() - window.days * 86_400_000);
  const [row] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, patientId),
        inArray(appointments.locationId, [...locationIds]),
        inArray(appointments.status, [...CARE_STATUSES]),
        gte(appointments.startAt, since),
      ),
    )
    .limit(1);
  return Boolean(row);
}
