// GET /api/doctors/:id/availability: the bookable slots of a doctor over up to 31 days.
// Four queries whatever the range (doctor, rules, busy time, the type), then pure expansion.
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { badRequest } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { findDoctor, weeklyRules } from '../doctors/repository.js';
import { busyIntervals } from './calendar.js';
import { candidateSlots, freeSlots, workingWindows } from './slots.js';
import { appointmentTypeMinutes } from './types-service.js';

export const MAX_RANGE_DAYS = 31;

export async function availability(
  db: Database,
  actor: UserPrincipal,
  doctorId: string,
  range: { from: string; to: string; type?: string },
  now = new Date(),
) {
  const from = DateTime.fromISO(range.from, { zone: 'UTC' });
  const to = DateTime.fromISO(range.to, { zone: 'UTC' });
  if (!from.isValid || !to.isValid) throw badRequest('from and to must be real dates (YYYY-MM-DD)');
  if (to < from) throw badRequest('to must not be before from');
  if (to.diff(from, 'days').days + 1 > MAX_RANGE_DAYS) throw badRequest(`A range may cover at most ${MAX_RANGE_DAYS} days`);
  const doctor = await findDoctor(db, doctorId);
  if (!doctor.active) return { doctorId, slots: [] };
  const minutes = range.type ? await appointmentTypeMinutes(db, range.type) : doctor.consultationMinutes;
  const rules = await weeklyRules(db, doctorId);
  const windows = workingWindows(rules, range.from, range.to);
  if (!windows.length) return { doctorId, slots: [] };
  const busy = await busyIntervals(db, doctorId, windows[0]!.start, windows[windows.length - 1]!.end, now);
  // A patient's own hold does not hide the slot from them: they are the one booking it.
  const blocking = busy.filter((b) => !(b.kind === 'held' && actor.patientId !== null && b.patientId === actor.patientId));
  const slots = freeSlots(candidateSlots(windows, doctor.consultationMinutes, minutes), blocking, now);
  return {
    doctorId,
    slots: slots.map((s) => ({ startAt: s.startAt.toISOString(), endAt: s.endAt.toISOString(), locationId: s.locationId })),
  };
}
