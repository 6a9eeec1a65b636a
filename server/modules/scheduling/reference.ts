// Booking references people can read out on the phone: 7 characters from an alphabet without
// look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), shown as "K7M-4QXR". 25^7 ≈ 6 billion values; a
// collision is caught by the unique index and the booking retried with a new one.
import { randomInt } from 'node:crypto';

const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

export function newBookingReference(): string {
  let out = '';
  for (let i = 0; i < 7; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 3)}-${out.slice(3)}`;
}
