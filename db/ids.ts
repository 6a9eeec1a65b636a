// Ids are ULIDs: 26 characters of Crockford base32, unique and ordered by creation time.
// newId is our own monotonic ULID generator: the `ulid` package's asks crypto.getRandomValues for
// one byte at a time (3–5% of a booking's CPU in the issue 20 profile); this one takes its random
// digits from a pooled crypto.randomBytes buffer, refilled 4 KiB at a time.
import { randomBytes } from 'node:crypto';
import { ulid as ulidAt } from 'ulid';

const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
/** The largest time a ULID can hold (48 bits). */
const TIME_MAX = 2 ** 48 - 1;

const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

/** One random base32 digit (0–31): a byte's low five bits, unbiased since 256 is a multiple of 32. */
function randomDigit(): number {
  if (poolOffset === POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  return pool[poolOffset++]! & 31;
}

function encodeTime(time: number): string {
  let out = '';
  for (let i = 0; i < TIME_LENGTH; i++) {
    out = ENCODING[time % 32]! + out;
    time = Math.floor(time / 32);
  }
  return out;
}

let lastTime = -1;
let lastTimePart = '';
/** The random part of the last id, as 16 base32 digits (most significant first). */
const lastRandom = new Uint8Array(RANDOM_LENGTH);

/**
 * A new ULID. Ids made in the same millisecond (or while the clock stands behind the last one)
 * keep the last id's time and add one to its random part, as the ULID spec's monotonic
 * generator does, so ids from one process always sort in the order they were made.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastTime) {
    if (now > TIME_MAX) throw new Error('the clock is past the largest ULID time');
    lastTime = now;
    lastTimePart = encodeTime(now);
    for (let i = 0; i < RANDOM_LENGTH; i++) lastRandom[i] = randomDigit();
  } else {
    // Add one, carrying to the left; 80 bits of all ones has no successor (never in practice).
    let i = RANDOM_LENGTH - 1;
    for (; i >= 0 && lastRandom[i] === 31; i--) lastRandom[i] = 0;
    if (i < 0) throw new Error('the ULID random part overflowed within one millisecond');
    lastRandom[i]! += 1;
  }
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) random += ENCODING[lastRandom[i]!];
  return lastTimePart + random;
}

/** The shape every id in the public API has; used by request schemas to refuse bad ids early. */
export const ID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';

/**
 * An id whose time part is `time` rather than now (random part as usual): for records whose
 * creation moment must not be read from their id (anonymous feedback carries its visit's day).
 */
export function idAt(time: number): string {
  return ulidAt(time);
}
