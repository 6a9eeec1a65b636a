import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './ids.js';

describe('newId', () => {
  it('makes ULIDs: 26 Crockford base32 characters whose time part is now', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(new RegExp(ID_PATTERN));
    // The ulid package reads our time part back as the moment the id was made.
    expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(id)).toBeLessThanOrEqual(after);
  });

  it('is strictly increasing within one millisecond and across many, and never repeats', () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Far more ids than fit in one pooled 4 KiB buffer of random digits: the pool refills.
    expect(ids.length * 16).toBeGreaterThan(4096);
  });

  it('gives ids of different milliseconds random parts of their own', async () => {
    const first = newId();
    const at = Date.now();
    while (Date.now() === at) await new Promise((resolve) => setImmediate(resolve));
    const second = newId();
    expect(second.slice(0, 10) > first.slice(0, 10)).toBe(true);
    expect(second.slice(10)).not.toBe(first.slice(10));
  });
});
