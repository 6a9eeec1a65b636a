// Stripe refunds that go wrong after the desk asked for them: a refund that fails when its money can
// no longer go back on the invoice, one that had succeeded and then is reported failed, and the
// refund call's retries (made while the invoice's and the payment's locks are held).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '../../../db/schema/index.js';
import { expectInvoiceConsistent } from '../../support/billing.js';
import type { StripeFake } from '../../support/stripe-fake.js';
import type { TestHub } from '../../support/test-hub.js';
import { deliver, deskPayment, paidOnline, refund, storedEvent, stripeHub } from './online-support.js';

let hub: TestHub;
let fake: StripeFake;

beforeAll(async () => {
  ({ hub, fake } = await stripeHub());
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

const refundsOf = (paymentId: string) => hub.app.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));

/** An invoice paid online, then refunded in full through Stripe (pending): its Stripe refund object. */
async function refundedInFull(amount: number) {
  const fx = await paidOnline(hub, fake, [amount]);
  const res = await refund(hub, fx.clinic.admin.token, fx.paymentId, { amountMinor: amount, reason: 'Cancelled' });
  expect(res.statusCode, res.body).toBe(201);
  const [row] = await refundsOf(fx.paymentId);
  return { ...fx, stripeRefund: fake.refunds.get(row!.gatewayRefundId!)! };
}

describe('a failed Stripe refund', () => {
  it('stays pending for review when the patient paid again meanwhile (giving it back would pass the total)', async () => {
    const fx = await refundedInFull(2_000);
    await deskPayment(hub, fx.invoiceId, 2_000);
    fx.stripeRefund.status = 'failed';
    const event = fake.signedEvent('refund.failed', { ...fx.stripeRefund });
    const res = await deliver(hub, event);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().outcome).toBe('needs_review');
    expect((await storedEvent(hub, event.eventId))!.note).toMatch(/stays pending/);
    expect((await refundsOf(fx.paymentId))[0]!.status).toBe('pending');
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 2_000, status: 'paid' });
    // A redelivery is a duplicate, not another attempt.
    expect((await deliver(hub, event)).json()).toMatchObject({ outcome: 'needs_review', duplicate: true });
  });

  it('is kept for review when it had succeeded before', async () => {
    const fx = await refundedInFull(1_500);
    fx.stripeRefund.status = 'succeeded';
    expect((await deliver(hub, fake.signedEvent('refund.updated', { ...fx.stripeRefund }))).json().outcome).toBe('recorded');
    fx.stripeRefund.status = 'failed';
    const event = fake.signedEvent('refund.failed', { ...fx.stripeRefund });
    const res = await deliver(hub, event);
    expect(res.json().outcome).toBe('needs_review');
    expect((await storedEvent(hub, event.eventId))!.note).toMatch(/recorded succeeded, now reported failed/);
    expect((await refundsOf(fx.paymentId))[0]!.status).toBe('succeeded');
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 0 });
  });
});

describe('the refund call', () => {
  it('is retried at most once while the locks are held', async () => {
    const fx = await paidOnline(hub, fake, [1_000]);
    fake.failNext({ status: 500, type: 'api_error', path: '/v1/refunds', retryable: true }, 2);
    const before = fake.requestsTo('POST', '/v1/refunds').length;
    const res = await refund(hub, fx.clinic.admin.token, fx.paymentId, { amountMinor: 400, reason: 'Goodwill' });
    expect(res.statusCode).toBe(502);
    expect(fake.requestsTo('POST', '/v1/refunds').length - before).toBe(2);
    expect(await refundsOf(fx.paymentId)).toEqual([]);
  });
});
