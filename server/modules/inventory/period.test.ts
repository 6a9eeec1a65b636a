// Whole local days into instants: the report's period in the location's zone, its defaults and limits.
import { describe, expect, it } from 'vitest';
import { addDays, localPeriod, localToday } from './period.js';

describe('localPeriod', () => {
  it('runs from the start of `from` to the end of `to`, in the location’s zone', () => {
    const p = localPeriod('Europe/Berlin', { from: '2030-03-01', to: '2030-03-02' });
    expect(p.from.toISOString()).toBe('2030-02-28T23:00:00.000Z');
    expect(p.to.toISOString()).toBe('2030-03-02T23:00:00.000Z');
  });

  it('defaults to the 30 days that end today', () => {
    const now = new Date('2030-06-15T22:30:00Z'); // already the 16th in Berlin
    const p = localPeriod('Europe/Berlin', {}, now);
    expect(localToday('Europe/Berlin', now)).toBe('2030-06-16');
    expect(p.to.toISOString()).toBe('2030-06-16T22:00:00.000Z');
    expect(p.from.toISOString()).toBe('2030-05-17T22:00:00.000Z');
  });

  it('refuses a period that ends before it starts, or longer than a year', () => {
    expect(() => localPeriod('UTC', { from: '2030-03-02', to: '2030-03-01' })).toThrow(/end before/);
    expect(() => localPeriod('UTC', { from: '2030-01-01', to: '2031-01-02' })).toThrow(/at most 366/);
    expect(localPeriod('UTC', { from: '2030-01-01', to: '2030-12-31' }).to.toISOString()).toBe('2031-01-01T00:00:00.000Z');
  });

  it('adds calendar days across months', () => {
    expect(addDays('2030-01-31', 1)).toBe('2030-02-01');
    expect(addDays('2030-03-01', -1)).toBe('2030-02-28');
  });
});
