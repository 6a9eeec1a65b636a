// Writing and signing prescriptions: the treating doctor only, allergy conflicts refused unless
// overridden with a reason (kept and printed), duplicate therapy flagged, no refills of controlled
// medicines, a signed script immutable (cancel-and-reissue links both), and gapless numbers.
import { count, eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prescriptionItems, prescriptions } from '../../../db/schema/index.js';
import { type Actor, bearer, doctor } from '../../support/factories.js';
import { allergicPatient, item, medicationId, type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
let amoxicillin: string;
let salbutamol: string;
let morphine: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  amoxicillin = await medicationId(hub, clinic.doctor, 'amoxicillin', '500 mg');
  salbutamol = await medicationId(hub, clinic.doctor, 'salbutamol');
  morphine = await medicationId(hub, clinic.doctor, 'morphine', '10 mg');
});
afterAll(() => hub.close());

const send = (actor: Actor, method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
const rowCount = async () => (await hub.app.db.select({ n: count() }).from(prescriptions))[0]!.n;

describe('writing a prescription', () => {
  it('the treating doctor writes a draft with a number; other doctors, patients and staff may not', async () => {
    const visitId = await startedVisit(hub, clinic);
    const body = { items: [item(salbutamol, { dose: '2 puffs', frequency: 'when needed', quantity: 1 })], diagnosis: 'Asthma' };
    const other = await doctor(hub, clinic.location.id);
    for (const actor of [other, clinic.patient, clinic.receptionist, clinic.pharmacist, clinic.admin])
      expect((await send(actor, 'POST', `/api/appointments/${visitId}/prescriptions`, body)).statusCode).toBe(403);

    const res = await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, body);
    expect(res.statusCode).toBe(201);
    const rx = res.json();
    expect(rx).toMatchObject({
      status: 'draft',
      appointmentId: visitId,
      patientId: clinic.patient.patientId,
      doctorId: clinic.doctor.doctorId,
      refills: 0,
      validDays: 30,
      verifyUrl: null,
      items: [{ medicationId: salbutamol, name: 'Salbutamol inhaler', genericName: 'salbutamol', dose: '2 puffs', quantity: 1 }],
    });
    expect(rx.number).toMatch(new RegExp(`^RX-${new Date().getUTCFullYear()}-\\d{6}$`));
  });

  it('refuses a visit that has not started', async () => {
    const booked = await send(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId: clinic.doctor.doctorId,
      patientId: clinic.patient.patientId,
      startAt: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) + 'T10:00:00.000Z',
    });
    expect(booked.statusCode).toBe(201);
    const res = await send(clinic.doctor, 'POST', `/api/appointments/${booked.json().id}/prescriptions`, { items: [item(salbutamol)] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('VISIT_NOT_PRESCRIBABLE');
  });

  it('refuses an allergy conflict with every conflict listed, writes nothing, and records an override reason', async () => {
    const allergic = await allergicPatient(hub, ['Penicillin (rash)', 'latex']);
    const visitId = await startedVisit(hub, clinic, allergic.patientId);
    const before = await rowCount();
    const body = { items: [item(salbutamol), item(amoxicillin)] };
    const refused = await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ALLERGY_CONFLICT');
    expect(refused.json().details.conflicts).toEqual([
      expect.objectContaining({ itemIndex: 1, medicationId: amoxicillin, allergy: 'Penicillin (rash)', matchedOn: 'class' }),
    ]);
    expect(await rowCount()).toBe(before);

    const reason = 'Tolerated amoxicillin in 2024 under supervision';
    const overridden = await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, {
      ...body,
      allergyOverrideReason: reason,
    });
    expect(overridden.statusCode).toBe(201);
    expect(overridden.json().allergyOverrideReason).toBe(reason);
    const signed = await send(clinic.doctor, 'POST', `/api/prescriptions/${overridden.json().id}/sign`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().allergyOverrideReason).toBe(reason);
  });

  it('checks allergies again at signing (one recorded after the draft was written)', async () => {
    const later = await allergicPatient(hub, []);
    const visitId = await startedVisit(hub, clinic, later.patientId);
    const draft = (await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(amoxicillin)] })).json();
    // Recorded meanwhile, in the chart.
    const recorded = await send(clinic.doctor, 'POST', `/api/patients/${later.patientId}/allergies`, {
      substance: 'penicillins',
      severity: 'unknown',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const res = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/sign`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ALLERGY_CONFLICT');
    expect((await send(clinic.doctor, 'GET', `/api/prescriptions/${draft.id}`)).json().status).toBe('draft');
  });

  it('flags a second active prescription of the same generic as DUPLICATE_THERAPY, without refusing it', async () => {
    const p = await allergicPatient(hub, []);
    const first = await startedVisit(hub, clinic, p.patientId);
    const a = (await send(clinic.doctor, 'POST', `/api/appointments/${first}/prescriptions`, { items: [item(salbutamol)] })).json();
    expect(a.warnings).toBeUndefined();
    expect((await send(clinic.doctor, 'POST', `/api/prescriptions/${a.id}/sign`)).statusCode).toBe(200);

    const second = await startedVisit(hub, clinic, p.patientId);
    const b = await send(clinic.doctor, 'POST', `/api/appointments/${second}/prescriptions`, { items: [item(salbutamol)] });
    expect(b.statusCode).toBe(201);
    expect(b.json().warnings).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_THERAPY', genericName: 'salbutamol', prescriptionId: a.id, number: a.number }),
    ]);
  });

  it('allows no refills of a controlled medicine', async () => {
    const visitId = await startedVisit(hub, clinic);
    const res = await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(morphine)], refills: 2 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONTROLLED_SUBSTANCE');
    const ok = await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(morphine)] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().items[0].controlled).toBe(true);
  });
});

describe('a signed prescription', () => {
  it('is active with verifyUrl, cannot change (409 PRESCRIPTION_SIGNED), and cancel-and-reissue links both', async () => {
    const visitId = await startedVisit(hub, clinic);
    const draft = (
      await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol)], refills: 2 })
    ).json();
    const edited = await send(clinic.doctor, 'PUT', `/api/prescriptions/${draft.id}`, {
      items: [item(salbutamol, { quantity: 2 })],
      refills: 2,
      baseVersion: 1,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, items: [{ quantity: 2 }] });
    const stale = await send(clinic.doctor, 'PUT', `/api/prescriptions/${draft.id}`, { items: [item(salbutamol)], baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');

    const signed = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/sign`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'active', fillsRemaining: 3, patient: { dateOfBirth: '1980-04-02' } });
    expect(signed.json().verifyUrl).toBe(
      `${hub.config.publicUrl}/api/prescriptions/verify/${draft.number}?sig=${signed.json().verifyUrl.split('sig=')[1]}`,
    );
    expect(new Date(signed.json().validUntil).getTime() - new Date(signed.json().signedAt).getTime()).toBe(30 * 86_400_000);

    const itemsBefore = await hub.app.db.select().from(prescriptionItems).where(eq(prescriptionItems.prescriptionId, draft.id));
    for (const [url, body] of [
      [`/api/prescriptions/${draft.id}`, { items: [item(salbutamol, { quantity: 99 })] }],
      [`/api/prescriptions/${draft.id}/sign`, undefined],
    ] as const) {
      const res = await send(clinic.doctor, url.endsWith('sign') ? 'POST' : 'PUT', url, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('PRESCRIPTION_SIGNED');
    }
    expect(await hub.app.db.select().from(prescriptionItems).where(eq(prescriptionItems.prescriptionId, draft.id))).toEqual(itemsBefore);

    const reissued = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/reissue`, { reason: 'Wrong quantity' });
    expect(reissued.statusCode).toBe(201);
    const copy = reissued.json();
    expect(copy).toMatchObject({ status: 'draft', replacesId: draft.id, refills: 2, items: [{ quantity: 2 }] });
    expect(copy.number).not.toBe(draft.number);
    const old = (await send(clinic.doctor, 'GET', `/api/prescriptions/${draft.id}`)).json();
    expect(old).toMatchObject({ status: 'cancelled', replacedById: copy.id, cancelReason: 'Wrong quantity' });
    const again = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/cancel`, { reason: 'twice' });
    expect(again.json().code).toBe('PRESCRIPTION_NOT_ACTIVE');
  });

  it('signs only the version the prescriber reviewed', async () => {
    const visitId = await startedVisit(hub, clinic);
    const draft = (await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol)] })).json();
    await send(clinic.doctor, 'PUT', `/api/prescriptions/${draft.id}`, { items: [item(salbutamol, { quantity: 5 })], baseVersion: 1 });
    const stale = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/sign`, { baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');
    const signed = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/sign`, { baseVersion: 2 });
    expect(signed.json()).toMatchObject({ status: 'active', items: [{ quantity: 5 }] });
  });

  it('only the prescriber cancels; a cancelled draft cannot be signed', async () => {
    const visitId = await startedVisit(hub, clinic);
    const draft = (await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol)] })).json();
    const other = await doctor(hub, clinic.location.id);
    expect((await send(other, 'POST', `/api/prescriptions/${draft.id}/cancel`, { reason: 'not mine' })).statusCode).toBe(403);
    const cancelled = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/cancel`, { reason: 'Changed my mind' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Changed my mind' });
    const sign = await send(clinic.doctor, 'POST', `/api/prescriptions/${draft.id}/sign`);
    expect(sign.json().code).toBe('PRESCRIPTION_NOT_ACTIVE');
  });
});

describe('the sketch', () => {
  it('is kept by an edit that leaves it out and removed by null', async () => {
    const canvas = new PNG({ width: 4, height: 3 });
    canvas.data.fill(255);
    const png = PNG.sync.write(canvas).toString('base64');
    const visitId = await startedVisit(hub, clinic);
    const body = { items: [item(salbutamol)] };
    const draft = (
      await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { ...body, drawing: `data:image/png;base64,${png}` })
    ).json();
    expect(draft.hasDrawing).toBe(true);
    const kept = await send(clinic.doctor, 'PUT', `/api/prescriptions/${draft.id}`, { ...body, advice: 'Rest' });
    expect(kept.json()).toMatchObject({ hasDrawing: true, advice: 'Rest' });
    const removed = await send(clinic.doctor, 'PUT', `/api/prescriptions/${draft.id}`, { ...body, drawing: null });
    expect(removed.json().hasDrawing).toBe(false);
    const notPng = await send(clinic.doctor, 'PUT', `/api/prescriptions/${draft.id}`, {
      ...body,
      drawing: 'data:image/png;base64,aGVsbG8=',
    });
    expect(notPng.statusCode).toBe(400);
  });
});

describe('numbers', () => {
  it('50 concurrent prescriptions get distinct, consecutive numbers', async () => {
    const visitId = await startedVisit(hub, clinic);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        send(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol)] }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const numbers = results.map((r) => Number(r.json().number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.at(-1)! - numbers[0]!).toBe(49);
    // Gapless over the whole year so far: every number from 1 to the highest exists exactly once.
    const all = (await hub.app.db.select({ number: prescriptions.number }).from(prescriptions)).map((r) => Number(r.number.slice(-6)));
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });
});
