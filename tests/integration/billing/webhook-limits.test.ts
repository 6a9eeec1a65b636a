// Stripe's webhook is public, so it is limited per address, but by a count of its own
// (RATE_LIMIT_STRIPE_WEBHOOK), not the public prescription check's small one (RATE_LIMIT_PUBLIC):
// Stripe sends every event from a few addresses.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StripeFake } from '../../support/stripe-fake.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { deliver } from './online-support.js';

let hub: TestHub;
let fake: StripeFake;

beforeAll(async () => {
  fake = await StripeFake.start();
  hub = await startTestHub({ ...fake.env, RATE_LIMIT_PUBLIC: '2', RATE_LIMIT_STRIPE_WEBHOOK: '5' });
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

it('counts webhook deliveries against RATE_LIMIT_STRIPE_WEBHOOK, not RATE_LIMIT_PUBLIC', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const event = fake.signedEvent('customer.created', { id: `cus_${i}`, object: 'customer' });
    statuses.push((await deliver(hub, event)).statusCode);
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
});
