// The calendar arithmetic under the daily metrics: a location's local day as UTC instants (23-
// and 25-hour DST days included) and the list of days of a range; the rounding of means and of the
// feedback response rate. (The rollup queries themselves run against MySQL and MongoDB:
// tests/integration/metrics.)
import { describe, expect, it } from 'vitest';
import { round } from './feedback.js';
import { daysBetween, localSpan, responseRate } from './rollup.js';

const hours = (span: { start: Date; end: Date }) => (span.end.getTime() - span.start.getTime()) / 3_600_000;

describe('localSpan', () => {
  it('is local midnight to the next local midnight, in UTC', () => {
    const span = localSpan('America/New_York', '2026-06-01');
    expect(span.start.toISOString()).toBe('2026-06-01T04:00:00.000Z');
    expect(span.end.toISOString()).toBe('2026-06-02T04:00:00.000Z');
    expect(hours(localSpan('UTC', '2026-06-01'))).toBe(24);
  });

  it('is 23 hours on the spring change and 25 on the autumn change', () => {
    expect(hours(localSpan('Europe/Berlin', '2025-03-30'))).toBe(23);
    expect(hours(localSpan('Europe/Berlin', '2025-10-26'))).toBe(25);
    expect(hours(localSpan('America/New_York', '2026-03-08'))).toBe(23);
    expect(hours(localSpan('America/New_York', '2026-11-01'))).toBe(25);
  });

  it('covers a range of days, both ends included', () => {
    const span = localSpan('Europe/Berlin', '2025-03-29', '2025-03-31');
    expect(span.start.toISOString()).toBe('2025-03-28T23:00:00.000Z');
    expect(span.end.toISOString()).toBe('2025-03-31T22:00:00.000Z');
    expect(hours(span)).toBe(71);
  });

  it('puts a zone east of UTC on the previous UTC date and one far east a day earlier still', () => {
    expect(localSpan('Asia/Tokyo', '2026-01-01').start.toISOString()).toBe('2025-12-31T15:00:00.000Z');
    expect(localSpan('Pacific/Kiritimati', '2026-01-01').start.toISOString()).toBe('2025-12-31T10:00:00.000Z');
  });
});

describe('daysBetween', () => {
  it('lists every day from the first to the last, both included', () => {
    expect(daysBetween('2026-06-01', '2026-06-03')).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(daysBetween('2026-06-01', '2026-06-01')).toEqual(['2026-06-01']);
  });

  it('crosses month and year ends and knows leap days', () => {
    expect(daysBetween('2027-12-31', '2028-01-01')).toEqual(['2027-12-31', '2028-01-01']);
    expect(daysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysBetween('2026-02-28', '2026-03-01')).toEqual(['2026-02-28', '2026-03-01']);
  });

  it('has one entry per calendar day over a DST change (days, not 24-hour steps)', () => {
    expect(daysBetween('2025-03-29', '2025-03-31')).toHaveLength(3);
    expect(daysBetween('2025-01-01', '2025-12-31')).toHaveLength(365);
  });

  it('is empty when the range runs backwards', () => {
    expect(daysBetween('2026-06-02', '2026-06-01')).toEqual([]);
  });
});

describe('round', () => {
  it('rounds half up on the decimal as written, where multiplying by 100 first would not', () => {
    expect(Math.round(1.005 * 100) / 100).toBe(1); // 1.005 is 1.00499… as a double
    expect(round(1.005, 2)).toBe(1.01);
    expect(round(2.345, 2)).toBe(2.35);
    expect(round(11 / 3, 2)).toBe(3.67);
    expect(round(4, 2)).toBe(4);
    expect(round(4 / 7, 4)).toBe(0.5714);
  });

  it('handles numbers JavaScript writes with an exponent', () => {
    expect(round(1.5e-7, 4)).toBe(0);
    expect(round(4.5e-5, 4)).toBe(0);
    expect(round(5e-5, 4)).toBe(0.0001);
  });
});

describe('responseRate', () => {
  it('is received over requested, 4 decimals, and null when nothing was requested', () => {
    expect(responseRate(1, 3)).toBe(0.3333);
    expect(responseRate(2, 3)).toBe(0.6667);
    expect(responseRate(3, 3)).toBe(1);
    expect(responseRate(0, 5)).toBe(0);
    expect(responseRate(0, 0)).toBeNull();
    // Feedback given in the portal before a request went out counts as received: the rate may pass 1.
    expect(responseRate(3, 2)).toBe(1.5);
    expect(responseRate(2, 0)).toBeNull();
  });
});
