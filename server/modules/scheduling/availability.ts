// GET /api/doctors/:id/availability: the bookable slots of a doctor over up to 31 days.
// Four queries whatever the range (doctor, rules, busy time, the type), then pure expansion; a few
// more when the range includes today and the doctor has a queue (the walk-in load, walk-in-load.ts),
// and for a patient the cut-off of each location offered (cutoff.ts).
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { badRequest } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { doctorHomeZone, findDoctor, weeklyRules } from '../doctors/repository.js';
import { notArrivedVisits } from './appointments-repository.js';
import { busyIntervals } from './calendar.js';
import { cutoffHours } from './cutoff.js';
import { waitingEtas } from './queue.js';
import { doctorQueue } from './queue-service.js';
import { candidateSlots, freeSlots, type Slot, type WeeklyRule, workingWindows } from './slots.js';
import { appointmentTypeMinutes } from './types-service.js';
import { queueClearTime } from './walk-in-load.js';

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
  let slots = freeSlots(candidateSlots(windows, doctor.consultationMinutes, minutes), blocking, now);
  const horizon = await walkInHorizon(db, doctorId, rules, range, now);
  if (horizon) slots = slots.filter((s) => s.startAt >= horizon);
  if (actor.role === 'patient') slots = await outsideCutoff(db, slots, now);
  return {
    doctorId,
    slots: slots.map((s) => ({ startAt: s.startAt.toISOString(), endAt: s.endAt.toISOString(), locationId: s.locationId })),
  };
}

/**
 * The first instant a new booking today would not just wait behind the queue (walk-in-load.ts):
 * the queue's projected clear time, or the end of today when the queue outlasts the doctor's
 * working day. Null when the range does not include today or the doctor has no queue.
 */
async function walkInHorizon(db: Database, doctorId: string, rules: WeeklyRule[], range: { from: string; to: string }, now: Date) {
  const zone = await doctorHomeZone(db, doctorId);
  const today = DateTime.fromJSDate(now, { zone });
  const date = today.toISODate()!;
  if (date < range.from || date > range.to) return null;
  const { doctor, serving, waiting, visitMinutes } = await doctorQueue(db, doctorId, now);
  if (!serving.length && !waiting.length && !doctor.delayMinutes) return null;
  const dayEnd = today.plus({ days: 1 }).startOf('day').toJSDate();
  // When the doctor can start on the queue: the current visit over, and any delay passed.
  const start = new Date(now.getTime() + waitingEtas(serving, 1, visitMinutes, now, doctor.delayMinutes)[0]! * 60_000);
  const windows = workingWindows(rules, date, date);
  const timeOff = (await busyIntervals(db, doctorId, now, dayEnd, now)).filter((b) => b.kind === 'unavailable');
  const fixed = [...timeOff, ...(await notArrivedVisits(db, doctorId, now, dayEnd))];
  const clear = queueClearTime({ windows, fixed, from: start, visits: waiting.length, visitMinutes });
  return clear ?? dayEnd;
}

/** A patient is not offered what they could not undo online: slots inside each location's cut-off. */
async function outsideCutoff(db: Database, slots: Slot[], now: Date): Promise<Slot[]> {
  const hours = new Map<string, number>();
  for (const locationId of new Set(slots.map((s) => s.locationId))) hours.set(locationId, await cutoffHours(db, locationId));
  return slots.filter((s) => s.startAt.getTime() - now.getTime() >= hours.get(s.locationId)! * 3_600_000);
}
