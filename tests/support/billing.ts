// Billing for tests: the consistency check every billing test runs after each step (read straight
// from the tables, not through the API), a clinic whose visits are priced and can be dispensed for,
// completed visits made through the HTTP API (typed, with a priced appointment type, or walk-ins),
// and the desk's calls.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { invoiceLines, invoices, payments } from '../../db/schema/index.js';
import { invoiceStatusOf } from '../../server/modules/billing/ledger.js';
import { type Actor, bearer, doctor, patient } from './factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from './scheduling.js';
import { pharmacistAt } from './stock.js';
import { type TestHub, uniqueName } from './test-hub.js';

/**
 * Checks an invoice against its sources: total = Σ lines not voided, paid = Σ (payment − refunded),
 * balance = total − paid (0 when void), status as the ledger's rule says. Returns the row.
 */
export async function expectInvoiceConsistent(db: TestHub['app']['db'], invoiceId: string) {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  expect(row, `invoice ${invoiceId}`).toBeDefined();
  const [lines] = await db
    .select({ total: sql<string | null>`sum(${invoiceLines.amountMinor})` })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), isNull(invoiceLines.voidedAt)));
  const [paid] = await db
    .select({ paid: sql<string | null>`sum(${payments.amountMinor} - ${payments.refundedMinor})` })
    .from(payments)
    .where(eq(payments.invoiceId, invoiceId));
  const totalMinor = Number(lines?.total ?? 0);
  const paidMinor = Number(paid?.paid ?? 0);
  expect(row!.totalMinor, 'total = Σ lines not voided').toBe(totalMinor);
  expect(row!.paidMinor, 'paid = Σ payments less refunds').toBe(paidMinor);
  expect(paidMinor).toBeLessThanOrEqual(totalMinor);
  expect(row!.status).toBe(invoiceStatusOf(totalMinor, paidMinor, row!.status === 'void'));
  const balanceMinor = row!.status === 'void' ? 0 : totalMinor - paidMinor;
  return { ...row!, balanceMinor };
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
