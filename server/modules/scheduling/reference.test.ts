// Booking references people read out on the phone: "K7M-4QXR", 7 characters from an alphabet
// without look-alikes, random enough not to repeat.
import { describe, expect, it } from 'vitest';
import { newBookingReference } from './reference.js';

const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const refs = Array.from({ length: 2000 }, () => newBookingReference());

describe('newBookingReference', () => {
  it('is three characters, a dash, then four', () => {
    for (const ref of refs) expect(ref).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{4}$/);
  });

  it('never uses a character that looks like another (0/O, 1/I/L, 2/Z, 5/S, 8/B) or a lower-case letter', () => {
    const used = new Set(refs.join('').replaceAll('-', ''));
    for (const c of '0O1IL2Z5S8B') expect(used.has(c), c).toBe(false);
    for (const c of used) expect(ALPHABET).toContain(c);
  });

  it('draws from the whole alphabet, in every position', () => {
    const used = new Set(refs.join('').replaceAll('-', ''));
    expect(used.size).toBe(ALPHABET.length);
    for (const position of [0, 1, 2, 4, 5, 6, 7]) {
      expect(new Set(refs.map((r) => r[position])).size, `position ${position}`).toBeGreaterThan(15);
    }
  });

  it('hardly repeats itself in a few thousand draws', () => {
    // 25^7 ≈ 6 billion values: one repeat in 2000 draws has a chance of about 1 in 3000, two about 1 in 20 million.
    expect(refs.length - new Set(refs).size).toBeLessThanOrEqual(1);
  });
});
