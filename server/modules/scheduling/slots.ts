// Turning weekly schedule rules (local wall-clock times of a location) into concrete UTC slots.
// Pure functions: no database, no clock (callers pass `now`), so they are tested on their own.
//
// A rule's window runs from its local start to its local end on each matching local date,
// converted to instants with the location's IANA zone (luxon), then stepped in real time.
// On a DST change day this gives what a person expects: a 09:00–17:00 day still has 8 hours of
// slots at the right UTC instants, and a window that spans the change has its real length
// (an hour shorter in spring, longer in autumn), never a slot at a local time that does not exist.
import { DateTime } from 'luxon';

export interface Interval {
  start: Date;
  end: Date;
}

export interface WeeklyRule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  start: string; // "HH:MM" local
  end: string; // "HH:MM" local
  breaks: { start: string; end: string }[];
  locationId: string;
  timezone: string;
}

export interface Slot {
  startAt: Date;
  endAt: Date;
  locationId: string;
}

const MINUTE = 60_000;

/**
 * The instant of a local wall-clock time. When the clocks go back a local time happens twice:
 * a window opens at its first occurrence and closes at its last, so no working time is lost.
 */
function localInstant(date: DateTime, hhmm: string, zone: string, edge: 'open' | 'close'): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  const dt = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  const candidates = dt.getPossibleOffsets();
  if (candidates.length < 2) return dt;
  const sorted = [...candidates].sort((a, b) => a.toMillis() - b.toMillis());
  return edge === 'open' ? sorted[0]! : sorted[sorted.length - 1]!;
}

/** The working windows of every rule on every local date from `fromDate` to `toDate` (inclusive), breaks cut out. */
export function workingWindows(
  rules: WeeklyRule[],
  fromDate: string,
  toDate: string,
): (Interval & { locationId: string; gridStart: Date })[] {
  const windows: (Interval & { locationId: string; gridStart: Date })[] = [];
  for (const rule of rules) {
    let day = DateTime.fromISO(fromDate, { zone: rule.timezone }).startOf('day');
    const last = DateTime.fromISO(toDate, { zone: rule.timezone }).startOf('day');
    for (; day <= last; day = day.plus({ days: 1 })) {
      if (day.weekday !== rule.weekday) continue;
      const start = localInstant(day, rule.start, rule.timezone, 'open').toJSDate();
      const end = localInstant(day, rule.end, rule.timezone, 'close').toJSDate();
      if (end <= start) continue;
      const pauses = rule.breaks
        .map((b) => ({
          start: localInstant(day, b.start, rule.timezone, 'open').toJSDate(),
          end: localInstant(day, b.end, rule.timezone, 'open').toJSDate(),
        }))
        .sort((a, b) => a.start.getTime() - b.start.getTime());
      // A break takes the same occurrence of a repeated local time at both ends (never an hour more).
      // Slots keep the grid of the whole window (09:00, 09:15 …) even after a break.
      let cursor = start;
      for (const pause of pauses) {
        if (pause.start > cursor)
          windows.push({ start: cursor, end: pause.start < end ? pause.start : end, locationId: rule.locationId, gridStart: start });
        if (pause.end > cursor) cursor = pause.end;
      }
      if (cursor < end) windows.push({ start: cursor, end, locationId: rule.locationId, gridStart: start });
    }
  }
  return windows.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function onGrid(at: Date, gridStart: Date, stepMinutes: number): boolean {
  return (at.getTime() - gridStart.getTime()) % (stepMinutes * MINUTE) === 0;
}

/**
 * Every slot of `durationMinutes` whose start lies on the doctor's grid (`stepMinutes` from the
 * start of the day's window) and which fits inside a working window.
 */
export function candidateSlots(windows: ReturnType<typeof workingWindows>, stepMinutes: number, durationMinutes: number): Slot[] {
  const slots: Slot[] = [];
  const step = stepMinutes * MINUTE;
  const length = durationMinutes * MINUTE;
  for (const w of windows) {
    const offset = (w.start.getTime() - w.gridStart.getTime()) % step;
    let start = w.start.getTime() + (offset === 0 ? 0 : step - offset);
    for (; start + length <= w.end.getTime(); start += step) {
      slots.push({ startAt: new Date(start), endAt: new Date(start + length), locationId: w.locationId });
    }
  }
  return slots;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Candidate slots minus the past and minus anything overlapping a busy interval. */
export function freeSlots(candidates: Slot[], busy: Interval[], now: Date): Slot[] {
  const sortedBusy = [...busy].sort((a, b) => a.start.getTime() - b.start.getTime());
  return candidates.filter((slot) => {
    if (slot.startAt < now) return false;
    const interval = { start: slot.startAt, end: slot.endAt };
    return !sortedBusy.some((b) => overlaps(interval, b));
  });
}

export type SlotCheck = { ok: true; locationId: string } | { ok: false; reason: 'OUTSIDE_HOURS' | 'NOT_ON_GRID' };

/** Windows of one rule on one local date, remembered: many doctors share hours, and luxon is slow. */
const windowMemo = new Map<string, ReturnType<typeof workingWindows>>();
const WINDOW_MEMO_MAX = 10_000;

function ruleWindows(rule: WeeklyRule, date: string): ReturnType<typeof workingWindows> {
  // Everything the windows depend on; the zone database does not change while the process runs.
  const key = `${date}|${rule.timezone}|${rule.start}|${rule.end}|${rule.locationId}|${rule.breaks.map((b) => `${b.start}-${b.end}`).join(',')}`;
  let windows = windowMemo.get(key);
  if (!windows) {
    windows = workingWindows([rule], date, date);
    if (windowMemo.size >= WINDOW_MEMO_MAX) windowMemo.clear();
    windowMemo.set(key, windows);
  }
  return windows;
}

/**
 * Whether [start, start + duration) lies inside one working window and starts on its grid.
 * Booking runs this on every request, so only the windows that could hold `start` are built: a
 * window lies within its local day (it closes before the next midnight; one that a DST gap pushes
 * past midnight belongs to the day before), so per zone only the rules of `start`'s local weekday
 * and the one before, on those dates. Same answer as looking through every window around it.
 */
export function checkSlot(rules: WeeklyRule[], start: Date, durationMinutes: number, stepMinutes: number): SlotCheck {
  const end = new Date(start.getTime() + durationMinutes * MINUTE);
  const localDays = new Map<string, { day: DateTime; before: DateTime }>();
  let containing: ReturnType<typeof workingWindows>[number] | undefined;
  for (const rule of rules) {
    let local = localDays.get(rule.timezone);
    if (!local) {
      const day = DateTime.fromJSDate(start, { zone: rule.timezone }).startOf('day');
      local = { day, before: day.minus({ days: 1 }) };
      localDays.set(rule.timezone, local);
    }
    const date = rule.weekday === local.day.weekday ? local.day : rule.weekday === local.before.weekday ? local.before : null;
    if (!date) continue;
    for (const w of ruleWindows(rule, date.toISODate()!)) {
      // The earliest containing window wins, as when all windows are sorted by start.
      if (w.start <= start && end <= w.end && (!containing || w.start < containing.start)) containing = w;
    }
  }
  if (!containing) return { ok: false, reason: 'OUTSIDE_HOURS' };
  if (!onGrid(start, containing.gridStart, stepMinutes)) return { ok: false, reason: 'NOT_ON_GRID' };
  return { ok: true, locationId: containing.locationId };
}
