// Daily per-location figures, rolled up from the appointments table (and the payments, the
// notification log and the feedback collection) into location_daily_metrics (one row per location
// and LOCAL day, in the location's time zone). The worker runs
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
//
// Money (billing/money-figures.ts reads it, in the location's currency, integer minor units):
// - revenueMinor: payments received in the day (at the desk and online) less refunds that
//   succeeded in the day (a refund counts on its own day, not its payment's).
// - refundedMinor: those refunds. paymentsByMethod: the day's payments by method, gross.
// - outstandingMinor: what was owed at the end of the day on the location's invoices that were
//   not void then, rebuilt from the history of lines, payments and refunds; for today (not
//   ended yet) it is what is owed at the time of the rollup (computedAt).
//
// Feedback (the visits of the day, by the same window: a feedback document's visitDay is its
// visit's local day at the location):
// - feedbackRequested: the day's visits whose feedback request (notification_log kind
//   feedback_request) was sent on at least one channel (notifications/feedback-requested.ts).
// - feedbackReceived: feedback documents about the day's visits in status pending or approved
//   (rejected feedback is left out of every feedback figure). Feedback given in the portal before
//   a request went out counts too (the request is then not sent), so it may exceed feedbackRequested.
// - feedbackRatings: the mean per dimension (overall, waitTime, …) over that feedback, rounded to
//   2 decimals; a dimension nobody rated is absent; null when no feedback. One aggregation per run
//   (metrics/feedback.ts).
// - responseRate (the report only, never stored): feedbackReceived / feedbackRequested, 4
//   decimals, null when nothing was requested.
import { and, asc, between, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from 'mongodb';
import type { Database } from '../../../db/mysql.js';
import { locationDailyMetrics } from '../../../db/schema/index.js';
import { badRequest } from '../../errors.js';
import { moneyOfDays } from '../billing/money-figures.js';
import { getLocation, listLocations } from '../locations/repository.js';
import { feedbackRequestsSent } from '../notifications/feedback-requested.js';
import { computeFigures, type DayFigures, type DayWindow } from '../scheduling/visit-figures.js';
import { feedbackOfDays, type MeanRatings, NO_FEEDBACK, round } from './feedback.js';

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

/** received / requested, 4 decimals; null when nothing was requested. */
export const responseRate = (received: number, requested: number) => (requested ? round(received / requested, 4) : null);

/** Computes the windows' figures and upserts one row per window. Returns the rows written. */
async function rollupWindows(
  db: Database,
  mongo: Db,
  windows: readonly DayWindow[],
  currencies: Map<string, string>,
  now: Date,
): Promise<number> {
  const visits = await computeFigures(db, windows);
  if (!visits.length) return 0;
  const requested = await feedbackRequestsSent(db, windows);
  // One aggregation for every window: the days of all of them (zones differ by a day at most), then each window takes its own.
  const days = windows.map((w) => w.day).sort();
  const locationIds = [...new Set(windows.map((w) => w.locationId))];
  const feedback = await feedbackOfDays(mongo, locationIds, days[0]!, days.at(-1)!, true, now);
  // computeFigures answers one row per window, in no promised order: each row finds its window by key.
  const windowOf = new Map(windows.map((w) => [`${w.locationId}|${w.day}`, w]));
  const figures = [];
  for (const f of visits) {
    const key = `${f.locationId}|${f.day}`;
    const w = windowOf.get(key)!;
    figures.push({
      ...f,
      ...(await moneyOfDays(db, f.locationId, w.start, w.end, now)),
      currency: currencies.get(f.locationId) ?? null,
      feedbackRequested: requested.get(key) ?? 0,
      ...(feedback.get(key) ?? NO_FEEDBACK),
    });
  }
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
        currency: fresh('currency'),
        revenueMinor: fresh('revenue_minor'),
        refundedMinor: fresh('refunded_minor'),
        outstandingMinor: fresh('outstanding_minor'),
        paymentsByMethod: fresh('payments_by_method'),
        feedbackRequested: fresh('feedback_requested'),
        feedbackReceived: fresh('feedback_received'),
        feedbackRatings: fresh('feedback_ratings'),
        computedAt: fresh('computed_at'),
      },
    });
  return figures.length;
}

/**
 * For every location, recomputes its last `days` local days (today in its zone included) and
 * upserts them. Idempotent. Returns the rows written (locations × days).
 */
export async function rollupDailyMetrics(db: Database, mongo: Db, now: Date, days = 2): Promise<number> {
  if (!Number.isInteger(days) || days < 1) return 0;
  const all = await listLocations(db);
  const windows = all.flatMap((loc) => {
    const today = DateTime.fromJSDate(now, { zone: loc.timezone });
    return Array.from({ length: days }, (_, k) => dayWindow(loc.id, loc.timezone, today.minus({ days: k }).toISODate()!));
  });
  return rollupWindows(db, mongo, windows, new Map(all.map((l) => [l.id, l.currency])), now);
}

/** Recomputes the local days `fromDay`..`toDay` (YYYY-MM-DD, both included) of one location. */
export async function rollupRange(db: Database, mongo: Db, locationId: string, fromDay: string, toDay: string, now: Date): Promise<number> {
  const location = await getLocation(db, locationId);
  return rollupWindows(
    db,
    mongo,
    daysBetween(fromDay, toDay).map((day) => dayWindow(locationId, location.timezone, day)),
    new Map([[location.id, location.currency]]),
    now,
  );
}

export const MAX_REPORT_DAYS = 366;

const omitLocation = ({ locationId: _, day: __, ...rest }: DayFigures) => rest;

/**
 * GET /api/locations/:id/metrics. `days` are the stored rollup rows of the range (a day never
 * rolled up is absent; each row is as of its computedAt). `totals` are computed live from the
 * appointments (and payments, sent requests and feedback) over the whole range with the same
 * definitions, so counts equal the sum of up-to-date days and the averages are exact means over
 * every visit (every feedback) of the range, not means of daily means, which the stored rows alone
 * could not give: they do not keep the counts behind each average.
 */
export async function metricsReport(db: Database, mongo: Db, locationId: string, from: string, to: string) {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  if (!start.isValid || !end.isValid) throw badRequest('from and to must be real dates (YYYY-MM-DD)');
  if (end < start) throw badRequest('to must not be before from');
  if (end.diff(start, 'days').days + 1 > MAX_REPORT_DAYS) throw badRequest(`A range may cover at most ${MAX_REPORT_DAYS} days`);
  const location = await getLocation(db, locationId);
  const zone = location.timezone;
  const rows = await db
    .select()
    .from(locationDailyMetrics)
    .where(and(eq(locationDailyMetrics.locationId, locationId), between(locationDailyMetrics.day, from, to)))
    .orderBy(asc(locationDailyMetrics.day));
  const range = dayWindow(locationId, zone, from, to);
  const [totals] = await computeFigures(db, [range]);
  const money = await moneyOfDays(db, locationId, range.start, range.end, new Date());
  const requested = (await feedbackRequestsSent(db, [range])).get(`${locationId}|${from}`) ?? 0;
  const feedback = (await feedbackOfDays(mongo, [locationId], from, to, false)).get(locationId) ?? NO_FEEDBACK;
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
      currency: r.currency,
      revenueMinor: r.revenueMinor,
      refundedMinor: r.refundedMinor,
      outstandingMinor: r.outstandingMinor,
      paymentsByMethod: r.paymentsByMethod ?? {},
      feedbackRequested: r.feedbackRequested,
      feedbackReceived: r.feedbackReceived,
      responseRate: responseRate(r.feedbackReceived, r.feedbackRequested),
      // Written by this rollup from feedbackOfDays (the column's JSON type cannot say so).
      feedbackRatings: r.feedbackRatings as MeanRatings | null,
      computedAt: r.computedAt.toISOString(),
    })),
    // Money over the range: sums of the days, and what was owed at its end (or now, if it has not ended).
    totals: {
      ...omitLocation(totals!),
      currency: location.currency,
      ...money,
      feedbackRequested: requested,
      feedbackReceived: feedback.feedbackReceived,
      responseRate: responseRate(feedback.feedbackReceived, requested),
      feedbackRatings: feedback.feedbackRatings,
    },
  };
}
