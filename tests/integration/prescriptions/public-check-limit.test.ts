// The public prescription check is limited per address (RATE_LIMIT_PUBLIC), so nobody can try
// signatures or numbers by the thousand; other callers are not slowed by it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_LIMITS, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ ...PRODUCTION_LIMITS, RATE_LIMIT_PUBLIC: '5' });
});
afterAll(() => hub.close());

describe('the public check', () => {
  it('answers 429 RATE_LIMITED after RATE_LIMIT_PUBLIC checks from one address, and not before', async () => {
    const check = (ip: string) =>
      hub.app.inject({ method: 'GET', url: '/api/prescriptions/verify/RX-2026-000001?sig=abc', remoteAddress: ip });
    for (let i = 0; i < 5; i++) expect((await check('203.0.113.7')).json()).toEqual({ valid: false });
    const limited = await check('203.0.113.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect((await check('203.0.113.8')).statusCode).toBe(200);
  });
});
