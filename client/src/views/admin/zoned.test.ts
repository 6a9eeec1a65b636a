import { describe, expect, it } from 'vitest';
import { instantAt, nextDay } from './zoned';

describe('a clinic’s wall clock as an instant', () => {
  it('reads a day and time in the clinic’s zone, not the browser’s', () => {
    expect(instantAt('2026-06-03', '09:00', 'UTC')).toBe('2026-06-03T09:00:00.000Z');
    expect(instantAt('2026-06-03', '09:00', 'Europe/Berlin')).toBe('2026-06-03T07:00:00.000Z');
    expect(instantAt('2026-01-15', '09:00', 'Europe/Berlin')).toBe('2026-01-15T08:00:00.000Z');
    expect(instantAt('2026-01-15', '23:30', 'America/New_York')).toBe('2026-01-16T04:30:00.000Z');
    expect(instantAt('2026-06-03', '00:00', 'Asia/Kolkata')).toBe('2026-06-02T18:30:00.000Z');
  });

  it('takes the first of a time that happens twice and moves a skipped one past the change', () => {
    // 2026-10-25 02:30 happens twice in Berlin (CEST then CET): the first is 00:30 UTC.
    expect(instantAt('2026-10-25', '02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    // 2026-03-29 02:30 does not happen in Berlin: read with the offset before the change (+01:00).
    expect(instantAt('2026-03-29', '02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('counts days across months and years', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
