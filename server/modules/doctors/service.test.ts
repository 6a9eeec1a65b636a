// Ticket letters of a location's doctors: A, B, C … (no I or O, which read as 1 and 0), then
// AA, AB … once the single letters are taken. (Creating doctors needs MySQL: tests/integration.)
import { describe, expect, it } from 'vitest';
import { doctorDisplayName, freeTicketPrefix } from './service.js';

const SINGLE = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

describe('freeTicketPrefix', () => {
  it('gives A at a location without doctors, then the first free letter', () => {
    expect(freeTicketPrefix(new Set())).toBe('A');
    expect(freeTicketPrefix(new Set(['A', 'B']))).toBe('C');
    expect(freeTicketPrefix(new Set(['A', 'C']))).toBe('B');
  });

  it('skips I and O', () => {
    expect(freeTicketPrefix(new Set([...'ABCDEFGH']))).toBe('J');
    expect(freeTicketPrefix(new Set([...'ABCDEFGHJKLMN']))).toBe('P');
  });

  it('goes on to two letters once the 24 single ones are taken', () => {
    const used = new Set([...SINGLE]);
    expect(freeTicketPrefix(used)).toBe('AA');
    used.add('AA');
    used.add('AB');
    expect(freeTicketPrefix(used)).toBe('AC');
  });

  it('gives every location 24 + 24² distinct prefixes, then gives up', () => {
    const used = new Set<string>();
    for (let i = 0; i < 24 + 24 * 24; i++) used.add(freeTicketPrefix(used));
    expect(used.size).toBe(600);
    for (const p of used) expect(p).toMatch(/^[A-HJ-NP-Z]{1,2}$/);
    expect(() => freeTicketPrefix(used)).toThrow('no ticket prefix left');
  });
});

describe('doctorDisplayName', () => {
  it('is "Dr." and the full name', () => {
    expect(doctorDisplayName({ firstName: 'Ana', lastName: 'Lopez' })).toBe('Dr. Ana Lopez');
  });
});
