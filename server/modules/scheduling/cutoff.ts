// The patients' cut-off: a patient cannot cancel or move a visit online within the location's
// cut-off (patientChangeCutoffHours, 24 by default); staff can at any time.
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { findLocation } from '../locations/repository.js';

export type CutoffCheck = (tx: Tx, actor: UserPrincipal, appointment: { locationId: string; startAt: Date }, now: Date) => Promise<void>;

/** The rule as lifecycle and reschedule apply it: refuses a patient's change inside the cut-off. */
export const patientCutoff: CutoffCheck = async (tx, actor, appointment, now) => {
  if (actor.role !== 'patient') return;
  const hours = (await findLocation(tx, appointment.locationId))?.patientChangeCutoffHours ?? 24;
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
