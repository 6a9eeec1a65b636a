// The patients' cut-off: a patient cannot cancel or move a visit online within the location's
// cut-off (patientChangeCutoffHours, 24 by default); staff can at any time. A patient's
// availability leaves out the slots inside it too (availability.ts): what they could not undo
// online is not offered online. One exception undoes a mis-tap: the patient who booked a visit may
// cancel it for PATIENT_CANCEL_GRACE_MINUTES after booking it, even inside the cut-off.
import type { Database } from '../../../db/mysql.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { findLocation } from '../locations/repository.js';

export type CutoffCheck = (tx: Tx, actor: UserPrincipal, appointment: { locationId: string; startAt: Date }, now: Date) => Promise<void>;

/** How long after booking the patient who booked a visit may cancel it online, cut-off or not. */
export const PATIENT_CANCEL_GRACE_MINUTES = 10;
const GRACE_MS = PATIENT_CANCEL_GRACE_MINUTES * 60_000;

/** Until when the one who booked a visit may still cancel it online whatever the cut-off. */
export const cancelGraceEndsAt = (createdAt: Date) => new Date(createdAt.getTime() + GRACE_MS);

/**
 * Whether this is the patient who booked the visit, cancelling within the grace after booking it,
 * while it is still only booked and has not begun: a patient already queued or called, or past the
 * start, is not undoing a mis-tap (that would be a way out of a no-show).
 */
export function withinCancelGrace(
  actor: UserPrincipal,
  visit: { createdBy: string | null; createdAt: Date; status: string; startAt: Date },
  now: Date,
): boolean {
  return (
    actor.role === 'patient' &&
    visit.createdBy === actor.userId &&
    (visit.status === 'scheduled' || visit.status === 'confirmed') &&
    now < visit.startAt &&
    now < cancelGraceEndsAt(visit.createdAt)
  );
}

/** The location's cut-off in hours (24 when the location is unknown). */
export async function cutoffHours(db: Database | Tx, locationId: string): Promise<number> {
  return (await findLocation(db, locationId))?.patientChangeCutoffHours ?? 24;
}

/** The rule as lifecycle and reschedule apply it: refuses a patient's change inside the cut-off. */
export const patientCutoff: CutoffCheck = async (tx, actor, appointment, now) => {
  if (actor.role !== 'patient') return;
  const hours = await cutoffHours(tx, appointment.locationId);
  if (appointment.startAt.getTime() - now.getTime() < hours * 3_600_000) {
    throw new AppError(
      409,
      ErrorCode.CHANGE_CUTOFF_PASSED,
      `Visits can be changed online up to ${hours} hours before; please call the clinic`,
      {
        cutoffHours: hours,
      },
    );
  }
};
