// A clinic for the notes' privacy tests: the author and a second care-team doctor, two nurses of
// the location, a nurse and a doctor with no tie to the patient, staff, the patient and another
// patient, and notes of every privacy level. Nurses are made here (login + location) because the
// nurse factory arrives with the record's helper; made through the users repository, as the
// factories make staff.
import { insertLogin, setUserLocations } from '../../../server/modules/users/repository.js';
import { type Actor, bearer, createLocation, doctor, login, PASSWORD, patient } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import type { TestHub } from '../../support/test-hub.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export type NurseActor = Omit<Actor, 'role'> & { role: 'nurse'; userId: string };

export async function nurse(hub: TestHub, locationId: string): Promise<NurseActor> {
  const email = `nurse.${unique()}@test.example`;
  const userId = await insertLogin(hub.app.db, { email, password: PASSWORD, role: 'nurse', firstName: 'Nina', lastName: 'Nurse' });
  await setUserLocations(hub.app.db, userId, [locationId]);
  const tokens = await login(hub, email);
  return { role: 'nurse', token: tokens.accessToken, email, userId };
}

export type Caller = { token: string; userId?: string };
export const send = (hub: TestHub, who: Caller, method: 'POST' | 'PUT' | 'GET', url: string, payload?: object, headers: object = {}) =>
  hub.app.inject({ method, url, headers: { ...bearer(who.token), ...headers }, ...(payload ? { payload } : {}) });

/** A SOAP note whose assessment says `marker` (every note of the world is found by searching "Zebrafinch"). */
export const soapNote = (marker: string, extra: object = {}) => ({
  subjective: `Subjective ${marker}`,
  objective: { text: `Objective ${marker}` },
  assessment: { text: `Zebrafinch ${marker}`, diagnoses: [{ code: 'J20.9', description: `Bronchitis ${marker}` }] },
  plan: { text: `Plan ${marker}` },
  ...extra,
});

export async function privacyWorld(hub: TestHub) {
  const clinic = await bookableClinic(hub);
  const author = clinic.doctor;
  const pid = clinic.patient.patientId;
  let day = 1;
  const book = async (doctorId: string) => {
    const res = await send(hub, clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: pid,
      startAt: at(day++, '09:00'),
    });
    if (res.statusCode !== 201) throw new Error(`booking: ${res.body}`);
    return res.json().id as string;
  };
  // A second doctor of the care team: working hours, and a visit with the patient.
  const teamDoctor = await doctor(hub, clinic.location.id);
  const schedule = await send(hub, clinic.admin, 'PUT', `/api/doctors/${teamDoctor.doctorId}/schedule`, {
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: clinic.location.id })),
  });
  if (schedule.statusCode !== 200) throw new Error(`schedule: ${schedule.body}`);
  await book(teamDoctor.doctorId!);
  const elsewhere = await createLocation(hub);
  const people = {
    author,
    teamDoctor,
    nurse: await nurse(hub, clinic.location.id),
    namedNurse: await nurse(hub, clinic.location.id),
    otherNurse: await nurse(hub, elsewhere.id),
    /** No visit with the patient, though the author names them on the highly sensitive note. */
    unrelatedDoctor: await doctor(hub, clinic.location.id),
    admin: clinic.admin,
    receptionist: clinic.receptionist,
    patient: clinic.patient,
    otherPatient: await patient(hub),
  };
  const write = async (marker: string, extra: object, edits: object[] = []) => {
    const visit = await book(author.doctorId!);
    const res = await send(hub, author, 'POST', `/api/appointments/${visit}/notes`, soapNote(marker, extra));
    if (res.statusCode !== 201) throw new Error(`note: ${res.body}`);
    let version = 1;
    for (const edit of edits) {
      const next = await send(hub, author, 'PUT', `/api/notes/${res.json().id}`, { ...soapNote(marker), ...edit, baseVersion: version++ });
      if (next.statusCode !== 200) throw new Error(`version: ${next.body}`);
    }
    return { id: res.json().id as string, visit };
  };
  const notes = {
    /** Standard, final and shared; then a draft whose chief complaint only the care team sees. */
    standard: await write('standard-one', { final: true, shareWithPatient: true, chiefComplaint: 'Cough' }, [
      { chiefComplaint: 'Draftonlyword cough' },
    ]),
    sensitive: await write('sensitive-one', { privacy: 'sensitive', chiefComplaint: 'Low mood' }),
    highly: await write('highly-one', {
      privacy: 'highly_sensitive',
      sharedWithUserIds: [people.namedNurse.userId, people.unrelatedDoctor.userId],
    }),
    highlyShared: await write('highly-shared', { privacy: 'highly_sensitive', final: true, shareWithPatient: true }),
  };
  return { clinic, people, notes, pid, book };
}
export type PrivacyWorld = Awaited<ReturnType<typeof privacyWorld>>;
