// The structured record's round trip: every part added over HTTP, read back in the record in the
// contract's shape, corrected (resolved, stopped, entered in error) and read again; prescribed
// medicines come from signed prescriptions; the vitals series is oldest first; no date in the future.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prescriptions } from '../../../db/schema/index.js';
import { type Actor, bearer } from '../../support/factories.js';
import { item, medicationId, type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { asActor } from '../../support/record.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
let doc: ReturnType<typeof asActor>;
let patientId: string;
let salbutamol: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  patientId = clinic.patient.patientId;
  doc = asActor(hub, clinic.doctor);
  salbutamol = await medicationId(hub, clinic.doctor, 'salbutamol');
  await startedVisit(hub, clinic); // the care relationship
});
afterAll(() => hub.close());

const record = async (actor: Actor = clinic.doctor) => {
  const res = await asActor(hub, actor)('GET', `/api/patients/${patientId}/record`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the medical record', () => {
  it('is empty for a new patient, in the contract’s shape', async () => {
    expect(await record()).toEqual({
      patientId,
      allergies: [],
      conditions: [],
      medications: [],
      history: { surgical: [], family: [], social: [] },
      vitals: [],
    });
  });

  it('round-trips every part: add, read, correct, read again', async () => {
    const allergy = await doc('POST', `/api/patients/${patientId}/allergies`, {
      substance: ' Penicillin ',
      reaction: 'Hives',
      severity: 'severe',
    });
    expect(allergy.statusCode, allergy.body).toBe(201);
    expect(allergy.json()).toMatchObject({
      patientId,
      substance: 'Penicillin',
      reaction: 'Hives',
      severity: 'severe',
      status: 'active',
      recordedBy: { id: clinic.doctor.userId, name: expect.stringContaining('Dana') },
    });
    const wrong = (await doc('POST', `/api/patients/${patientId}/allergies`, { substance: 'Latex', severity: 'unknown' })).json();

    const condition = await doc('POST', `/api/patients/${patientId}/conditions`, {
      code: 'J45.909',
      description: 'Asthma',
      status: 'active',
      onset: '2010-05-01',
    });
    expect(condition.statusCode, condition.body).toBe(201);
    const outside = await doc('POST', `/api/patients/${patientId}/medications`, {
      name: 'Vitamin D',
      dose: '1000 IU',
      frequency: 'daily',
      startedOn: '2024-01-01',
    });
    expect(outside.statusCode, outside.body).toBe(201);
    expect(outside.json()).toMatchObject({ source: 'elsewhere', status: 'active', prescriptionId: null });
    const surgery = await doc('POST', `/api/patients/${patientId}/history`, {
      kind: 'surgical',
      description: 'Appendectomy',
      occurredOn: '2001-06-01',
    });
    const family = await doc('POST', `/api/patients/${patientId}/history`, {
      kind: 'family',
      description: 'Type 2 diabetes',
      relation: 'mother',
    });
    const social = await doc('POST', `/api/patients/${patientId}/history`, { kind: 'social', description: 'Non-smoker' });
    for (const res of [surgery, family, social]) expect(res.statusCode, res.body).toBe(201);
    const earlier = new Date(Date.now() - 3_600_000).toISOString();
    const v1 = await doc('POST', `/api/patients/${patientId}/vitals`, { takenAt: earlier, heartRate: 72, temperatureC: 36.8 });
    const v2 = await doc('POST', `/api/patients/${patientId}/vitals`, { systolic: 120, diastolic: 80, weightKg: 70.5 });
    expect(v1.statusCode, v1.body).toBe(201);
    expect(v2.json()).toMatchObject({ source: 'direct', systolic: 120, diastolic: 80, weightKg: 70.5, appointmentId: null });
    expect(v2.json()).not.toHaveProperty('heartRate');

    // A signed prescription's medicine appears beside the one taken elsewhere.
    const visitId = await startedVisit(hub, clinic);
    const draft = (
      await doc('POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol, { dose: '2 puffs' })] })
    ).json();
    expect((await doc('POST', `/api/prescriptions/${draft.id}/sign`)).statusCode).toBe(200);

    let r = await record();
    expect(r.allergies.map((a: { substance: string }) => a.substance)).toEqual(['Penicillin', 'Latex']);
    expect(r.conditions).toEqual([
      expect.objectContaining({ code: 'J45.909', description: 'Asthma', status: 'active', onset: '2010-05-01', resolvedOn: null }),
    ]);
    expect(r.medications).toEqual([
      expect.objectContaining({
        source: 'prescription',
        prescriptionId: draft.id,
        medicationId: salbutamol,
        dose: '2 puffs',
        status: 'active',
      }),
      expect.objectContaining({ source: 'elsewhere', name: 'Vitamin D', dose: '1000 IU', frequency: 'daily', startedOn: '2024-01-01' }),
    ]);
    expect(r.history.surgical).toEqual([
      expect.objectContaining({ description: 'Appendectomy', occurredOn: '2001-06-01', relation: null }),
    ]);
    expect(r.history.family).toEqual([expect.objectContaining({ description: 'Type 2 diabetes', relation: 'mother' })]);
    expect(r.history.social).toEqual([expect.objectContaining({ description: 'Non-smoker' })]);
    expect(r.vitals.map((v: { id: string }) => v.id)).toEqual([v2.json().id, v1.json().id]); // newest first

    // Corrections.
    const patched = await doc('PATCH', `/api/allergies/${wrong.id}`, { status: 'entered_in_error' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().status).toBe('entered_in_error');
    expect((await doc('PATCH', `/api/allergies/${allergy.json().id}`, { reaction: null, severity: 'moderate' })).json()).toMatchObject({
      reaction: null,
      severity: 'moderate',
    });
    const resolved = await doc('PATCH', `/api/conditions/${condition.json().id}`, { status: 'resolved', resolvedOn: '2020-01-01' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedOn: '2020-01-01' });
    const stopped = await doc('PATCH', `/api/patient-medications/${outside.json().id}`, { stoppedOn: '2024-06-01' });
    expect(stopped.json()).toMatchObject({ stoppedOn: '2024-06-01', status: 'inactive' });
    expect((await doc('PATCH', `/api/history/${social.json().id}`, { status: 'entered_in_error' })).statusCode).toBe(200);

    r = await record();
    expect(r.allergies).toEqual([expect.objectContaining({ substance: 'Penicillin', reaction: null, severity: 'moderate' })]);
    expect(r.conditions[0]).toMatchObject({ status: 'resolved', resolvedOn: '2020-01-01' });
    expect(r.medications[1]).toMatchObject({ status: 'inactive', stoppedOn: '2024-06-01' });
    expect(r.history.social).toEqual([]);

    // A prescription past its validity is no longer a current medicine, even before the expiry sweep writes it.
    await hub.app.db
      .update(prescriptions)
      .set({ validUntil: new Date(Date.now() - 60_000) })
      .where(eq(prescriptions.id, draft.id));
    expect((await record()).medications.map((m: { source: string }) => m.source)).toEqual(['elsewhere']);

    // The patient reads their own record, every part.
    const own = await record(clinic.patient);
    expect(own.allergies).toHaveLength(1);
    expect(own.history.family).toHaveLength(1);
    expect(own.vitals).toHaveLength(2);
  });

  it('reads the vitals series oldest first, within from/to', async () => {
    const all = await doc('GET', `/api/patients/${patientId}/vitals`);
    expect(all.statusCode, all.body).toBe(200);
    const times = all.json().vitals.map((v: { at: string }) => v.at);
    expect(times.length).toBe(2);
    expect([...times].sort()).toEqual(times);
    const recent = await doc(
      'GET',
      `/api/patients/${patientId}/vitals?from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`,
    );
    expect(recent.json().vitals).toHaveLength(1);
    expect((await doc('GET', `/api/patients/${patientId}/vitals?limit=1`)).json().vitals).toHaveLength(1);
  });

  it('refuses dates in the future, a resolution before the onset, and an empty set of vitals', async () => {
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const cases = [
      [`/api/patients/${patientId}/conditions`, { description: 'X', status: 'active', onset: future.slice(0, 10) }],
      [`/api/patients/${patientId}/conditions`, { description: 'X', status: 'resolved', onset: '2020-01-01', resolvedOn: '2019-01-01' }],
      [`/api/patients/${patientId}/conditions`, { description: 'X', status: 'active', resolvedOn: '2019-01-01' }],
      [`/api/patients/${patientId}/vitals`, { takenAt: future, heartRate: 70 }],
      [`/api/patients/${patientId}/vitals`, {}],
      [`/api/patients/${patientId}/vitals`, { systolic: 80, diastolic: 120 }],
      [`/api/patients/${patientId}/history`, { kind: 'social', description: 'Y', relation: 'father' }],
    ] as const;
    for (const [url, payload] of cases) {
      const res = await hub.app.inject({ method: 'POST', url, headers: bearer(clinic.doctor.token), payload });
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });
});
