// Who sees and moves money: a patient lists and reads only their own invoices and payments
// (whatever the query; another's is a 404), doctors and pharmacists get 403, a display 401/403,
// reception needs a reason to void; and each change leaves an audit entry with the money state
// before and after, never a line's text or a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingClinic,
  billingClinic,
  call,
  completedVisit,
  expectInvoiceConsistent,
  pay,
  pricedType,
  visitInvoice,
} from '../../support/billing.js';
import { bearer, display, patient } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: BillingClinic;
let mine: { id: string; patientId: string };
let theirs: { id: string; patientId: string };
let theirPaymentId: string;
let myPaymentId: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await billingClinic(hub);
  const type = await pricedType(hub, clinic, 4_000);
  const other = await patient(hub);
  mine = await visitInvoice(
    hub,
    clinic,
    (await completedVisit(hub, clinic, { typeKey: type.key, patientId: clinic.patient.patientId })).id,
  );
  theirs = await visitInvoice(hub, clinic, (await completedVisit(hub, clinic, { typeKey: type.key, patientId: other.patientId })).id);
  myPaymentId = (await pay(hub, clinic.receptionist, mine.id, 1_000)).json().id;
  theirPaymentId = (await pay(hub, clinic.receptionist, theirs.id, 1_000)).json().id;
});
afterAll(() => hub.close());

const auditOf = async (requestId: string) => {
  const entries = hub.app.mongo.db.collection('audit_events');
  for (let i = 0; i < 200; i++) {
    const found = await entries.findOne({ requestId });
    if (found) return found;
    await hub.app.redis.ping();
  }
  return null;
};

describe('a patient', () => {
  it('lists only their own invoices, whatever patientId they ask for', async () => {
    expect(theirs.patientId).not.toBe(mine.patientId);
    for (const query of ['', `?patientId=${theirs.patientId}`, `?patientId=${theirs.patientId}&status=partially_paid`]) {
      const res = await call(hub, clinic.patient, 'GET', `/api/invoices${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const ids = res.json().invoices.map((i: { id: string }) => i.id);
      expect(ids).toEqual([mine.id]);
    }
    // The desk sees both, and filters.
    const desk = await call(hub, clinic.receptionist, 'GET', `/api/invoices?patientId=${clinic.patient.patientId}&status=partially_paid`);
    expect(desk.json().invoices.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect(desk.json().invoices[0]).toMatchObject({ totalMinor: 4_000, paidMinor: 1_000, balanceMinor: 3_000, insurancePending: false });
    const all = await call(hub, clinic.receptionist, 'GET', `/api/invoices?locationId=${clinic.location.id}`);
    expect(all.json().invoices.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('reads their own invoice and payment; another’s are 404', async () => {
    expect((await call(hub, clinic.patient, 'GET', `/api/invoices/${mine.id}`)).json()).toMatchObject({ id: mine.id, paidMinor: 1_000 });
    expect((await call(hub, clinic.patient, 'GET', `/api/payments/${myPaymentId}`)).json()).toMatchObject({
      id: myPaymentId,
      amountMinor: 1_000,
    });
    for (const url of [`/api/invoices/${theirs.id}`, `/api/payments/${theirPaymentId}`]) {
      const res = await call(hub, clinic.patient, 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('cannot pay at the desk, add lines or void', async () => {
    for (const [url, body] of [
      [`/api/invoices/${mine.id}/payments`, { method: 'cash', amountMinor: 100 }],
      [`/api/invoices/${mine.id}/lines`, { description: 'x', unitAmountMinor: 1, reason: 'x' }],
      [`/api/invoices/${mine.id}/void`, { reason: 'x' }],
    ] as const) {
      expect((await call(hub, clinic.patient, 'POST', url, body)).statusCode, url).toBe(403);
    }
    expect((await expectInvoiceConsistent(hub.app.db, mine.id)).paidMinor).toBe(1_000);
  });
});

describe('no billing for the clinic’s other roles', () => {
  it('doctors and pharmacists get 403, a display 403 and nobody 401', async () => {
    const screen = await display(hub, clinic.location.id);
    for (const url of ['/api/invoices', `/api/invoices/${mine.id}`, `/api/payments/${myPaymentId}`]) {
      expect((await call(hub, clinic.doctor, 'GET', url)).statusCode, url).toBe(403);
      expect((await call(hub, clinic.pharmacist, 'GET', url)).statusCode, url).toBe(403);
      expect((await hub.app.inject({ method: 'GET', url, headers: bearer(screen.token) })).statusCode, url).toBe(403);
      expect((await hub.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    const paid = await pay(hub, clinic.doctor, mine.id, 100);
    expect(paid.statusCode).toBe(403);
  });
});

describe('the desk', () => {
  it('cannot void without a reason; a change is audited with the money before and after, no text', async () => {
    for (const body of [{}, { reason: '' }, { reason: ' \t ' }]) {
      const res = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${theirs.id}/lines/${'0'.repeat(26)}/void`, body);
      expect(res.statusCode).toBe(400);
      const whole = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${theirs.id}/void`, body);
      expect(whole.statusCode).toBe(400);
      expect(whole.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await expectInvoiceConsistent(hub.app.db, theirs.id)).status).toBe('partially_paid');

    const res = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${mine.id}/lines`, {
      description: 'Nebuliser mask',
      unitAmountMinor: 600,
      reason: 'Patient asked for a spare',
    });
    expect(res.statusCode).toBe(201);
    const entry = await auditOf(String(res.headers['x-request-id']));
    expect(entry).toMatchObject({ action: 'POST /api/invoices/:id/lines', outcome: 'ok', targetId: mine.id });
    expect(entry!.changes).toEqual(
      expect.arrayContaining([
        { field: 'totalMinor', from: 4_000, to: 4_600 },
        { field: 'balanceMinor', from: 3_000, to: 3_600 },
      ]),
    );
    const text = JSON.stringify(entry);
    expect(text).not.toContain('Nebuliser');
    expect(text).not.toContain('spare');

    const payment = await pay(hub, clinic.receptionist, mine.id, 600);
    const paidEntry = await auditOf(String(payment.headers['x-request-id']));
    expect(paidEntry).toMatchObject({ action: 'POST /api/invoices/:id/payments', outcome: 'ok', targetId: mine.id });
    expect(paidEntry!.changes).toEqual(expect.arrayContaining([{ field: 'amountMinor', from: null, to: 600 }]));
  });
});
