// Clinical notes: the SOAP shape, only the treating doctor writes, every version kept, and the
// patient reads the latest final version only once the doctor shares it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, doctor } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let visitId: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(2, '10:00') },
  });
  visitId = res.json().id;
});
afterAll(() => hub.close());

const soap = (subjective: string) => ({
  subjective,
  objective: { text: 'Wheeze on auscultation', vitals: { temperatureC: 37.9, heartRate: 92, systolic: 124, diastolic: 78, spo2: 96 } },
  assessment: { text: 'Likely viral', diagnoses: [{ code: 'J20.9', description: 'Acute bronchitis, unspecified' }] },
  plan: { text: 'Rest, fluids', followUp: { inDays: 7, notes: 'Return if fever persists' } },
});
const send = (actor: Actor, method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

describe('clinical notes', () => {
  it('the treating doctor writes versions; every version is kept; the patient reads only the shared final one', async () => {
    const other = await doctor(hub, clinic.location.id);
    expect((await send(other, 'POST', `/api/appointments/${visitId}/notes`, soap('x'))).statusCode).toBe(403);
    expect((await send(clinic.patient, 'POST', `/api/appointments/${visitId}/notes`, soap('x'))).statusCode).toBe(403);

    const created = await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/notes`, soap('Cough for 5 days'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ version: 1, final: false, sharedWithPatient: false, soap: { subjective: 'Cough for 5 days' } });
    const noteId = created.json().id;
    expect((await send(clinic.doctor, 'POST', `/api/appointments/${visitId}/notes`, soap('again'))).statusCode).toBe(409);

    // Not shared, not final: the patient sees nothing (not even that it exists).
    expect((await send(clinic.patient, 'GET', `/api/notes/${noteId}`)).statusCode).toBe(404);

    const v2 = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, {
      ...soap('Cough for 5 days, worse at night'),
      baseVersion: 1,
      final: true,
      shareWithPatient: true,
    });
    expect(v2.json()).toMatchObject({ version: 2, final: true, sharedWithPatient: true });
    const v3 = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, { ...soap('Draft addendum'), baseVersion: 2 });
    expect(v3.json()).toMatchObject({ version: 3, final: false });

    const history = (await send(clinic.doctor, 'GET', `/api/notes/${noteId}/versions`)).json();
    expect(history.versions.map((v: { version: number; soap: { subjective: string } }) => [v.version, v.soap.subjective])).toEqual([
      [1, 'Cough for 5 days'],
      [2, 'Cough for 5 days, worse at night'],
      [3, 'Draft addendum'],
    ]);
    // The patient reads the latest *final* version (2), not the draft addendum.
    const patientView = await send(clinic.patient, 'GET', `/api/notes/${noteId}`);
    expect(patientView.statusCode).toBe(200);
    expect(patientView.json()).toMatchObject({ version: 2, final: true, soap: { subjective: 'Cough for 5 days, worse at night' } });
    expect((await send(clinic.patient, 'GET', `/api/notes/${noteId}/versions`)).statusCode).toBe(403);
    expect((await send(other, 'GET', `/api/notes/${noteId}`)).statusCode).toBe(404);

    // Finding notes: the doctor by patient or visit, the patient their shared finals, others nothing.
    const pid = clinic.patient.patientId;
    const mine = (await send(clinic.doctor, 'GET', `/api/notes?patientId=${pid}`)).json();
    expect(mine.notes.map((n: { id: string; version: number }) => [n.id, n.version])).toEqual([[noteId, 3]]);
    expect((await send(clinic.doctor, 'GET', `/api/notes?appointmentId=${visitId}`)).json().notes).toHaveLength(1);
    expect((await send(other, 'GET', `/api/notes?patientId=${pid}`)).json()).toEqual({ notes: [] });
    const shared = (await send(clinic.patient, 'GET', `/api/notes?patientId=${pid}`)).json();
    expect(shared.notes).toMatchObject([{ id: noteId, version: 2, final: true }]);
    expect((await send(clinic.patient, 'GET', '/api/notes?patientId=01ARZ3NDEKTSV4RRFFQ69G5FAV')).statusCode).toBe(403);
    expect((await send(clinic.receptionist, 'GET', `/api/notes?patientId=${pid}`)).statusCode).toBe(403);
    expect((await send(clinic.doctor, 'GET', '/api/notes')).statusCode).toBe(400);
  });

  it('refuses bad SOAP: unknown ICD-10 shapes, impossible vitals, extra fields, objects for text', async () => {
    for (const body of [
      { ...soap('x'), assessment: { diagnoses: [{ code: 'cough', description: 'x' }] } },
      { ...soap('x'), objective: { vitals: { heartRate: 1000 } } },
      { ...soap('x'), secret: true },
      { ...soap('x'), subjective: { $gt: '' } },
    ]) {
      const res = await send(clinic.doctor, 'PUT', `/api/notes/01JAAAAAAAAAAAAAAAAAAAAAAA`, body);
      expect(res.statusCode).toBe(400);
    }
  });
});
