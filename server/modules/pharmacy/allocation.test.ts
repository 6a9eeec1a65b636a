// Taking stock from lots: first-expiring first (the caller sorts them), across as many lots as it
// takes, counting what earlier lines of the same dispense took; short is 409 INSUFFICIENT_STOCK.
import { describe, expect, it } from 'vitest';
import { type PickableLot, takeFirstExpiring } from './allocation.js';

const lots: PickableLot[] = [
  { id: 'soon', expiresOn: '2027-01-31', onHand: 3, unitPriceMinor: 100 },
  { id: 'later', expiresOn: '2027-06-30', onHand: 10, unitPriceMinor: 80 },
];

describe('takeFirstExpiring', () => {
  it('empties the first-expiring lot before touching the next', () => {
    expect(takeFirstExpiring(lots, 5, new Map(), 'm')).toEqual([
      { lotId: 'soon', quantity: 3, unitPriceMinor: 100 },
      { lotId: 'later', quantity: 2, unitPriceMinor: 80 },
    ]);
  });

  it('counts what earlier lines took from the same lots', () => {
    const taken = new Map<string, number>();
    takeFirstExpiring(lots, 2, taken, 'm');
    expect(takeFirstExpiring(lots, 2, taken, 'm')).toEqual([
      { lotId: 'soon', quantity: 1, unitPriceMinor: 100 },
      { lotId: 'later', quantity: 1, unitPriceMinor: 80 },
    ]);
    expect(taken).toEqual(
      new Map([
        ['soon', 3],
        ['later', 1],
      ]),
    );
  });

  it('refuses more than the lots hold together, saying how many are left', () => {
    const taken = new Map([['later', 4]]);
    expect(() => takeFirstExpiring(lots, 10, taken, 'm')).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', details: { medicationId: 'm', onHand: 9 } }),
    );
    expect(taken).toEqual(new Map([['later', 4]]));
  });
});
