import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from './verified-tokens.js';

const token = (body: string, signature: string) => `eyJhbGciOiJIUzI1NiJ9.${body}.${signature}`;

describe('VerifiedTokens', () => {
  it('answers a remembered token until its expiry second has passed, then forgets it', () => {
    const cache = new VerifiedTokens<{ exp: number; sub: string }>();
    const t = token('a', 'sig-a');
    cache.remember(t, { exp: 1_000, sub: 'A' });
    expect(cache.get(t, 1_000_000)).toEqual({ exp: 1_000, sub: 'A' });
    expect(cache.get(t, 1_000_001)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('answers only the very token that was verified, not another one with the same signature', () => {
    const cache = new VerifiedTokens<{ exp: number }>();
    cache.remember(token('a', 'sig'), { exp: 2_000_000_000 });
    expect(cache.get(token('b', 'sig'), 0)).toBeUndefined();
    expect(cache.get(token('a', 'other'), 0)).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const cache = new VerifiedTokens<{ exp: number }>(2);
    for (const name of ['a', 'b', 'c']) cache.remember(token(name, `sig-${name}`), { exp: 2_000_000_000 });
    expect(cache.size).toBe(2);
    expect(cache.get(token('a', 'sig-a'), 0)).toBeUndefined();
    expect(cache.get(token('c', 'sig-c'), 0)).toBeDefined();
  });
});
