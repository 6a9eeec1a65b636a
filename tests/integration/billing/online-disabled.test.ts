// Without STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET the hub starts and runs; checkout and the
// webhook answer 409 ONLINE_PAYMENT_DISABLED (never a crash), and desk refunds still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import { StripeFake } from '../../support/stripe-fake.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { checkout, deliver, deskPayment, refund, storedEvent } from './online-support.js';

let hub: TestHub;
let fake: StripeFake;

beforeAll(async () => {
  fake = await StripeFake.start(); // only to sign an event: this hub is not pointed at it
  hub = await startTestHub();
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

describe('online payment switched off', () => {
  it('starts without Stripe settings', async () => {
    expect(hub.config.stripe).toBeNull();
    const ready = await hub.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
  });

  it('answers checkout and the webhook with 409 ONLINE_PAYMENT_DISABLED', async () => {
    const fx = await invoiceFixture(hub, [2_000]);
    const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ONLINE_PAYMENT_DISABLED');
    const event = fake.signedEvent('payment_intent.succeeded', {
      id: 'pi_x',
      object: 'payment_intent',
      metadata: { invoiceId: fx.invoiceId },
    });
    const hook = await deliver(hub, event);
    expect(hook.statusCode).toBe(409);
    expect(hook.json().code).toBe('ONLINE_PAYMENT_DISABLED');
    expect(await storedEvent(hub, event.eventId)).toBeUndefined();
    expect(fake.requests).toEqual([]);
  });

  it('still refunds desk payments', async () => {
    const fx = await invoiceFixture(hub, [2_000]);
    const paymentId = await deskPayment(hub, fx.invoiceId, 2_000);
    const res = await refund(hub, fx.clinic.receptionist.token, paymentId, { amountMinor: 500, reason: 'Overcharged' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).paidMinor).toBe(1_500);
  });
});
