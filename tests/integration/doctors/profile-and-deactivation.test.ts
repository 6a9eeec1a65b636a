// A doctor's profile as the admin console edits it (issue 19): several specialties (the first is the
// main one), bio, languages, licence and its expiry, fee, room, visit length and names; and
// deactivation: the doctor leaves the lists, availability and booking (409 DOCTOR_INACTIVE), while
// their past visits, records and today's queue stay readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, doctor } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

const listedIds = async (actor: Actor, query = '') => {
  const res = await call(actor, 'GET', `/api/doctors?limit=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().doctors.map((d: { id: string }) => d.id) as string[];
};

describe('the profile', () => {
  it('takes several specialties, bio, languages, licence, expiry, fee, room, visit length and names; GET answers them', async () => {
    const doc = await doctor(hub, clinic.location.id);
    const res = await call(clinic.admin, 'PATCH', `/api/doctors/${doc.doctorId}`, {
      firstName: ' Ana ',
      lastName: 'Costa',
      specialties: ['Paediatrics', 'Allergology', 'General Practice', 'paediatrics'],
      bio: 'Twenty years with children and their allergies.',
      languages: ['en', 'pt-BR', 'en'],
      licenseNumber: 'pt-778',
      licenseExpiresOn: '2031-06-30',
      feeMinor: 7_500,
      room: '12B',
      consultationMinutes: 30,
    });
    expect(res.statusCode, res.body).toBe(200);
    const got = (await call(clinic.receptionist, 'GET', `/api/doctors/${doc.doctorId}`)).json();
    expect(got).toMatchObject({
      firstName: 'Ana',
      lastName: 'Costa',
      displayName: 'Dr. Ana Costa',
      specialization: 'Paediatrics',
      // The main one first, the others by name; a repeat (any case) once.
      specialties: ['Paediatrics', 'Allergology', 'General Practice'],
      bio: 'Twenty years with children and their allergies.',
      languages: ['en', 'pt-BR'],
      licenseNumber: 'PT-778',
      licenseExpiresOn: '2031-06-30',
      feeMinor: 7_500,
      room: '12B',
      consultationMinutes: 30,
      active: true,
    });
    // The login is renamed with the profile.
    expect((await call(clinic.admin, 'GET', `/api/users/${doc.userId}`)).json()).toMatchObject({ firstName: 'Ana', lastName: 'Costa' });
    // A second specialty finds the doctor too.
    expect(await listedIds(clinic.patient, '&specialization=allergology')).toContain(doc.doctorId);

    // Clearing: bio and expiry to null, one specialty left.
    const cleared = await call(clinic.admin, 'PATCH', `/api/doctors/${doc.doctorId}`, {
      bio: null,
      licenseExpiresOn: null,
      specialties: ['Allergology'],
    });
    expect(cleared.json()).toMatchObject({
      bio: null,
      licenseExpiresOn: null,
      specialization: 'Allergology',
      specialties: ['Allergology'],
    });
    expect(await listedIds(clinic.patient, '&specialization=Paediatrics')).not.toContain(doc.doctorId);
  });

  it('refuses another doctor’s licence number (409 LICENSE_TAKEN) and blank names, changing nothing', async () => {
    const [a, b] = [await doctor(hub, clinic.location.id), await doctor(hub, clinic.location.id)];
    const licence = (await call(clinic.admin, 'GET', `/api/doctors/${b.doctorId}`)).json().licenseNumber;
    const taken = await call(clinic.admin, 'PATCH', `/api/doctors/${a.doctorId}`, { licenseNumber: licence, room: '99' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('LICENSE_TAKEN');
    const blank = await call(clinic.admin, 'PATCH', `/api/doctors/${a.doctorId}`, { lastName: '   ' });
    expect(blank.statusCode).toBe(400);
    expect((await call(clinic.admin, 'GET', `/api/doctors/${a.doctorId}`)).json().room).toBe('1');
  });
});

describe('deactivating a doctor', () => {
  it('hides them from booking but keeps their history', async () => {
    const { admin, receptionist, patient } = clinic;
    const doctorId = clinic.doctor.doctorId!;
    // History: a visit booked for tomorrow, a walk-in waiting today, an allergy the doctor recorded.
    const booked = await call(receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: patient.patientId,
      startAt: at(1, '09:00'),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const walkIn = await call(receptionist, 'POST', '/api/walk-ins', { doctorId, patientId: patient.patientId });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    const allergy = await call(clinic.doctor, 'POST', `/api/patients/${patient.patientId}/allergies`, {
      substance: 'Latex',
      severity: 'mild',
    });
    expect(allergy.statusCode, allergy.body).toBe(201);

    const off = await call(admin, 'PATCH', `/api/doctors/${doctorId}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);

    // Gone from the lists, except for an admin who asks; only admins may ask.
    expect(await listedIds(patient)).not.toContain(doctorId);
    expect(await listedIds(receptionist, `&locationId=${clinic.location.id}`)).not.toContain(doctorId);
    expect(await listedIds(admin, '&includeInactive=true')).toContain(doctorId);
    const asked = await call(receptionist, 'GET', '/api/doctors?includeInactive=true');
    expect(asked.statusCode).toBe(403);

    // No slots, no booking, no hold, no walk-in.
    const day = at(2, '00:00').slice(0, 10);
    const slots = await call(patient, 'GET', `/api/doctors/${doctorId}/availability?from=${day}&to=${day}`);
    expect(slots.json().slots).toEqual([]);
    for (const [url, payload] of [
      ['/api/appointments', { doctorId, startAt: at(2, '10:00') }],
      ['/api/appointments/weekly', { doctorId, startAt: at(2, '10:00'), occurrences: 3 }],
      ['/api/walk-ins', { doctorId, patientId: patient.patientId, allowDuplicate: true }],
    ] as const) {
      const actor = url === '/api/walk-ins' ? receptionist : patient;
      const refused = await call(actor, 'POST', url, payload);
      expect(refused.statusCode, `${url}: ${refused.body}`).toBe(409);
      expect(refused.json().code).toBe('DOCTOR_INACTIVE');
    }

    // History stays: the profile, the visits, today's queue and the record.
    expect((await call(patient, 'GET', `/api/doctors/${doctorId}`)).statusCode).toBe(200);
    const visits = await call(receptionist, 'GET', `/api/appointments?doctorId=${doctorId}`);
    const visitIds = visits.json().appointments.map((a: { id: string }) => a.id);
    expect(visitIds).toEqual(expect.arrayContaining([booked.json().id, walkIn.json().id]));
    expect((await call(receptionist, 'GET', `/api/appointments/${booked.json().id}`)).json().status).toBe('scheduled');
    const queue = await call(clinic.doctor, 'GET', `/api/doctors/${doctorId}/queue`);
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().waiting.map((w: { appointmentId: string }) => w.appointmentId)).toContain(walkIn.json().id);
    const record = await call(clinic.doctor, 'GET', `/api/patients/${patient.patientId}/record`);
    expect(record.json().allergies.map((a: { id: string }) => a.id)).toContain(allergy.json().id);

    // Back again: bookable.
    expect((await call(admin, 'PATCH', `/api/doctors/${doctorId}`, { active: true })).json().active).toBe(true);
    const again = await call(patient, 'POST', '/api/appointments', { doctorId, startAt: at(2, '10:00') });
    expect(again.statusCode, again.body).toBe(201);
  });
});
