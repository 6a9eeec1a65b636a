// Daily per-location figures, rolled up from the appointments table into location_daily_metrics
// (one row per location and LOCAL day, in the location's time zone). The worker runs
// rollupDailyMetrics on a schedule; every run recomputes whole days and upserts them, so running
// it twice, or late, gives the same rows.
//
// Definitions (one SQL query computes them all, for many days at once):
// - A visit "belongs" to a day when its start_at falls in [local 00:00, next local 00:00) of that
//   day at its location, computed with the location's IANA zone (23- and 25-hour DST days
//   included). Walk-ins count (their start is their arrival).
// - A visit moved away by a reschedule is not a visit: the reschedule cancels the old row with
//   cancel_reason 'Rescheduled' (booking.ts) and books a new row, which counts where it lands.
//   Such rows are left out of every figure below.
// - appointments: every other visit of the day, whatever its status (so it is at least
//   completed + cancelled + noShows; the rest are still open or under way).
// - completed / noShows: those of the day's visits in that status.
// - cancelled: the day's visits in status cancelled, i.e. real cancellations only.
// - newPatients: distinct patients whose first-ever visit (any location, any status but a
//   moved-away one; ties on the same start broken by id) is one of this day's visits here.
// - avgWaitSeconds: mean of called_at − checked_in_at over the day's visits that were called
//   (both stamps set), rounded to whole seconds; null when none. Check-in is only possible on the
//   visit's local day, so these are the visits called that day (bar a queue running past midnight).
// - avgConsultationSeconds: mean of completed_at − started_at over the day's visits that were
//   completed, rounded; null when none.
import { and, asc, between, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { locationDailyMetrics } from '../../../db/schema/index.js';
import { badRequest } from '../../errors.js';
import { locationZone, locationZones } from '../locations/repository.js';
import { computeFigures, type DayFigures, type DayWindow } from '../scheduling/visit-figures.js';

/** [local midnight of `fromDay`, local midnight after `toDay`) in `zone`, as UTC instants. */
export function localSpan(zone: string, fromDay: string, toDay = fromDay): { start: Date; end: Date } {
  const start = DateTime.fromISO(fromDay, { zone }).startOf('day');
  const end = DateTime.fromISO(toDay, { zone }).startOf('day').plus({ days: 1 });
  return { start: start.toJSDate(), end: end.toJSDate() };
}

function dayWindow(locationId: string, zone: string, day: string, toDay = day): DayWindow {
  return { locationId, day, ...localSpan(zone, day, toDay) };
}

/** Every calendar day from `fromDay` to `toDay`, both included (YYYY-MM-DD). */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  const last = DateTime.fromISO(toDay, { zone: 'UTC' });
  for (let d = DateTime.fromISO(fromDay, { zone: 'UTC' }); d <= last; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}

/** Computes the windows' figures and upserts one row per window. Returns the rows written. */
async function rollupWindows(db: Database, windows: readonly DayWindow[], now: Date): Promise<number> {
  const figures = await computeFigures(db, windows);
  if (!figures.length) return 0;
  const fresh = (column: string) => sql.raw(`values(\`${column}\`)`);
  await db
    .insert(locationDailyMetrics)
    .values(figures.map((f) => ({ ...f, computedAt: now })))
    .onDuplicateKeyUpdate({
      set: {
        appointments: fresh('appointments'),
        completed: fresh('completed'),
        cancelled: fresh('cancelled'),
        noShows: fresh('no_shows'),
        newPatients: fresh('new_patients'),
        avgWaitSeconds: fresh('avg_wait_seconds'),
        avgConsultationSeconds: fresh('avg_consultation_seconds'),
        computedAt: fresh('computed_at'),
      },
    });
  return figures.length;
}

/**
 * For every location, recomputes its last `days` local days (today in its zone included) and
 * upserts them. Idempotent. Returns the rows written (locations × days).
 */
export async function rollupDailyMetrics(db: Database, now: Date, days = 2): Promise<number> {
  if (!Number.isInteger(days) || days < 1) return 0;
  const all = await locationZones(db);
  const windows = all.flatMap((loc) => {
    const today = DateTime.fromJSDate(now, { zone: loc.timezone });
    return Array.from({ length: days }, (_, k) => dayWindow(loc.id, loc.timezone, today.minus({ days: k }).toISODate()!));
  });
  return rollupWindows(db, windows, now);
}

/** Recomputes the local days `fromDay`..`toDay` (YYYY-MM-DD, both included) of one location. */
export async function rollupRange(db: Database, locationId: string, fromDay: string, toDay: string, now: Date): Promise<number> {
  const zone = await locationZone(db, locationId);
  return rollupWindows(
    db,
    daysBetween(fromDay, toDay).map((day) => dayWindow(locationId, zone, day)),
    now,
  );
}

export const MAX_REPORT_DAYS = 366;

const omitLocation = ({ locationId: _, day: __, ...rest }: DayFigures) => rest;

/**
 * GET /api/locations/:id/metrics. `days` are the stored rollup rows of the range (a day never
 * rolled up is absent; each row is as of its computedAt). `totals` are computed live from the
 * appointments over the whole range with the same definitions, so counts equal the sum of
 * up-to-date days and the averages are exact means over every visit of the range (not a mean of
 * daily means), which the stored rows alone could not give: they do not keep the counts behind
 * each average.
 */
export async function metricsReport(db: Database, locationId: string, from: string, to: string) {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  if (!start.isValid || !end.isValid) throw badRequest('from and to must be real dates (YYYY-MM-DD)');
  if (end < start) throw badRequest('to must not be before from');
  if (end.diff(start, 'days').days + 1 > MAX_REPORT_DAYS) throw badRequest(`A range may cover at most ${MAX_REPORT_DAYS} days`);
  const zone = await locationZone(db, locationId);
  const rows = await db
    .select()
    .from(locationDailyMetrics)
    .where(and(eq(locationDailyMetrics.locationId, locationId), between(locationDailyMetrics.day, from, to)))
    .orderBy(asc(locationDailyMetrics.day));
  const [totals] = await computeFigures(db, [dayWindow(locationId, zone, from, to)]);
  return {
    locationId,
    from,
    to,
    days: rows.map((r) => ({
      day: r.day,
      appointments: r.appointments,
      completed: r.completed,
      cancelled: r.cancelled,
      noShows: r.noShows,
      newPatients: r.newPatients,
      avgWaitSeconds: r.avgWaitSeconds,
      avgConsultationSeconds: r.avgConsultationSeconds,
      computedAt: r.computedAt.toISOString(),
    })),
    totals: omitLocation(totals!),
  };
}
