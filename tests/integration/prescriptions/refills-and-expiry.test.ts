// Refill requests (the patient asks, the prescriber approves with one more fill or denies with a
// reason; one pending request at a time; never for controlled medicines) and the expiry job.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents, prescriptions } from '../../../db/schema/index.js';
import { addFill, expireDue } from '../../../server/modules/prescriptions/repository.js';
import { type Actor, bearer, doctor } from '../../support/factories.js';
import { item, medicationId, type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
let salbutamol: string;
let diazepam: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  salbutamol = await medicationId(hub, clinic.doctor, 'salbutamol');
  diazepam = await medicationId(hub, clinic.doctor, 'diazepam');
});
afterAll(() => hub.close());

const send = (actor: Actor, method: 'POST' | 'GET', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

async function signedPrescription(medId = salbutamol) {
  const visitId = await startedVisit(hub, clinic);
  const draft = (await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(medId)] })).json();
  return (await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/sign`)).json() as {
    id: string;
    number: string;
    fillsRemaining: number;
  };
}

describe('refill requests', () => {
  it('the patient asks, once at a time; the prescriber approves: one more fill', async () => {
    const rx = await signedPrescription();
    expect(rx.fillsRemaining).toBe(1);
    const url = `/api/prescriptions/${rx.id}/refill-requests`;
    expect((await send(clinic.doctor, 'POST', url, {})).statusCode).toBe(403);
    const asked = await send(clinic.patient, 'POST', url, { note: 'Running out on Friday' });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({
      status: 'pending',
      prescriptionId: rx.id,
      prescriptionNumber: rx.number,
      note: 'Running out on Friday',
    });
    const twice = await send(clinic.patient, 'POST', url, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('REFILL_PENDING');

    const pending = (await send(clinic.doctor, 'GET', '/api/refill-requests?status=pending')).json().refillRequests;
    expect(pending.map((r: { id: string }) => r.id)).toContain(asked.json().id);
    const other = await doctor(hub, clinic.location.id);
    expect((await send(other, 'GET', '/api/refill-requests')).json().refillRequests).toEqual([]);
    expect((await send(other, 'POST', `/api/refill-requests/${asked.json().id}/approve`, {})).statusCode).toBe(403);

    const approved = await send(clinic.doctor, 'POST', `/api/refill-requests/${asked.json().id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    expect((await send(clinic.doctor, 'GET', `/api/prescriptions/${rx.id}`)).json().fillsRemaining).toBe(2);
    const again = await send(clinic.doctor, 'POST', `/api/refill-requests/${asked.json().id}/deny`, {});
    expect(again.json().code).toBe('REFILL_DECIDED');

    // Decided: a new request may be made; a denial carries the reason to the patient.
    const next = (await send(clinic.patient, 'POST', url, {})).json();
    const denied = await send(clinic.doctor, 'POST', `/api/refill-requests/${next.id}/deny`, { reason: 'Please book a review first' });
    expect(denied.json()).toMatchObject({ status: 'denied', reason: 'Please book a review first' });
    expect((await send(clinic.doctor, 'GET', `/api/prescriptions/${rx.id}`)).json().fillsRemaining).toBe(2);
    const mine = (await send(clinic.patient, 'GET', `/api/refill-requests?prescriptionId=${rx.id}`)).json().refillRequests;
    expect(mine.map((r: { status: string }) => r.status).sort()).toEqual(['approved', 'denied']);
  });

  it('is refused for controlled medicines and for drafts', async () => {
    const rx = await signedPrescription(diazepam);
    const res = await send(clinic.patient, 'POST', `/api/prescriptions/${rx.id}/refill-requests`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONTROLLED_SUBSTANCE');
    const visitId = await startedVisit(hub, clinic);
    const draft = (await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol)] })).json();
    expect((await send(clinic.patient, 'POST', `/api/prescriptions/${draft.id}/refill-requests`, {})).statusCode).toBe(404);
  });
});

describe('a refill approved while the prescription is cancelled', () => {
  it('does not add a fill (the guard inside the approving transaction)', async () => {
    const rx = await signedPrescription();
    await send(clinic.doctor, 'POST', `/api/prescriptions/${rx.id}/cancel`, { reason: 'Stopped' });
    const added = await hub.app.db.transaction((tx) => addFill(tx, rx.id, new Date()));
    expect(added).toBe(false);
    expect((await send(clinic.doctor, 'GET', `/api/prescriptions/${rx.id}`)).json()).toMatchObject({
      status: 'cancelled',
      fillsRemaining: 1,
    });
  });
});

describe('expiry', () => {
  it('the job expires signed prescriptions past their validity, once; then no refill is possible', async () => {
    const rx = await signedPrescription();
    const fresh = await signedPrescription();
    await hub.app.db
      .update(prescriptions)
      .set({ validUntil: new Date(Date.now() - 60_000) })
      .where(eq(prescriptions.id, rx.id));

    // Expired at once for everyone who reads it, before the job has marked it.
    expect((await send(clinic.patient, 'GET', `/api/prescriptions/${rx.id}`)).json().status).toBe('expired');
    const expired = await expireDue(hub.app.db, new Date());
    expect(expired.map((p) => p.id)).toEqual([rx.id]);
    expect(await expireDue(hub.app.db, new Date())).toEqual([]);
    // One event for the live pharmacy queue, written with the change.
    const events = await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'prescription.expired'));
    expect(events.map((e) => e.aggregateId)).toEqual([rx.id]);
    expect((await send(clinic.patient, 'GET', `/api/prescriptions/${rx.id}`)).json().status).toBe('expired');
    expect((await send(clinic.patient, 'GET', `/api/prescriptions/${fresh.id}`)).json().status).toBe('active');
    const res = await send(clinic.patient, 'POST', `/api/prescriptions/${rx.id}/refill-requests`, {});
    expect(res.json().code).toBe('PRESCRIPTION_NOT_ACTIVE');
  });
});
