// Which booked visits a doctor's time off would fall on, asked before it is saved: saving a time off
// never cancels or moves a visit (the desk calls the patients), so the admin sees them first.
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { appointments } from '../../../db/schema/index.js';
import { notFound } from '../../errors.js';
import { findDoctor, findUnavailability } from '../doctors/repository.js';
import { checkTimeOff } from '../doctors/schedule-service.js';
import { patientNames } from '../patients/repository.js';

/** Visits still to happen or under way: a time off over a completed, cancelled or missed visit changes nothing for anyone. */
const STILL_BOOKED = ['scheduled', 'confirmed', 'checked_in', 'called', 'in_progress'] as const;

/**
 * The doctor's booked visits overlapping [startAt, endAt), soonest first (at most 500). `excludeId`
 * names the time off being edited: each visit says whether it lies in that time off as saved now
 * (`alreadyAffected`), so a console can set apart the visits the edit adds.
 */
export async function visitsAffectedByTimeOff(
  db: Database,
  doctorId: string,
  input: { startAt: string; endAt: string; excludeId?: string },
) {
  const startAt = new Date(input.startAt);
  const endAt = new Date(input.endAt);
  checkTimeOff(startAt, endAt);
  await findDoctor(db, doctorId);
  const edited = input.excludeId ? await findUnavailability(db, input.excludeId) : null;
  if (input.excludeId && edited?.doctorId !== doctorId) throw notFound('Unavailability');
  const rows = await db
    .select({
      id: appointments.id,
      startAt: appointments.startAt,
      endAt: appointments.endAt,
      status: appointments.status,
      patientId: appointments.patientId,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.doctorId, doctorId),
        lt(appointments.startAt, endAt),
        gt(appointments.endAt, startAt),
        inArray(appointments.status, [...STILL_BOOKED]),
      ),
    )
    .orderBy(asc(appointments.startAt))
    .limit(500);
  const names = await patientNames(
    db,
    rows.map((r) => r.patientId),
  );
  return {
    visits: rows.map((r) => {
      const name = names.get(r.patientId);
      return {
        id: r.id,
        startAt: r.startAt.toISOString(),
        endAt: r.endAt.toISOString(),
        patientId: r.patientId,
        patientName: name ? `${name.firstName} ${name.lastName}` : '',
        status: r.status,
        alreadyAffected: edited !== null && r.startAt < edited.endAt && r.endAt > edited.startAt,
      };
    }),
  };
}
