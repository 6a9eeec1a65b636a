// Prescriptions in each state, made through the HTTP API the way the clinic makes them: a draft
// written by the treating doctor for a started visit, the same signed, and a refill request the
// patient sends for a signed one. For tests that need a fresh object per call (access, audit).
import { type Actor, bearer } from './factories.js';
import { item } from './prescribing.js';
import type { TestHub } from './test-hub.js';

export interface PrescriptionParties {
  receptionist: Actor;
  doctor: Actor;
  patient: Actor & { patientId: string };
}

/** Makes prescriptions for `parties.patient` by `parties.doctor` with one item of `medicationId`. */
export function prescriptionMaker(hub: TestHub, parties: PrescriptionParties, medicationId: string) {
  const send = async (actor: Actor, url: string, payload?: object, expected = 201) => {
    const res = await hub.app.inject({ method: 'POST', url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
    if (res.statusCode !== expected) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const visit = async (doctor = parties.doctor, patientId = parties.patient.patientId): Promise<string> =>
    (await send(parties.receptionist, '/api/walk-ins', { doctorId: doctor.doctorId, patientId, allowDuplicate: true })).id;

  let visitId: string | null = null;
  const draft = async (content: object = {}): Promise<{ id: string; number: string }> => {
    visitId ??= await visit();
    return send(parties.doctor, `/api/appointments/${visitId}/prescriptions`, { items: [item(medicationId)], refills: 1, ...content });
  };
  const signed = async (content: object = {}): Promise<{ id: string; number: string; verifyUrl: string }> =>
    send(parties.doctor, `/api/prescriptions/${(await draft(content)).id}/sign`, undefined, 200);
  const refillRequest = async (): Promise<{ id: string; prescriptionId: string }> =>
    send(parties.patient, `/api/prescriptions/${(await signed()).id}/refill-requests`, { note: 'Running low' });

  return { visit, draft, signed, refillRequest };
}
export type PrescriptionMaker = ReturnType<typeof prescriptionMaker>;
