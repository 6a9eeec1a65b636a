// The bad-input table's cases for the medical record (issue 17): unknown fields, operator objects,
// bad enums and codes, out-of-range and empty vitals, dates in the future, text too long, bad and
// unknown ids: each a 4xx with a stable code and nothing written. Sent as the patient's doctor (a
// visit with them), the caller who could otherwise succeed; the triage list as an admin.
import type { BadInputCase } from '../../support/bad-input.js';
import { type Actor, bearer } from '../../support/factories.js';
import type { TestHub } from '../../support/test-hub.js';

export interface RecordFixtures {
  patientId: string;
  allergyId: string;
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

/** An allergy to correct, written before the table's snapshot. */
export async function recordFixtures(hub: TestHub, doctor: Actor, patientId: string): Promise<RecordFixtures> {
  const res = await hub.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/allergies`,
    headers: bearer(doctor.token),
    payload: { substance: 'Latex', severity: 'mild' },
  });
  if (res.statusCode !== 201) throw new Error(`allergy: ${res.statusCode} ${res.body}`);
  return { patientId, allergyId: res.json().id };
}

export function recordCases(fx: () => RecordFixtures): BadInputCase[] {
  const p = (part: string) => () => `/api/patients/${fx().patientId}/${part}`;
  const future = new Date(Date.now() + 7 * 86_400_000);
  const bad = (name: string, url: string | (() => string), body: unknown, extra: Partial<BadInputCase> = {}): BadInputCase => ({
    name: `record: ${name}`,
    url,
    body,
    as: 'doctor',
    status: 400,
    code: 'VALIDATION_FAILED',
    ...extra,
  });
  return [
    bad('allergy with an unknown field', p('allergies'), { substance: 'Latex', severity: 'mild', verified: true }),
    bad('allergy substance as an operator object', p('allergies'), { substance: { $ne: '' }, severity: 'mild' }),
    bad('allergy with a bad severity', p('allergies'), { substance: 'Latex', severity: 'deadly' }),
    bad('allergy substance of 201 characters', p('allergies'), { substance: 'a'.repeat(201), severity: 'mild' }),
    bad('allergy substance of spaces only', p('allergies'), { substance: '   ', severity: 'mild' }),
    bad('allergy correction with an empty body', () => `/api/allergies/${fx().allergyId}`, {}, { method: 'PATCH' }),
    bad('allergy correction with a bad status', () => `/api/allergies/${fx().allergyId}`, { status: 'deleted' }, { method: 'PATCH' }),
    bad('allergy correction of a malformed id', '/api/allergies/not-an-id', { severity: 'mild' }, { method: 'PATCH' }),
    bad(
      'allergy correction of an unknown id',
      `/api/allergies/${UNKNOWN_ID}`,
      { severity: 'mild' },
      { method: 'PATCH', status: 404, code: 'NOT_FOUND' },
    ),
    bad('vitals with a heart rate of 900', p('vitals'), { heartRate: 900 }),
    bad('vitals with a temperature of 10 °C', p('vitals'), { temperatureC: 10 }),
    bad('vitals with no measure', p('vitals'), {}),
    bad('vitals taken in the future', p('vitals'), { heartRate: 70, takenAt: future.toISOString() }),
    bad('vitals with a number as a string', p('vitals'), { heartRate: '70' }),
    bad('vitals with the diastolic above the systolic', p('vitals'), { systolic: 90, diastolic: 120 }),
    bad('vitals with an unknown measure', p('vitals'), { heartRate: 70, glucose: 5.5 }),
    bad('vitals for an unknown visit', p('vitals'), { heartRate: 70, appointmentId: UNKNOWN_ID }, { status: 404, code: 'NOT_FOUND' }),
    bad('condition with a bad ICD-10 code', p('conditions'), { code: 'XYZ', description: 'Asthma', status: 'active' }),
    bad('condition with a bad status', p('conditions'), { description: 'Asthma', status: 'cured' }),
    bad('condition resolved before its onset', p('conditions'), {
      description: 'Asthma',
      status: 'resolved',
      onset: '2020-01-01',
      resolvedOn: '2019-01-01',
    }),
    bad('condition with year 0000', p('conditions'), { description: 'Asthma', status: 'active', onset: '0000-01-01' }),
    bad('condition with an onset in the future', p('conditions'), {
      description: 'Asthma',
      status: 'active',
      onset: future.toISOString().slice(0, 10),
    }),
    bad('history of a bad kind', p('history'), { kind: 'dental', description: 'Crown' }),
    bad('history of 1001 characters', p('history'), { kind: 'social', description: 'a'.repeat(1001) }),
    bad('medication not in the catalogue', p('medications'), { name: 'Mystery', medicationId: UNKNOWN_ID }),
    bad('medication name as an array', p('medications'), { name: ['Aspirin'] }),
    bad('record of a malformed patient id', '/api/patients/not-an-id/record', undefined, { method: 'GET' }),
    bad('record of an unknown patient', `/api/patients/${UNKNOWN_ID}/record`, undefined, { method: 'GET', status: 404, code: 'NOT_FOUND' }),
    bad('vitals series with limit 0', () => `${p('vitals')()}?limit=0`, undefined, { method: 'GET' }),
    bad('vitals series with an unknown parameter', () => `${p('vitals')()}?$where=1`, undefined, { method: 'GET' }),
    bad('vitals series from after to', () => `${p('vitals')()}?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z`, undefined, {
      method: 'GET',
    }),
    bad('triage of an unknown location', `/api/locations/${UNKNOWN_ID}/triage`, undefined, {
      method: 'GET',
      as: 'admin',
      status: 404,
      code: 'NOT_FOUND',
    }),
  ];
}
