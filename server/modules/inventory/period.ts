// Days at a location: "today" is the location's local date, and a report's period is whole local
// days, from the start of `from` to the end of `to`, turned into the instants the ledger stores.
import { DateTime } from 'luxon';
import { invalidField } from '../../errors.js';

export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;

/** The location's calendar date at `now`, YYYY-MM-DD. */
export function localToday(zone: string, now = new Date()): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/**
 * The instants [from, to) of whole local days `from`..`to` (both included). Without `to`: up to
 * today; without `from`: the 30 days that end on `to`. Backwards or longer than a year is 400.
 */
export function localPeriod(zone: string, q: { from?: string; to?: string }, now = new Date()): { from: Date; to: Date } {
  const lastDay = q.to ?? localToday(zone, now);
  const firstDay = q.from ?? addDays(lastDay, -(DEFAULT_PERIOD_DAYS - 1));
  if (firstDay > lastDay) throw invalidField('from', 'The period must not end before it starts');
  const start = DateTime.fromISO(firstDay, { zone });
  const end = DateTime.fromISO(lastDay, { zone }).plus({ days: 1 });
  if (end.diff(start, 'days').days > MAX_PERIOD_DAYS) throw invalidField('from', `The period may be at most ${MAX_PERIOD_DAYS} days`);
  return { from: start.toJSDate(), to: end.toJSDate() };
}
