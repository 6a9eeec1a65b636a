// A signed prescription past its validity reads as expired at once, whatever the hourly job has done.
import { describe, expect, it } from 'vitest';
import { initialsOf, statusAt } from './present.js';

const until = new Date('2027-01-03T10:00:00.000Z');
const after = new Date(until.getTime() + 1);
const before = new Date(until.getTime() - 1);

describe('statusAt', () => {
  it('turns an active or partly dispensed script expired at its validUntil, and nothing else', () => {
    expect(statusAt({ status: 'active', validUntil: until }, before)).toBe('active');
    expect(statusAt({ status: 'active', validUntil: until }, until)).toBe('expired');
    expect(statusAt({ status: 'partially_dispensed', validUntil: until }, after)).toBe('expired');
    expect(statusAt({ status: 'dispensed', validUntil: until }, after)).toBe('dispensed');
    expect(statusAt({ status: 'cancelled', validUntil: until }, after)).toBe('cancelled');
    expect(statusAt({ status: 'draft', validUntil: null }, after)).toBe('draft');
  });
});

describe('initialsOf', () => {
  it('gives one initial per name part, hyphens included', () => {
    expect(initialsOf('Ana María Pérez-Soto')).toBe('A. M. P. S.');
    expect(initialsOf('łukasz żółw')).toBe('Ł. Ż.');
  });
});
