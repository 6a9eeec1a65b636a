// What makes two requests "the same" for an Idempotency-Key: the route and the body, with object
// keys in any order. (Claiming and replaying the key needs the database: tests/integration.)
import { describe, expect, it } from 'vitest';
import { idempotencyContext } from './idempotency.js';

const hashOf = (route: string, body: unknown) => idempotencyContext('actor', 'key', route, body)!.requestHash;

describe('idempotencyContext', () => {
  it('is null without a key: nothing to remember', () => {
    expect(idempotencyContext('actor', undefined, 'POST /api/appointments', { a: 1 })).toBeNull();
  });

  it('keeps the actor, key and route, and hashes the request to 64 hex digits', () => {
    const ctx = idempotencyContext('u1', 'k1', 'POST /api/appointments', { doctorId: 'D' });
    expect(ctx).toMatchObject({ actorId: 'u1', key: 'k1', route: 'POST /api/appointments' });
    expect(ctx?.requestHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an empty key is still a key', () => {
    expect(idempotencyContext('actor', '', 'POST /x', {})).not.toBeNull();
  });

  it('gives the same hash for the same fields in another order, at every depth', () => {
    const a = { doctorId: 'D', startAt: '2026-06-01T09:00:00Z', extra: { b: 2, a: [1, { y: 1, x: 2 }] } };
    const b = { extra: { a: [1, { x: 2, y: 1 }], b: 2 }, startAt: '2026-06-01T09:00:00Z', doctorId: 'D' };
    expect(hashOf('POST /api/appointments', a)).toBe(hashOf('POST /api/appointments', b));
  });

  it('gives another hash for another value, another array order, another route', () => {
    const base = hashOf('POST /api/appointments', { doctorId: 'D', ids: [1, 2] });
    expect(hashOf('POST /api/appointments', { doctorId: 'E', ids: [1, 2] })).not.toBe(base);
    expect(hashOf('POST /api/appointments', { doctorId: 'D', ids: [2, 1] })).not.toBe(base);
    expect(hashOf('POST /api/appointments/series', { doctorId: 'D', ids: [1, 2] })).not.toBe(base);
  });

  it('tells a number from a string, and a missing field from a null one', () => {
    expect(hashOf('POST /x', { n: 1 })).not.toBe(hashOf('POST /x', { n: '1' }));
    expect(hashOf('POST /x', {})).not.toBe(hashOf('POST /x', { n: null }));
  });

  it('treats no body like a null body', () => {
    expect(hashOf('POST /x', undefined)).toBe(hashOf('POST /x', null));
    expect(hashOf('POST /x', undefined)).not.toBe(hashOf('POST /x', {}));
  });
});
