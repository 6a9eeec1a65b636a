// Billing test support: the consistency check every billing test runs after each step, an invoice
// to work on, and a clinic whose visits are priced and completed through the HTTP API (typed with a
// priced appointment type, or walk-ins) with the desk's calls. The check reads the tables directly (not the API) and recomputes what the
// ledger keeps: total = Σ lines not voided, paid = Σ (payment − refunded), each payment's refunded =
// Σ of its refunds that did not fail, balance and status derived.
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../db/mysql.js';
import { invoiceLines, invoices, payments, refunds } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/transactions.js';
import { addLines, createInvoice, invoiceStatusOf } from '../../server/modules/billing/ledger.js';
import { type Actor, bearer, doctor, json, patient } from './factories.js';
import { type PrescribingClinic, prescribingClinic, startedVisit } from './prescribing.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from './scheduling.js';
import { pharmacistAt } from './stock.js';
import { type TestHub, uniqueName } from './test-hub.js';

/** Fails the test unless the invoice's stored totals and status agree with its lines, payments and refunds. */
export async function expectInvoiceConsistent(db: Database, invoiceId: string) {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  expect(invoice, `invoice ${invoiceId}`).toBeDefined();
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), isNull(invoiceLines.voidedAt)));
  const paid = await db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
  const refundRows = paid.length
    ? await db
        .select()
        .from(refunds)
        .where(
          and(
            inArray(
              refunds.paymentId,
              paid.map((p) => p.id),
            ),
            ne(refunds.status, 'failed'),
          ),
        )
    : [];
  for (const line of lines) expect(line.amountMinor).toBe(line.quantity * line.unitAmountMinor);
  for (const p of paid) {
    const refunded = refundRows.filter((r) => r.paymentId === p.id).reduce((sum, r) => sum + r.amountMinor, 0);
    expect(p.refundedMinor, `refunded of payment ${p.receiptNumber}`).toBe(refunded);
    expect(p.refundedMinor).toBeLessThanOrEqual(p.amountMinor);
  }
  const total = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const paidNet = paid.reduce((sum, p) => sum + p.amountMinor - p.refundedMinor, 0);
  expect(invoice!.totalMinor, 'total').toBe(total);
  expect(invoice!.paidMinor, 'paid').toBe(paidNet);
  expect(invoice!.paidMinor).toBeLessThanOrEqual(invoice!.totalMinor);
  expect(invoice!.status, 'status').toBe(invoiceStatusOf(total, paidNet, invoice!.status === 'void'));
  return { ...invoice!, balanceMinor: invoice!.status === 'void' ? 0 : total - paidNet };
}

/** Also checks the API's view of it: balance = total − paid (0 when void). */
export async function expectInvoiceView(hub: TestHub, token: string, invoiceId: string) {
  const stored = await expectInvoiceConsistent(hub.app.db, invoiceId);
  const res = await hub.app.inject({ method: 'GET', url: `/api/invoices/${invoiceId}`, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  const view = json<{ totalMinor: number; paidMinor: number; balanceMinor: number; status: string }>(res);
  expect(view.totalMinor).toBe(stored.totalMinor);
  expect(view.paidMinor).toBe(stored.paidMinor);
  expect(view.balanceMinor).toBe(stored.status === 'void' ? 0 : stored.totalMinor - stored.paidMinor);
  expect(view.status).toBe(stored.status);
  return view;
}

export interface InvoiceFixture {
  clinic: PrescribingClinic;
  appointmentId: string;
  invoiceId: string;
}

/**
 * An open invoice of `amounts` (one line each) for a walk-in visit of the clinic's patient, made
 * straight through the ledger (not through completing the visit), for tests of what comes after.
 */
export async function invoiceFixture(hub: TestHub, amounts: number[] = [5_000], clinic?: PrescribingClinic): Promise<InvoiceFixture> {
  const c = clinic ?? (await prescribingClinic(hub));
  const appointmentId = await startedVisit(hub, c);
  const invoiceId = await transactionWithRetry(hub.app.db, async (tx) => {
    const invoice = await createInvoice(tx, {
      patientId: c.patient.patientId,
      appointmentId,
      locationId: c.location.id,
      currency: 'USD',
      createdBy: null,
    });
    await addLines(
      tx,
      invoice,
      amounts.map((unitAmountMinor, i) => ({
        kind: 'other',
        description: `Service ${i + 1}`,
        quantity: 1,
        unitAmountMinor,
        createdBy: null,
      })),
    );
    return invoice.id;
  });
  return { clinic: c, appointmentId, invoiceId };
}

/** A clinic in a zone where it is morning now (typed visits can be booked later today and checked in), with a pharmacy. */
export async function billingClinic(hub: TestHub) {
  const { zone, offsetHours } = zoneWhereItIsMorning();
  const clinic = await bookableClinic(hub, zone);
  const pharmacist = await pharmacistAt(hub, clinic.location.id);
  return { ...clinic, offsetHours, pharmacist };
}
export type BillingClinic = Awaited<ReturnType<typeof billingClinic>>;

export const call = (hub: TestHub, actor: Actor, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers = {}) =>
  hub.app.inject({ method, url, headers: { ...bearer(actor.token), ...headers }, ...(payload ? { payload } : {}) });

async function ok(res: Awaited<ReturnType<typeof call>>, what: string, status = [200, 201]) {
  if (!status.includes(res.statusCode)) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A new appointment type (admin) with this price (null: not priced). */
export async function pricedType(hub: TestHub, clinic: BillingClinic, priceMinor: number | null) {
  const key = uniqueName('type')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
  const name = `Check-up ${key.slice(-6)}`;
  const body = { key, name, durationMinutes: 15, ...(priceMinor !== null && { priceMinor }) };
  const type = await ok(await call(hub, clinic.admin, 'POST', '/api/appointment-types', body), 'type');
  return type as { id: string; key: string; name: string; priceMinor: number | null };
}

let slot = 0;

export interface VisitOptions {
  /** Book it as this appointment type (a slot later today); else a walk-in. */
  typeKey?: string;
  /** The doctor's own fee; each visit gets a doctor of its own, so queues never mix. */
  feeMinor?: number | null;
  patientId?: string;
}

/** A visit of a fresh doctor, completed through the API (check-in, call, start, complete). */
export async function completedVisit(hub: TestHub, clinic: BillingClinic, opts: VisitOptions = {}) {
  const visit = await visitInProgress(hub, clinic, opts);
  const done = await call(hub, visit.doctor, 'POST', `/api/appointments/${visit.id}/complete`);
  await ok(done, 'complete');
  return visit;
}

/** Up to "in progress": completing is the caller's (e.g. several at once). */
export async function visitInProgress(hub: TestHub, clinic: BillingClinic, opts: VisitOptions = {}) {
  const doc = await doctor(hub, clinic.location.id);
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: clinic.location.id }));
  await ok(await call(hub, clinic.admin, 'PUT', `/api/doctors/${doc.doctorId}/schedule`, { rules }), 'schedule');
  if (opts.feeMinor !== undefined) {
    await ok(await call(hub, clinic.admin, 'PATCH', `/api/doctors/${doc.doctorId}`, { feeMinor: opts.feeMinor }), 'fee');
  }
  const patientId = opts.patientId ?? (await patient(hub, false)).patientId;
  let id: string;
  if (opts.typeKey) {
    // Each typed visit its own quarter hour later today (local), well inside working hours.
    const n = slot++ % 24;
    const hhmm = `${String(11 + Math.floor(n / 4)).padStart(2, '0')}:${String((n % 4) * 15).padStart(2, '0')}`;
    const booked = await call(hub, clinic.receptionist, 'POST', '/api/appointments', {
      doctorId: doc.doctorId,
      patientId,
      startAt: todayAt(clinic.offsetHours, hhmm),
      type: opts.typeKey,
    });
    id = (await ok(booked, 'book')).id;
    await ok(await call(hub, clinic.receptionist, 'POST', `/api/appointments/${id}/check-in`), 'check-in');
  } else {
    const walkIn = await call(hub, clinic.receptionist, 'POST', '/api/walk-ins', {
      doctorId: doc.doctorId,
      patientId,
      allowDuplicate: true,
    });
    id = (await ok(walkIn, 'walk-in')).id;
  }
  await ok(await call(hub, doc, 'POST', `/api/doctors/${doc.doctorId}/queue/call-next`), 'call');
  await ok(await call(hub, doc, 'POST', `/api/appointments/${id}/start`), 'start');
  return { id, patientId, doctor: doc };
}

/** The invoice rows of a visit (the visit's own first). */
export async function invoicesOfVisit(hub: TestHub, appointmentId: string) {
  const rows = await hub.app.db.select().from(invoices).where(eq(invoices.appointmentId, appointmentId));
  return rows.sort((a, b) => (a.visitAppointmentId ? -1 : b.visitAppointmentId ? 1 : a.number < b.number ? -1 : 1));
}

/** The visit's own invoice as the API shows it to the desk. */
export async function visitInvoice(hub: TestHub, clinic: BillingClinic, appointmentId: string) {
  const [row] = await hub.app.db.select().from(invoices).where(eq(invoices.visitAppointmentId, appointmentId));
  if (!row) throw new Error(`no invoice for visit ${appointmentId}`);
  return ok(await call(hub, clinic.receptionist, 'GET', `/api/invoices/${row.id}`), 'invoice');
}

/** POST /api/invoices/:id/payments at the desk. */
export const pay = (hub: TestHub, actor: Actor, invoiceId: string, amountMinor: number, key?: string, method = 'cash') =>
  call(hub, actor, 'POST', `/api/invoices/${invoiceId}/payments`, { method, amountMinor }, key ? { 'idempotency-key': key } : {});

/** A line added by hand at the desk. */
export const addLine = (hub: TestHub, actor: Actor, invoiceId: string, unitAmountMinor: number, extra: object = {}) =>
  call(hub, actor, 'POST', `/api/invoices/${invoiceId}/lines`, {
    description: 'Dressing',
    unitAmountMinor,
    reason: 'Applied at the desk',
    ...extra,
  });
