// A clinic ready for dispensing: the prescribing clinic, a pharmacist working at its location and
// one working elsewhere, signed prescriptions made through the HTTP API, and the dispense call.
import { type Actor, bearer, createLocation } from './factories.js';
import { item, prescribingClinic, startedVisit } from './prescribing.js';
import { pharmacistAt } from './stock.js';
import type { TestHub } from './test-hub.js';

export async function dispensingClinic(hub: TestHub) {
  const clinic = await prescribingClinic(hub);
  const elsewhere = await createLocation(hub, 'UTC');
  return {
    ...clinic,
    pharmacist: await pharmacistAt(hub, clinic.location.id),
    otherPharmacist: await pharmacistAt(hub, elsewhere.id),
    elsewhere,
  };
}
export type DispensingClinic = Awaited<ReturnType<typeof dispensingClinic>>;

export interface SignedRx {
  id: string;
  number: string;
  patientId: string;
  doctorId: string;
  appointmentId: string;
  status: string;
  fillsRemaining: number;
  items: { id: string; medicationId: string; quantity: number }[];
}

/** A signed prescription at the clinic's location: items are [medicationId, quantity] pairs. */
export async function signedRx(hub: TestHub, clinic: DispensingClinic, items: [string, number][], refills = 0): Promise<SignedRx> {
  const visitId = await startedVisit(hub, clinic);
  const send = async (url: string, payload?: object) => {
    const res = await hub.app.inject({ method: 'POST', url, headers: bearer(clinic.doctor.token), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const draft = await send(`/api/appointments/${visitId}/prescriptions`, {
    items: items.map(([medId, quantity]) => item(medId, { quantity })),
    refills,
  });
  return send(`/api/prescriptions/${draft.id}/sign`);
}

export interface DispenseItem {
  itemId: string;
  quantity: number;
  lotId?: string;
  substituteMedicationId?: string;
  substitutionReason?: string;
}

export function dispense(hub: TestHub, actor: Actor, prescriptionId: string, items: DispenseItem[], key?: string) {
  return hub.app.inject({
    method: 'POST',
    url: `/api/prescriptions/${prescriptionId}/dispense`,
    headers: { ...bearer(actor.token), ...(key ? { 'idempotency-key': key } : {}) },
    payload: { items },
  });
}

/** POST /api/prescriptions/:id/{hold,release,close} with a reason (none for release). */
export function pharmacyAction(hub: TestHub, actor: Actor, prescriptionId: string, action: 'hold' | 'release' | 'close', reason?: string) {
  return hub.app.inject({
    method: 'POST',
    url: `/api/prescriptions/${prescriptionId}/${action}`,
    headers: bearer(actor.token),
    payload: reason === undefined ? {} : { reason },
  });
}

/** The whole current fill of every item, from the first-expiring lots. */
export const everything = (rx: SignedRx): DispenseItem[] => rx.items.map((i) => ({ itemId: i.id, quantity: i.quantity }));
