// A location's day as the admin dashboard shows it, live: how many wait now, how long the patients
// called today waited (check-in to call), calls per local hour, and the doctors running late.
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { getLocation } from '../locations/repository.js';
import { callsOfDay } from './appointments-repository.js';
import { boardView } from './queue-service.js';

export async function locationToday(db: Database, locationId: string, now = new Date()) {
  const location = await getLocation(db, locationId);
  const today = DateTime.fromJSDate(now, { zone: location.timezone });
  const board = await boardView(db, locationId, now);
  const calls = await callsOfDay(db, locationId, today.toISODate()!);
  const waits = calls.flatMap((c) => (c.checkedInAt && c.calledAt ? [(c.calledAt.getTime() - c.checkedInAt.getTime()) / 60_000] : []));
  const perHour = new Array<number>(24).fill(0);
  for (const c of calls) if (c.calledAt) perHour[DateTime.fromJSDate(c.calledAt, { zone: location.timezone }).hour]! += 1;
  return {
    locationId,
    day: today.toISODate()!,
    generatedAt: now.toISOString(),
    waitingNow: board.doctors.reduce((n, d) => n + d.waiting.length, 0),
    averageWaitMinutes: waits.length ? Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 10) / 10 : null,
    callsPerHour: perHour.map((calls, hour) => ({ hour, calls })),
    doctorsRunningLate: board.doctors
      .filter((d) => d.delayMinutes > 0)
      .map((d) => ({ doctorId: d.doctorId, name: d.name, delayMinutes: d.delayMinutes })),
  };
}
