// Booking limits: how much of the clinic's calendar one patient may take by booking for themself.
// Each location sets three (locations table; GET and PATCH /api/locations/:id):
// - patientMaxUpcomingVisitsPerDoctor (default 2): upcoming visits there with one doctor,
// - patientMaxUpcomingVisits (default 6): upcoming visits there in all, with any doctor,
// - patientMaxSeriesWeeks (default 4): weeks of one weekly series (whose visits count towards
//   the two above as well).
// "Upcoming" is a visit starting after now that is booked and not yet attended (scheduled or
// confirmed: not checked in, cancelled, a no-show or completed); the limits of the location a new
// visit is at count the patient's visits at that location.
//
// Who is bound: a patient booking or holding for themself. Staff (admin, receptionist) booking on
// a patient's behalf may go past the limits: the clinic decides case by case, and the visit's
// createdBy and the audit log say who did. Staff bookings still count, so the patient cannot add
// more of their own on top.
//
// Race-free: every booking path (book, weekly series, hold, reschedule) takes the doctor's lock
// and then the patient's (patients/repository.ts lockPatient), in that order, before its first
// plain read, and checks these inside that transaction. Two bookings of one patient, with one
// doctor or with two, therefore count one after the other and each sees the other's visit.
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { patientBookingLimits } from '../locations/repository.js';
import { upcomingVisitCounts } from './appointments-repository.js';

export type VisitLimit = 'patientMaxUpcomingVisitsPerDoctor' | 'patientMaxUpcomingVisits' | 'patientMaxSeriesWeeks';

/** Whether the booking limits apply to this caller: only patients booking for themselves. */
export const boundByVisitLimits = (actor: UserPrincipal): boolean => actor.role === 'patient';

const limitReached = (limit: VisitLimit, max: number, message: string) =>
  new AppError(409, ErrorCode.VISIT_LIMIT_REACHED, message, { limit, max });

const visits = (n: number) => (n === 1 ? '1 upcoming visit' : `${n} upcoming visits`);

/**
 * Refuses (409 VISIT_LIMIT_REACHED) when `adding` more visits with this doctor at this location
 * would take the patient past either visit limit there. Run under the doctor's and the patient's locks.
 */
export async function assertWithinVisitLimits(
  tx: Tx,
  q: { patientId: string; doctorId: string; locationId: string; adding: number; now: Date; excludeAppointmentId?: string },
): Promise<void> {
  const limits = await patientBookingLimits(tx, q.locationId);
  const counts = await upcomingVisitCounts(tx, q);
  if (counts.withDoctor + q.adding > limits.perDoctor) {
    throw limitReached(
      'patientMaxUpcomingVisitsPerDoctor',
      limits.perDoctor,
      `Patients can have at most ${visits(limits.perDoctor)} with one doctor booked online; please call the clinic to book more`,
    );
  }
  if (counts.total + q.adding > limits.total) {
    throw limitReached(
      'patientMaxUpcomingVisits',
      limits.total,
      `Patients can have at most ${visits(limits.total)} booked online here; please call the clinic to book more`,
    );
  }
}

/** Refuses (409 VISIT_LIMIT_REACHED) a weekly series longer than the location lets a patient book. */
export async function assertSeriesWithinLimit(tx: Tx, locationId: string, weeks: number): Promise<void> {
  const { seriesWeeks } = await patientBookingLimits(tx, locationId);
  if (weeks > seriesWeeks) {
    throw limitReached(
      'patientMaxSeriesWeeks',
      seriesWeeks,
      seriesWeeks === 0
        ? 'Weekly series are booked by the clinic; please call it'
        : `A weekly series booked online has at most ${seriesWeeks} weeks; please call the clinic for a longer one`,
    );
  }
}
