// Slot expansion, including the DST change days of 2026 in New York and Berlin.
import { describe, expect, it } from 'vitest';
import { candidateSlots, checkSlot, freeSlots, type WeeklyRule, workingWindows } from './slots.js';

const rule = (over: Partial<WeeklyRule>): WeeklyRule => ({
  weekday: 1,
  start: '09:00',
  end: '17:00',
  breaks: [],
  locationId: 'L',
  timezone: 'UTC',
  ...over,
});
const iso = (d: Date) => d.toISOString();
const slotsFor = (rules: WeeklyRule[], from: string, to: string, step = 30, duration = 30) =>
  candidateSlots(workingWindows(rules, from, to), step, duration);

describe('a plain day', () => {
  it('09:00-17:00 every 30 minutes gives 16 slots', () => {
    const slots = slotsFor([rule({ weekday: 1 })], '2026-06-01', '2026-06-01');
    expect(slots).toHaveLength(16);
    expect(iso(slots[0]!.startAt)).toBe('2026-06-01T09:00:00.000Z');
    expect(iso(slots[15]!.endAt)).toBe('2026-06-01T17:00:00.000Z');
  });

  it('a break removes its slots but keeps the grid', () => {
    const slots = slotsFor([rule({ breaks: [{ start: '12:00', end: '12:45' }] })], '2026-06-01', '2026-06-01', 30, 30);
    const starts = slots.map((s) => iso(s.startAt).slice(11, 16));
    expect(starts).toContain('11:30');
    expect(starts).not.toContain('12:00');
    expect(starts).not.toContain('12:30'); // would overlap the break
    expect(starts).toContain('13:00'); // back on the 30-minute grid, not 12:45
  });

  it('a 30-minute visit on a 15-minute grid starts every 15 minutes and ends by closing time', () => {
    const slots = slotsFor([rule({ start: '09:00', end: '10:00' })], '2026-06-01', '2026-06-01', 15, 30);
    expect(slots.map((s) => iso(s.startAt).slice(11, 16))).toEqual(['09:00', '09:15', '09:30']);
  });
});

describe('DST change days, 09:00-17:00 local', () => {
  it('America/New_York, Sunday 2026-03-08 (clocks go forward): 8 hours of slots, 13:00Z to 21:00Z', () => {
    const slots = slotsFor([rule({ weekday: 7, timezone: 'America/New_York' })], '2026-03-08', '2026-03-08', 60, 60);
    expect(slots.map((s) => iso(s.startAt))).toEqual(
      [13, 14, 15, 16, 17, 18, 19, 20].map((h) => `2026-03-08T${String(h).padStart(2, '0')}:00:00.000Z`),
    );
    // The day before was still on EST: 09:00 local = 14:00Z.
    const saturday = slotsFor([rule({ weekday: 6, timezone: 'America/New_York' })], '2026-03-07', '2026-03-07', 60, 60);
    expect(iso(saturday[0]!.startAt)).toBe('2026-03-07T14:00:00.000Z');
  });

  it('America/New_York, Sunday 2026-11-01 (clocks go back): 09:00 local = 14:00Z', () => {
    const slots = slotsFor([rule({ weekday: 7, timezone: 'America/New_York' })], '2026-11-01', '2026-11-01', 60, 60);
    expect(slots).toHaveLength(8);
    expect(iso(slots[0]!.startAt)).toBe('2026-11-01T14:00:00.000Z');
    expect(iso(slots[7]!.endAt)).toBe('2026-11-01T22:00:00.000Z');
  });

  it('Europe/Berlin, Sunday 2026-03-29 (forward) and 2026-10-25 (back)', () => {
    const spring = slotsFor([rule({ weekday: 7, timezone: 'Europe/Berlin' })], '2026-03-29', '2026-03-29', 60, 60);
    expect(spring.map((s) => iso(s.startAt).slice(11, 13))).toEqual(['07', '08', '09', '10', '11', '12', '13', '14']);
    const autumn = slotsFor([rule({ weekday: 7, timezone: 'Europe/Berlin' })], '2026-10-25', '2026-10-25', 60, 60);
    expect(autumn.map((s) => iso(s.startAt).slice(11, 13))).toEqual(['08', '09', '10', '11', '12', '13', '14', '15']);
  });

  it('a night window across the change has its real length and no slot at a missing local time', () => {
    // 01:00-04:00 local in New York on 2026-03-08: 02:00-03:00 does not exist, so 2 real hours.
    const spring = slotsFor(
      [rule({ weekday: 7, start: '01:00', end: '04:00', timezone: 'America/New_York' })],
      '2026-03-08',
      '2026-03-08',
      60,
      60,
    );
    expect(spring.map((s) => iso(s.startAt))).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
    // On 2026-11-01 the same window lasts 4 real hours (01:00-02:00 happens twice).
    const autumn = slotsFor(
      [rule({ weekday: 7, start: '01:00', end: '04:00', timezone: 'America/New_York' })],
      '2026-11-01',
      '2026-11-01',
      60,
      60,
    );
    expect(autumn).toHaveLength(4);
  });
});

describe('freeSlots', () => {
  it('drops the past and anything overlapping a busy interval (not only the same start)', () => {
    const slots = slotsFor([rule({ start: '09:00', end: '11:00' })], '2026-06-01', '2026-06-01', 15, 15);
    const busy = [{ start: new Date('2026-06-01T09:50:00Z'), end: new Date('2026-06-01T10:20:00Z') }];
    const free = freeSlots(slots, busy, new Date('2026-06-01T09:20:00Z')).map((s) => iso(s.startAt).slice(11, 16));
    expect(free).toEqual(['09:30', '10:30', '10:45']);
  });
});

describe('checkSlot', () => {
  const rules = [rule({ weekday: 1, timezone: 'Europe/Berlin', breaks: [{ start: '12:00', end: '13:00' }] })];
  it('accepts a start on the grid inside hours and names the location', () => {
    expect(checkSlot(rules, new Date('2026-06-01T07:00:00Z'), 15, 15)).toEqual({ ok: true, locationId: 'L' });
  });
  it('refuses off-grid starts, times outside hours, across a break or past closing', () => {
    expect(checkSlot(rules, new Date('2026-06-01T07:05:00Z'), 15, 15)).toEqual({ ok: false, reason: 'NOT_ON_GRID' });
    expect(checkSlot(rules, new Date('2026-06-01T05:00:00Z'), 15, 15)).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(checkSlot(rules, new Date('2026-06-01T09:45:00Z'), 30, 15)).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(checkSlot(rules, new Date('2026-06-01T14:45:00Z'), 30, 15)).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(checkSlot(rules, new Date('2026-06-02T07:00:00Z'), 15, 15)).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
  });
});

describe('checkSlot against every window around the slot', () => {
  // What checkSlot did before it built only the slot's own local days: all windows from the UTC
  // day before to the day after, the first containing one by start.
  const everyWindow = (rules: WeeklyRule[], start: Date, duration: number, step: number) => {
    const end = new Date(start.getTime() + duration * 60_000);
    const day = (offset: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + offset));
    const w = workingWindows(rules, iso(day(-1)).slice(0, 10), iso(day(1)).slice(0, 10)).find((x) => x.start <= start && end <= x.end);
    if (!w) return { ok: false, reason: 'OUTSIDE_HOURS' };
    return (start.getTime() - w.gridStart.getTime()) % (step * 60_000) === 0
      ? { ok: true, locationId: w.locationId }
      : { ok: false, reason: 'NOT_ON_GRID' };
  };
  const rules: WeeklyRule[] = [
    ...[1, 2, 3, 4, 5].map((weekday) => rule({ weekday, start: '08:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] })),
    ...[6, 7].map((weekday) => rule({ weekday, start: '00:00', end: '23:45', timezone: 'America/New_York', locationId: 'NY' })),
    ...[1, 3, 5].map((weekday) => rule({ weekday, start: '01:30', end: '03:30', timezone: 'Europe/Berlin', locationId: 'B' })),
    rule({ weekday: 1, start: '20:00', end: '23:59', timezone: 'Pacific/Auckland', locationId: 'AKL' }),
  ];

  it('gives the same answer on ordinary and DST change days in several zones', () => {
    // Every 30 minutes over the 2026 spring and autumn changes (US and EU), and a quiet week.
    const ranges = ['2026-03-07', '2026-03-28', '2026-10-24', '2026-10-31', '2026-06-10'];
    let compared = 0;
    for (const from of ranges) {
      const t0 = Date.parse(`${from}T00:00:00Z`);
      for (let t = t0; t < t0 + 2 * 86_400_000; t += 30 * 60_000) {
        for (const [duration, step] of [
          [15, 15],
          [30, 15],
          [60, 30],
        ] as const) {
          expect(checkSlot(rules, new Date(t), duration, step)).toEqual(everyWindow(rules, new Date(t), duration, step));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1_000);
  });
});
