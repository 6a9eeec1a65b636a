// A clinic ready for prescribing: the bookable clinic (UTC, a doctor, staff, a patient), a
// pharmacist, and visits that have started (walk-ins are checked in at once).

import { setUserLocations } from '../../server/modules/users/repository.js';
import { type Actor, bearer, patient, staff } from './factories.js';
import { bookableClinic } from './scheduling.js';
import type { TestHub } from './test-hub.js';

export async function prescribingClinic(hub: TestHub) {
  const clinic = await bookableClinic(hub);
  const pharmacist = await staff(hub, 'pharmacist');
  // The pharmacy of the clinic's location: pharmacists read that location's prescriptions only.
  await setUserLocations(hub.app.db, pharmacist.userId!, [clinic.location.id]);
  return { ...clinic, pharmacist };
}
export type PrescribingClinic = Awaited<ReturnType<typeof prescribingClinic>>;

/** A walk-in of the patient with the clinic's doctor: checked in, so a prescription may be written. */
export async function startedVisit(hub: TestHub, clinic: PrescribingClinic, patientId = clinic.patient.patientId): Promise<string> {
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/walk-ins',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId, allowDuplicate: true },
  });
  if (res.statusCode !== 201) throw new Error(`walk-in: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A patient with a portal login and these recorded allergies. */
export const allergicPatient = (hub: TestHub, allergies: string[]) => patient(hub, true, { allergies });

/** The catalogue id of a medicine, found the way a prescriber finds it (typeahead). */
export async function medicationId(hub: TestHub, actor: Actor, query: string, strength?: string): Promise<string> {
  const res = await hub.app.inject({
    method: 'GET',
    url: `/api/medications?query=${encodeURIComponent(query)}`,
    headers: bearer(actor.token),
  });
  const found = (res.json().medications as { id: string; strength: string }[]).find((m) => !strength || m.strength === strength);
  if (!found) throw new Error(`no medicine for "${query}" ${strength ?? ''}: ${res.body}`);
  return found.id;
}

export const item = (medId: string, extra: Record<string, unknown> = {}) => ({
  medicationId: medId,
  dose: '1 tablet',
  frequency: 'three times daily',
  durationDays: 7,
  quantity: 21,
  ...extra,
});
