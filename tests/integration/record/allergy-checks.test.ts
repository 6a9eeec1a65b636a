// The prescribing check reads the structured allergies: one added through the record's route, of
// any severity, refuses a matching prescription (ALLERGY_CONFLICT); once marked entered_in_error
// it no longer counts (the same list, patients/repository.ts patientForPrescribing, serves the
// pharmacy's substitution check).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allergicPatient, item, medicationId, type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { asActor } from '../../support/record.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
let amoxicillin: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  amoxicillin = await medicationId(hub, clinic.doctor, 'amoxicillin', '500 mg');
});
afterAll(() => hub.close());

async function draftFor(patientId: string) {
  const visitId = await startedVisit(hub, clinic, patientId);
  return asActor(hub, clinic.doctor)('POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(amoxicillin)] });
}

describe('allergies recorded in the chart', () => {
  it.each(['mild', 'moderate', 'severe', 'unknown'])(
    'a %s allergy added through the record refuses a matching prescription',
    async (severity) => {
      const p = await allergicPatient(hub, []);
      await startedVisit(hub, clinic, p.patientId); // the doctor's care relationship, to write the record
      const added = await asActor(hub, clinic.doctor)('POST', `/api/patients/${p.patientId}/allergies`, {
        substance: 'Penicillins',
        severity,
      });
      expect(added.statusCode, added.body).toBe(201);
      const res = await draftFor(p.patientId);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('ALLERGY_CONFLICT');
    },
  );

  it('one marked entered_in_error no longer counts; one made inactive neither', async () => {
    const p = await allergicPatient(hub, []);
    await startedVisit(hub, clinic, p.patientId);
    const say = asActor(hub, clinic.doctor);
    const wrong = (await say('POST', `/api/patients/${p.patientId}/allergies`, { substance: 'Penicillin', severity: 'severe' })).json();
    expect((await draftFor(p.patientId)).statusCode).toBe(409);
    expect((await say('PATCH', `/api/allergies/${wrong.id}`, { status: 'entered_in_error' })).statusCode).toBe(200);
    const allowed = await draftFor(p.patientId);
    expect(allowed.statusCode, allowed.body).toBe(201);

    const outgrown = (await say('POST', `/api/patients/${p.patientId}/allergies`, { substance: 'Amoxicillin', severity: 'mild' })).json();
    expect((await draftFor(p.patientId)).statusCode).toBe(409);
    expect((await say('PATCH', `/api/allergies/${outgrown.id}`, { status: 'inactive' })).statusCode).toBe(200);
    expect((await draftFor(p.patientId)).statusCode).toBe(201);
  });
});
