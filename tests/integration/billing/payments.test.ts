// Desk payments under pressure against real MariaDB: concurrent payments never take more than is
// owed, a retried or doubled Idempotency-Key records one payment, and invoice and receipt numbers
// stay unique and gapless when many are made at once.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, outboxEvents, payments } from '../../../db/schema/index.js';
import {
  type BillingClinic,
  billingClinic,
  call,
  completedVisit,
  expectInvoiceConsistent,
  pay,
  pricedType,
  visitInProgress,
  visitInvoice,
} from '../../support/billing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: BillingClinic;
let typeKey: string;
beforeAll(async () => {
  hub = await startTestHub();
  clinic = await billingClinic(hub);
  typeKey = (await pricedType(hub, clinic, 5_000)).key;
});
afterAll(() => hub.close());

/** A fresh invoice owing 5,000. */
async function owing5000() {
  const visit = await completedVisit(hub, clinic, { typeKey });
  const invoice = await visitInvoice(hub, clinic, visit.id);
  expect(invoice.balanceMinor).toBe(5_000);
  return invoice as { id: string };
}

const numberOf = (s: string) => Number(s.slice(-6));

describe('concurrent payments', () => {
  it('10 payments of 1,000 at once against 5,000 owed: exactly 5 × 201 and 5 × 409 OVERPAYMENT', async () => {
    const invoice = await owing5000();
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(hub, clinic.receptionist, invoice.id, 1_000)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 201, 201, 201, 201, 409, 409, 409, 409, 409]);
    // The losers queued behind the invoice's lock and met the balance the winners left: 0.
    for (const r of results.filter((r) => r.statusCode === 409))
      expect(r.json()).toMatchObject({ code: 'OVERPAYMENT', details: { balanceMinor: 0 } });
    const row = await expectInvoiceConsistent(hub.app.db, invoice.id);
    expect(row).toMatchObject({ paidMinor: 5_000, balanceMinor: 0, status: 'paid' });
    const stored = await hub.app.db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(stored).toHaveLength(5);
  });

  it('10 payments of 1,000 at once against 4,500 owed: 4 succeed, 6 refused, and 500 stays owed', async () => {
    const invoice = await owing5000();
    expect((await pay(hub, clinic.receptionist, invoice.id, 500)).statusCode).toBe(201);
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(hub, clinic.receptionist, invoice.id, 1_000)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(4);
    const refused = results.filter((r) => r.statusCode === 409);
    expect(refused).toHaveLength(6);
    for (const r of refused) expect(r.json()).toMatchObject({ code: 'OVERPAYMENT', details: { balanceMinor: 500 } });
    expect(await expectInvoiceConsistent(hub.app.db, invoice.id)).toMatchObject({
      paidMinor: 4_500,
      balanceMinor: 500,
      status: 'partially_paid',
    });
  });

  it('an Idempotency-Key retry answers with the first payment and records no second', async () => {
    const invoice = await owing5000();
    const first = await pay(hub, clinic.receptionist, invoice.id, 1_500, 'desk-pay-retry-0001');
    expect(first.statusCode, first.body).toBe(201);
    const retry = await pay(hub, clinic.receptionist, invoice.id, 1_500, 'desk-pay-retry-0001');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await hub.app.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    expect((await expectInvoiceConsistent(hub.app.db, invoice.id)).paidMinor).toBe(1_500);
    // The same key for another amount is a different request: refused, nothing recorded.
    const reused = await pay(hub, clinic.receptionist, invoice.id, 900, 'desk-pay-retry-0001');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await expectInvoiceConsistent(hub.app.db, invoice.id)).paidMinor).toBe(1_500);
    const events = await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, invoice.id));
    expect(events.filter((e) => e.type === 'payment.recorded')).toHaveLength(1);
  });

  it('the same key sent 5 times at once records one payment; every answer is that payment', async () => {
    const invoice = await owing5000();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => pay(hub, clinic.receptionist, invoice.id, 2_000, 'desk-pay-same-0002')),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await hub.app.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    expect(await expectInvoiceConsistent(hub.app.db, invoice.id)).toMatchObject({ paidMinor: 2_000, status: 'partially_paid' });
  });
});

describe('numbers', () => {
  it('invoices (8 visits completed at once) and receipts (8 payments at once) are unique and gapless', async () => {
    // Set up one after another (only completing is the concurrent part).
    const visits: Awaited<ReturnType<typeof visitInProgress>>[] = [];
    for (let i = 0; i < 8; i++) visits.push(await visitInProgress(hub, clinic, { feeMinor: 1_000 }));
    const done = await Promise.all(visits.map((v) => call(hub, v.doctor, 'POST', `/api/appointments/${v.id}/complete`)));
    expect(done.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const rows = await hub.app.db
      .select()
      .from(invoices)
      .where(
        inArray(
          invoices.appointmentId,
          visits.map((v) => v.id),
        ),
      );
    expect(rows).toHaveLength(8);
    const invoiceNumbers = rows.map((r) => numberOf(r.number)).sort((a, b) => a - b);
    expect(invoiceNumbers.at(-1)! - invoiceNumbers[0]!).toBe(7);

    const paid = await Promise.all(rows.map((r) => pay(hub, clinic.receptionist, r.id, 1_000)));
    expect(paid.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const receipts = paid.map((r) => numberOf(r.json().receiptNumber)).sort((a, b) => a - b);
    expect(new Set(receipts).size).toBe(8);
    expect(receipts.at(-1)! - receipts[0]!).toBe(7);
    for (const r of rows) expect((await expectInvoiceConsistent(hub.app.db, r.id)).status).toBe('paid');
  });
});
