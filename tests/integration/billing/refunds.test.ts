// Refunds (POST /api/payments/:id/refunds): at the desk for desk payments, through Stripe (the
// local fake) for online ones, never beyond the payment, also under concurrency; the figures of the
// payment and the invoice checked after every step.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents, refunds } from '../../../db/schema/index.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import type { StripeFake } from '../../support/stripe-fake.js';
import type { TestHub } from '../../support/test-hub.js';
import { deliver, deskPayment, paidOnline, paymentsOf, refund, stripeHub } from './online-support.js';

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

describe('a desk payment', () => {
  it('is refunded at the desk, moving the payment’s and the invoice’s figures', async () => {
    const fx = await invoiceFixture(hub, [3_000, 2_000]);
    const paymentId = await deskPayment(hub, fx.invoiceId, 5_000);
    expect((await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).status).toBe('paid');
    const desk = fx.clinic.receptionist;

    const first = await refund(hub, desk.token, paymentId, { amountMinor: 1_200, reason: 'Service not given', desk: 'back-office' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      paymentId,
      amountMinor: 1_200,
      currency: 'USD',
      status: 'succeeded',
      reason: 'Service not given',
      refundedBy: desk.userId,
      payment: { refundedMinor: 1_200, status: 'partially_refunded' },
      invoice: { id: fx.invoiceId, totalMinor: 5_000, paidMinor: 3_800, balanceMinor: 1_200, status: 'partially_paid' },
    });
    expect((await refundsOf(paymentId))[0]).toMatchObject({ desk: 'back-office', gatewayRefundId: null });
    // Audited with the figures before and after; the reason by name only.
    const audit = hub.app.mongo.db.collection('audit_events');
    const find = () => audit.findOne({ action: 'POST /api/payments/:id/refunds', targetId: paymentId, outcome: 'ok' });
    await expect.poll(find).toBeTruthy();
    const entry = await find();
    expect(entry!.changes).toEqual(
      expect.arrayContaining([
        { field: 'payment.refundedMinor', from: 0, to: 1_200 },
        { field: 'invoice.paidMinor', from: 5_000, to: 3_800 },
        { field: 'invoice.balanceMinor', from: 0, to: 1_200 },
        { field: 'invoice.status', from: 'paid', to: 'partially_paid' },
        { field: 'reason' },
      ]),
    );
    expect(JSON.stringify(entry)).not.toContain('Service not given');
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 3_800, status: 'partially_paid' });

    const rest = await refund(hub, fx.clinic.admin.token, paymentId, { amountMinor: 3_800, reason: 'Visit cancelled' });
    expect(rest.json()).toMatchObject({ payment: { refundedMinor: 5_000, status: 'refunded' }, invoice: { paidMinor: 0, status: 'open' } });
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 0, status: 'open' });
    const events = await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, fx.invoiceId));
    expect(events.filter((e) => e.type === 'refund.recorded')).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain('Visit cancelled'); // reasons stay out of the outbox
    expect(
      fake
        .requestsTo('POST', '/v1/refunds')
        .filter((r) => r.body.metadata && (r.body.metadata as { paymentId?: string }).paymentId === paymentId),
    ).toEqual([]);
  });

  it('refuses a refund above what is left of the payment', async () => {
    const fx = await invoiceFixture(hub, [2_000]);
    const paymentId = await deskPayment(hub, fx.invoiceId, 2_000);
    await refund(hub, fx.clinic.admin.token, paymentId, { amountMinor: 1_500, reason: 'Partly' });
    const res = await refund(hub, fx.clinic.admin.token, paymentId, { amountMinor: 501, reason: 'Too much' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', details: { refundableMinor: 500 } });
    expect(await refundsOf(paymentId)).toHaveLength(1);
    await expectInvoiceConsistent(hub.app.db, fx.invoiceId);
  });

  it('lets exactly 3 of 5 concurrent refunds of 1,000 through against a 3,000 payment', async () => {
    const fx = await invoiceFixture(hub, [3_000]);
    const paymentId = await deskPayment(hub, fx.invoiceId, 3_000);
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        refund(hub, fx.clinic.receptionist.token, paymentId, { amountMinor: 1_000, reason: `Refund ${i}` }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
    const refused = answers.filter((a) => a.statusCode !== 201);
    expect(refused.map((a) => [a.statusCode, a.json().code])).toEqual([
      [409, 'REFUND_EXCEEDS_PAYMENT'],
      [409, 'REFUND_EXCEEDS_PAYMENT'],
    ]);
    expect(await refundsOf(paymentId)).toHaveLength(3);
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 0, status: 'open' });
  });

  it('is for the billing desk only: patient and doctor 403, an unknown payment 404', async () => {
    const fx = await invoiceFixture(hub, [1_000]);
    const paymentId = await deskPayment(hub, fx.invoiceId, 1_000);
    for (const actor of [fx.clinic.patient, fx.clinic.doctor, fx.clinic.pharmacist]) {
      const res = await refund(hub, actor.token, paymentId, { amountMinor: 100, reason: 'Mine' });
      expect(res.statusCode, actor.role).toBe(403);
    }
    const unknown = await refund(hub, fx.clinic.admin.token, '01JAAAAAAAAAAAAAAAAAAAAAAA', { amountMinor: 100, reason: 'Who' });
    expect(unknown.statusCode).toBe(404);
    expect(await refundsOf(paymentId)).toEqual([]);
  });
});

describe('a Stripe payment', () => {
  it('is refunded through Stripe once, even for a retried request, and settled by the webhook', async () => {
    const fx = await paidOnline(hub, fake, [4_000]);
    const key = { 'idempotency-key': `refund-${fx.paymentId}-1` };
    const body = { amountMinor: 1_000, reason: 'Duplicate medication line' };
    const [a, b] = await Promise.all([
      refund(hub, fx.clinic.receptionist.token, fx.paymentId, body, key),
      refund(hub, fx.clinic.receptionist.token, fx.paymentId, body, key),
    ]);
    const again = await refund(hub, fx.clinic.receptionist.token, fx.paymentId, body, key);
    for (const res of [a, b, again]) expect(res.statusCode, res.body).toBe(201);
    expect(new Set([a.json().id, b.json().id, again.json().id]).size).toBe(1);
    expect(a.json()).toMatchObject({ status: 'pending', invoice: { paidMinor: 3_000 } });

    const sent = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === fx.paymentIntentId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ amount: '1000', metadata: { paymentId: fx.paymentId } });
    expect(JSON.stringify(sent[0]!.body)).not.toContain('medication'); // the reason stays in the hub
    const [row] = await refundsOf(fx.paymentId);
    expect(row).toMatchObject({ status: 'pending', amountMinor: 1_000 });
    expect(row!.gatewayRefundId).toMatch(/^re_/);
    await expectInvoiceConsistent(hub.app.db, fx.invoiceId);

    const stripeRefund = fake.refunds.get(row!.gatewayRefundId!)!;
    stripeRefund.status = 'succeeded';
    const settled = await deliver(hub, fake.signedEvent('refund.updated', { ...stripeRefund }));
    expect(settled.json().outcome).toBe('recorded');
    expect((await refundsOf(fx.paymentId))[0]!.status).toBe('succeeded');
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 3_000, status: 'partially_paid' });
    // charge.refunded for the same refund changes nothing more.
    const charge = { id: 'ch_1', object: 'charge', payment_intent: fx.paymentIntentId, refunds: { data: [{ ...stripeRefund }] } };
    expect((await deliver(hub, fake.signedEvent('charge.refunded', charge))).json().outcome).toBe('already_recorded');
  });

  it('gives the money back to the invoice when Stripe says the refund failed (charge.refunded without its list)', async () => {
    const fx = await paidOnline(hub, fake, [2_000]);
    const res = await refund(hub, fx.clinic.admin.token, fx.paymentId, { amountMinor: 2_000, reason: 'Cancelled' });
    expect(res.json()).toMatchObject({ status: 'pending', invoice: { paidMinor: 0 } });
    const [row] = await refundsOf(fx.paymentId);
    fake.refunds.get(row!.gatewayRefundId!)!.status = 'failed';
    const charge = { id: 'ch_2', object: 'charge', payment_intent: fx.paymentIntentId };
    expect((await deliver(hub, fake.signedEvent('charge.refunded', charge))).json().outcome).toBe('recorded');
    expect((await refundsOf(fx.paymentId))[0]!.status).toBe('failed');
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 2_000, status: 'paid' });
  });

  it('records nothing when Stripe refuses (502)', async () => {
    const fx = await paidOnline(hub, fake, [1_500]);
    fake.failNext({ status: 400, type: 'invalid_request_error', code: 'charge_disputed', path: '/v1/refunds' });
    const res = await refund(hub, fx.clinic.admin.token, fx.paymentId, { amountMinor: 500, reason: 'Goodwill' });
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(await refundsOf(fx.paymentId)).toEqual([]);
    expect((await paymentsOf(hub, fx.invoiceId))[0]!.refundedMinor).toBe(0);
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ status: 'paid' });
  });

  it('keeps a refund made outside the hub (Stripe’s dashboard) for review', async () => {
    const fx = await paidOnline(hub, fake, [1_000]);
    const outside = {
      id: 're_dashboard1',
      object: 'refund',
      amount: 400,
      payment_intent: fx.paymentIntentId,
      status: 'succeeded',
      metadata: {},
    };
    const res = await deliver(hub, fake.signedEvent('refund.created', outside));
    expect(res.json().outcome).toBe('needs_review');
    expect(await refundsOf(fx.paymentId)).toEqual([]);
  });
});
