// The money columns of the daily rollup, from real invoices, payments and refunds at a location in
// Auckland (UTC+13 in December) with its own currency: revenue is the day's payments (desk and
// online) less the day's refunds, payments by method are gross, and what was owed is rebuilt for
// the end of yesterday (an invoice voided today still owed then) and taken now for today. The
// metrics API serves the days and the range's totals. Consistency checked after each step.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceLines, invoices, locationDailyMetrics, locations } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import {
  addLines,
  createInvoice,
  lockInvoice,
  lockPayment,
  type NewPayment,
  recordPayment,
  recordRefund,
  voidInvoice,
} from '../../../server/modules/billing/ledger.js';
import { rollupDailyMetrics } from '../../../server/modules/metrics/rollup.js';
import { expectInvoiceConsistent } from '../../support/billing.js';
import { bearer, createLocation } from '../../support/factories.js';
import { type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const ZONE = 'Pacific/Auckland';
let hub: TestHub;
let clinic: PrescribingClinic;
let auckland: { id: string };
const now = new Date();
const todayStart = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
const T = todayStart.toISODate()!;
const Y = todayStart.minus({ days: 1 }).toISODate()!;
const yesterdayAt = (hhmm: string) => DateTime.fromISO(`${Y}T${hhmm}`, { zone: ZONE }).toJSDate();
/** Earlier today, whatever the time now: halfway between local midnight and now. */
const earlierToday = new Date(todayStart.toMillis() + Math.floor((now.getTime() - todayStart.toMillis()) / 2));

/** An NZD invoice of one line; `createdAt` backdates it and its line (a bill written yesterday). */
async function invoice(amountMinor: number, createdAt?: Date): Promise<string> {
  const appointmentId = await startedVisit(hub, clinic);
  const id = await transactionWithRetry(hub.app.db, async (tx) => {
    const inv = await createInvoice(tx, {
      patientId: clinic.patient.patientId,
      appointmentId,
      locationId: auckland.id,
      currency: 'NZD',
      createdBy: null,
    });
    await addLines(tx, inv, [
      { kind: 'consultation', description: 'Consultation', quantity: 1, unitAmountMinor: amountMinor, createdBy: null },
    ]);
    return inv.id;
  });
  if (createdAt) {
    await hub.app.db.update(invoices).set({ createdAt }).where(eq(invoices.id, id));
    await hub.app.db.update(invoiceLines).set({ createdAt }).where(eq(invoiceLines.invoiceId, id));
  }
  await expectInvoiceConsistent(hub.app.db, id);
  return id;
}

async function pay(invoiceId: string, when: Date, p: Pick<NewPayment, 'method' | 'amountMinor'> & Partial<NewPayment>) {
  const { payment } = await transactionWithRetry(hub.app.db, async (tx) =>
    recordPayment(tx, await lockInvoice(tx, invoiceId), { gateway: 'desk', receivedBy: null, ...p }, when),
  );
  await expectInvoiceConsistent(hub.app.db, invoiceId);
  return payment;
}

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  auckland = await createLocation(hub, ZONE);
  await hub.app.db.update(locations).set({ currency: 'NZD' }).where(eq(locations.id, auckland.id));

  const a = await invoice(10_000, yesterdayAt('08:00'));
  const cash = await pay(a, yesterdayAt('09:00'), { method: 'cash', amountMinor: 3_000 });
  await pay(a, yesterdayAt('23:30'), { method: 'card', amountMinor: 2_000 });
  await transactionWithRetry(hub.app.db, async (tx) => {
    const { invoice: inv, payment } = await lockPayment(tx, cash.id);
    return recordRefund(tx, inv, payment, { amountMinor: 1_000, reason: 'Overcharged', refundedBy: null }, earlierToday);
  });
  await expectInvoiceConsistent(hub.app.db, a);
  await pay(a, earlierToday, { method: 'card', amountMinor: 500, gateway: 'stripe', gatewayPaymentId: 'pi_rollup_1' });

  const b = await invoice(4_000);
  await pay(b, earlierToday, { method: 'insurance', amountMinor: 1_500 });

  // Billed yesterday, voided today: owed at the end of yesterday, not now.
  const c = await invoice(700, yesterdayAt('08:00'));
  await transactionWithRetry(hub.app.db, async (tx) => voidInvoice(tx, await lockInvoice(tx, c), 'Billed in error', clinic.admin.userId!));
  await expectInvoiceConsistent(hub.app.db, c);
});
afterAll(() => hub.close());

const YESTERDAY = {
  currency: 'NZD',
  revenueMinor: 5_000,
  refundedMinor: 0,
  outstandingMinor: 5_700, // A: 10,000 − 5,000; C: 700 (not void yet)
  paymentsByMethod: { cash: 3_000, card: 2_000, insurance: 0, wallet: 0 },
};
const TODAY = {
  currency: 'NZD',
  revenueMinor: 1_000, // 500 online + 1,500 insurance − 1,000 refunded
  refundedMinor: 1_000,
  outstandingMinor: 8_000, // A: 10,000 − 4,500; B: 4,000 − 1,500; C void
  paymentsByMethod: { cash: 0, card: 500, insurance: 1_500, wallet: 0 },
};

describe('the rollup’s money columns', () => {
  it('rolls up revenue, refunds, payments by method and what was owed, per local day, idempotently', async () => {
    // Rolled up after every row above was written (today's figure is "owed now").
    const rolledAt = new Date();
    await rollupDailyMetrics(hub.app.db, hub.app.mongo.db, rolledAt, 2);
    const read = async () =>
      Object.fromEntries(
        (await hub.app.db.select().from(locationDailyMetrics).where(eq(locationDailyMetrics.locationId, auckland.id))).map((r) => [
          r.day,
          r,
        ]),
      );
    const rows = await read();
    expect(Object.keys(rows).sort()).toEqual([Y, T]);
    expect(rows[Y]).toMatchObject(YESTERDAY);
    expect(rows[T]).toMatchObject(TODAY);
    // A second run writes the same figures.
    await rollupDailyMetrics(hub.app.db, hub.app.mongo.db, new Date(rolledAt.getTime() + 1_000), 2);
    const again = await read();
    for (const day of [Y, T]) expect({ ...again[day], computedAt: null }).toEqual({ ...rows[day], computedAt: null });
  });

  it('is served by the metrics API, days and totals over the range', async () => {
    const res = await hub.app.inject({
      method: 'GET',
      url: `/api/locations/${auckland.id}/metrics?from=${Y}&to=${T}`,
      headers: bearer(clinic.receptionist.token),
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.days.map((d: { day: string }) => d.day)).toEqual([Y, T]);
    expect(body.days[0]).toMatchObject(YESTERDAY);
    expect(body.days[1]).toMatchObject(TODAY);
    expect(body.totals).toMatchObject({
      currency: 'NZD',
      revenueMinor: 6_000,
      refundedMinor: 1_000,
      outstandingMinor: 8_000,
      paymentsByMethod: { cash: 3_000, card: 2_500, insurance: 1_500, wallet: 0 },
    });
  });
});
