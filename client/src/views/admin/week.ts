// The weekly schedule as the admin edits it, and as the hub keeps it. On the page a day is a list
// of time ranges, each at a location: two ranges with a gap are a morning and an afternoon (the
// gap a lunch break). The hub keeps rules: a window at a location with breaks inside it. A run of
// ranges at one location becomes one rule whose breaks are the gaps; a range at another location
// in between starts a new rule (a window may not cover another location's hours).
import type { Schedule, ScheduleRuleInput } from '../../lib/contract';

export interface Range {
  /** For React's lists only. */
  key: string;
  locationId: string;
  start: string;
  end: string;
}

/** Monday first: index 0 is weekday 1 (as the hub counts them), index 6 is Sunday (7). */
export type Week = Range[][];

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** At most this many breaks in one rule (server/modules/doctors/schemas.ts). */
const MAX_BREAKS = 5;

let made = 0;
export const newRange = (locationId: string, start = '09:00', end = '17:00'): Range => ({
  key: `r${++made}`,
  locationId,
  start,
  end,
});

export const emptyWeek = (): Week => WEEKDAYS.map(() => []);

/** The page's week from the hub's rules: each rule's window cut at its breaks. */
export function weekFromRules(rules: Schedule['rules']): Week {
  const week = emptyWeek();
  for (const rule of rules) {
    const day = week[rule.weekday - 1];
    if (!day) continue;
    let from = rule.start;
    for (const pause of [...rule.breaks].sort((a, b) => a.start.localeCompare(b.start))) {
      if (pause.start > from) day.push(newRange(rule.locationId, from, pause.start));
      if (pause.end > from) from = pause.end;
    }
    if (rule.end > from) day.push(newRange(rule.locationId, from, rule.end));
  }
  for (const day of week) day.sort((a, b) => a.start.localeCompare(b.start));
  return week;
}

export interface WeekProblem {
  /** 0 = Monday. */
  day: number;
  /** The range the problem is about (its key), to focus it. */
  key: string;
  message: string;
}

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** The hub's rules for a week, or the first thing that stops it being one (in words). */
export function rulesFromWeek(week: Week): { rules: ScheduleRuleInput[] } | { problem: WeekProblem } {
  const rules: ScheduleRuleInput[] = [];
  for (const [i, ranges] of week.entries()) {
    const name = WEEKDAYS[i] as string;
    for (const r of ranges) {
      if (!HHMM.test(r.start) || !HHMM.test(r.end)) {
        return { problem: { day: i, key: r.key, message: `${name}: every range needs a start and an end time.` } };
      }
      if (r.start >= r.end) {
        return { problem: { day: i, key: r.key, message: `${name}: ${r.start}–${r.end} ends before it starts.` } };
      }
      if (!r.locationId) return { problem: { day: i, key: r.key, message: `${name}: choose where ${r.start}–${r.end} is worked.` } };
    }
    const sorted = [...ranges].sort((a, b) => a.start.localeCompare(b.start));
    for (const [j, r] of sorted.entries()) {
      const before = sorted[j - 1];
      if (before && r.start < before.end) {
        return {
          problem: { day: i, key: r.key, message: `${name}: ${before.start}–${before.end} and ${r.start}–${r.end} overlap.` },
        };
      }
    }
    let rule: ScheduleRuleInput | null = null;
    for (const r of sorted) {
      const breaks = rule?.breaks ?? [];
      if (rule && rule.locationId === r.locationId && breaks.length < MAX_BREAKS) {
        // Touching ranges are one; a gap is a break.
        if (r.start > rule.end) breaks.push({ start: rule.end, end: r.start });
        rule.breaks = breaks;
        rule.end = r.end;
      } else {
        rule = { weekday: i + 1, start: r.start, end: r.end, locationId: r.locationId, breaks: [] };
        rules.push(rule);
      }
    }
  }
  return { rules };
}

/** `day`'s ranges copied onto each of `to` (their own ranges replaced). */
export function copyDay(week: Week, day: number, to: readonly number[]): Week {
  const source = week[day] ?? [];
  return week.map((ranges, i) => (to.includes(i) && i !== day ? source.map((r) => newRange(r.locationId, r.start, r.end)) : ranges));
}

/** Hours worked in a day's ranges ("7 h 30 min"), for the grid's summary column. */
export function hoursOf(ranges: readonly Range[]): string {
  const minutes = ranges.reduce((sum, r) => {
    if (!HHMM.test(r.start) || !HHMM.test(r.end) || r.end <= r.start) return sum;
    const [sh, sm] = r.start.split(':').map(Number) as [number, number];
    const [eh, em] = r.end.split(':').map(Number) as [number, number];
    return sum + (eh * 60 + em) - (sh * 60 + sm);
  }, 0);
  if (minutes === 0) return 'Off';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}
