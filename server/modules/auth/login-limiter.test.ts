// The login slowdown's schedule: free failures, then a wait that doubles per failure up to a cap.
import { describe, expect, it } from 'vitest';
import { delayAfter, delaySteps } from './login-limiter.js';

const defaults = { freeFailures: 10, baseMs: 500, maxMs: 30_000 };

describe('delayAfter', () => {
  it('costs nothing for the free failures, then 0.5 s, 1 s, 2 s … up to 30 s', () => {
    expect([0, 1, 9].map((n) => delayAfter(n, defaults))).toEqual([0, 0, 0]);
    expect([10, 11, 12, 13, 14, 15, 16, 17].map((n) => delayAfter(n, defaults))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('stays at the cap however long the streak', () => {
    for (const n of [100, 1_100, 1_000_000]) expect(delayAfter(n, defaults)).toBe(30_000);
  });

  it('starts after the first failure when only one is free', () => {
    expect(delayAfter(0, { freeFailures: 1, baseMs: 500, maxMs: 2_000 })).toBe(0);
    expect(delayAfter(1, { freeFailures: 1, baseMs: 500, maxMs: 2_000 })).toBe(500);
  });
});

describe('delaySteps', () => {
  it('lists the waits past the free failures up to and including the cap, as the Redis script steps through them', () => {
    expect(delaySteps(defaults)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
    expect(delaySteps({ freeFailures: 3, baseMs: 30_000, maxMs: 30_000 })).toEqual([30_000]);
  });
});
