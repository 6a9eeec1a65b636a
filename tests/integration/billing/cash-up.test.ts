// The desk's day at a location in New York (UTC−5 in December): what each drawer should hold, from
// real payments and refunds at two desks over two local days (a payment at 23:30 local is the
// next day in UTC yet belongs to its local day; an online Stripe payment is in no drawer; a pending
// refund has not left the drawer), the close with counted − expected, once per desk and day (also
// when closes race), today's takings and what stays owed. Consistency checked after each step.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashUps, payments } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import {
  addLines,
  createInvoice,
  type InvoiceRow,
  lockInvoice,
  lockPayment,
  type NewPayment,
  recordPayment,
  recordRefund,
  voidInvoice,
} from '../../../server/modules/billing/ledger.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import { type Actor, bearer, createLocation } from '../../support/factories.js';
import { type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const ZONE = 'America/New_York';
let hub: TestHub;
let clinic: PrescribingClinic;
let ny: { id: string };
const today = DateTime.now().setZone(ZONE).startOf('day');
const D1 = today.minus({ days: 2 }).toISODate()!;
const D2 = today.minus({ days: 1 }).toISODate()!;
const at = (day: string, hhmm: string) => DateTime.fromISO(`${day}T${hhmm}`, { zone: ZONE }).toJSDate();

let invoiceA: string;
let invoiceB: string;

async function nyInvoice(amountMinor: number): Promise<string> {
  const appointmentId = await startedVisit(hub, clinic);
  const id = await transactionWithRetry(hub.app.db, async (tx) => {
    const invoice = await createInvoice(tx, {
      patientId: clinic.patient.patientId,
      appointmentId,
      locationId: ny.id,
      currency: 'USD',
      createdBy: null,
    });
    await addLines(tx, invoice, [
      { kind: 'other', description: 'Consultation', quantity: 1, unitAmountMinor: amountMinor, createdBy: null },
    ]);
    return invoice.id;
  });
  await expectInvoiceConsistent(hub.app.db, id);
  return id;
}

async function pay(invoiceId: string, when: Date, p: Partial<NewPayment> & Pick<NewPayment, 'method' | 'amountMinor'>) {
  const { payment } = await transactionWithRetry(hub.app.db, async (tx) =>
    recordPayment(tx, await lockInvoice(tx, invoiceId), { gateway: 'desk', receivedBy: clinic.receptionist.userId!, ...p }, when),
  );
  await expectInvoiceConsistent(hub.app.db, invoiceId);
  return payment;
}

async function refund(paymentId: string, when: Date, amountMinor: number, desk: string, status: 'succeeded' | 'pending' = 'succeeded') {
  await transactionWithRetry(hub.app.db, async (tx) => {
    const { invoice, payment } = await lockPayment(tx, paymentId);
    return recordRefund(tx, invoice, payment, { amountMinor, reason: 'Charged twice', desk, status, refundedBy: null }, when);
  });
  await expectInvoiceConsistent(
    hub.app.db,
    (await hub.app.db.select({ invoiceId: payments.invoiceId }).from(payments).where(eq(payments.id, paymentId)))[0]!.invoiceId,
  );
}

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  ny = await createLocation(hub, ZONE);
  invoiceA = await nyInvoice(100_000);
  invoiceB = await nyInvoice(2_500);
  const p1 = await pay(invoiceA, at(D1, '09:00'), { method: 'cash', amountMinor: 3_000 });
  await pay(invoiceA, at(D1, '23:30'), { method: 'card', amountMinor: 2_000, reference: 'TERM-1' }); // 04:30Z the next UTC day
  const p3 = await pay(invoiceA, at(D1, '12:00'), { method: 'cash', amountMinor: 1_500, desk: 'back' });
  const p4 = await pay(invoiceA, at(D2, '00:15'), { method: 'cash', amountMinor: 4_000 });
  await pay(invoiceA, at(D1, '10:00'), { method: 'card', amountMinor: 5_000, gateway: 'stripe', gatewayPaymentId: 'pi_test_desk_1' });
  await refund(p1.id, at(D2, '10:00'), 500, 'front');
  await refund(p3.id, at(D1, '13:00'), 300, 'back');
  await refund(p4.id, at(D2, '11:00'), 1_000, 'front', 'pending'); // not out of the drawer yet
  // Money at another location (UTC) the same days counts nowhere here.
  const other = await invoiceFixture(hub, [9_000], clinic);
  await pay(other.invoiceId, at(D1, '09:30'), { method: 'cash', amountMinor: 9_000 });
  // A void invoice at the location owes nothing.
  const voided = await nyInvoice(7_777);
  await transactionWithRetry(hub.app.db, async (tx) =>
    voidInvoice(tx, (await lockInvoice(tx, voided)) as InvoiceRow, 'Duplicate', clinic.admin.userId!),
  );
});
afterAll(() => hub.close());

const get = (actor: Actor, url: string) => hub.app.inject({ method: 'GET', url, headers: bearer(actor.token) });
const close = (actor: Actor, payload: object) =>
  hub.app.inject({ method: 'POST', url: '/api/cash-ups', headers: bearer(actor.token), payload });
const zero = { cash: 0, card: 0, insurance: 0, wallet: 0 };

describe('cash-up', () => {
  it('expects each desk’s payments less refunds of its local day, by method; online payments and pending refunds left out', async () => {
    const expected = async (day: string, desk?: string) => {
      const res = await get(clinic.receptionist, `/api/cash-ups/expected?locationId=${ny.id}&day=${day}${desk ? `&desk=${desk}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect(await expected(D1)).toMatchObject({
      id: null,
      desk: 'front',
      day: D1,
      currency: 'USD',
      expected: { ...zero, cash: 3_000, card: 2_000 },
      counted: null,
      differenceMinor: null,
      payments: 2,
      refunds: 0,
    });
    expect(await expected(D1, 'back')).toMatchObject({ desk: 'back', expected: { ...zero, cash: 1_200 }, payments: 1, refunds: 1 });
    expect(await expected(D2, 'front')).toMatchObject({ expected: { ...zero, cash: 3_500 }, payments: 1, refunds: 1 });
    expect(await expected(D2, 'back')).toMatchObject({ expected: zero, payments: 0, refunds: 0 });
  });

  it('closes a desk’s day with counted − expected, once (409 CASH_UP_EXISTS), and lists it', async () => {
    const res = await close(clinic.receptionist, {
      locationId: ny.id,
      day: D1,
      counted: { cash: 2_900, card: 2_000 },
      note: 'Float checked',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      desk: 'front',
      day: D1,
      expected: { ...zero, cash: 3_000, card: 2_000 },
      counted: { ...zero, cash: 2_900, card: 2_000 },
      differenceMinor: -100,
      closedBy: clinic.receptionist.userId,
      note: 'Float checked',
    });
    const again = await close(clinic.admin, { locationId: ny.id, desk: 'front', day: D1, counted: { cash: 3_000 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CASH_UP_EXISTS');

    const over = await close(clinic.admin, { locationId: ny.id, desk: 'front', day: D2, counted: { cash: 3_600 } });
    expect(over.statusCode, over.body).toBe(201);
    expect(over.json().differenceMinor).toBe(100);

    const list = await get(clinic.admin, `/api/cash-ups?locationId=${ny.id}&from=${D1}&to=${D2}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(
      list.json().cashUps.map((c: { day: string; desk: string; differenceMinor: number }) => [c.day, c.desk, c.differenceMinor]),
    ).toEqual([
      [D2, 'front', 100],
      [D1, 'front', -100],
    ]);
    const onlyD1 = await get(clinic.admin, `/api/cash-ups?locationId=${ny.id}&to=${D1}`);
    expect(onlyD1.json().cashUps).toHaveLength(1);
  });

  it('concurrent closes of one desk’s day: exactly one is stored', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        close(i % 2 ? clinic.admin : clinic.receptionist, { locationId: ny.id, desk: 'back', day: D1, counted: { cash: 1_200 } }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'CASH_UP_EXISTS')).toBe(true);
    const rows = (await hub.app.db.select().from(cashUps)).filter((r) => r.locationId === ny.id && r.desk === 'back');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.differenceMinor).toBe(0);
  });

  it('refuses a day that has not begun at the location, and a day that does not exist', async () => {
    const tomorrow = today.plus({ days: 1 }).toISODate()!;
    for (const day of [tomorrow, '2025-02-30']) {
      const res = await close(clinic.receptionist, { locationId: ny.id, day, counted: { cash: 0 } });
      expect(res.statusCode, day).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      const exp = await get(clinic.receptionist, `/api/cash-ups/expected?locationId=${ny.id}&day=${day}`);
      expect(exp.statusCode, day).toBe(400);
    }
    const future = await close(clinic.receptionist, { locationId: ny.id, day: tomorrow, counted: {} });
    expect(future.json().message).toMatch(/not begun/);
    expect((await hub.app.db.select().from(cashUps)).filter((r) => r.day === tomorrow)).toEqual([]);
  });
});

describe('takings', () => {
  it('a day’s takings at the location: every payment (online too) and refund that succeeded, net by method, what is owed', async () => {
    const res = await get(clinic.receptionist, `/api/billing/takings?locationId=${ny.id}&day=${D1}`);
    expect(res.statusCode, res.body).toBe(200);
    // Invoice A: 100,000 less (15,500 paid − 1,800 refunded or pending) = 86,300; B owes 2,500; the void one nothing.
    expect(res.json()).toEqual({
      locationId: ny.id,
      day: D1,
      currency: 'USD',
      receivedMinor: 11_500,
      refundedMinor: 300,
      netMinor: 11_200,
      byMethod: { ...zero, cash: 4_200, card: 7_000 },
      payments: 4,
      outstandingMinor: 88_800,
    });
    const d2 = (await get(clinic.admin, `/api/billing/takings?locationId=${ny.id}&day=${D2}`)).json();
    expect(d2).toMatchObject({ receivedMinor: 4_000, refundedMinor: 500, netMinor: 3_500, payments: 1 });
  });

  it('defaults to today at the location; doctors, pharmacists and patients may not look', async () => {
    const res = await get(clinic.receptionist, `/api/billing/takings?locationId=${ny.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ day: today.toISODate(), receivedMinor: 0, outstandingMinor: 88_800 });
    expect(invoiceB).toBeTruthy();
    for (const actor of [clinic.doctor, clinic.pharmacist, clinic.patient]) {
      expect((await get(actor, `/api/billing/takings?locationId=${ny.id}`)).statusCode, actor.role).toBe(403);
      expect((await get(actor, `/api/cash-ups/expected?locationId=${ny.id}&day=${D1}`)).statusCode, actor.role).toBe(403);
      expect((await close(actor, { locationId: ny.id, day: D2, desk: 'side', counted: {} })).statusCode, actor.role).toBe(403);
    }
  });
});
