// The access matrix's rows for the pharmacy (issue 15): the queue is read by the location's
// pharmacists and admins; dispense, hold, release and close are the location's pharmacists' only.
// Each change gets a freshly signed prescription, so every caller's answer is about its role. (A
// pharmacist of another location is refused too: tests/integration/pharmacy/access-and-live.test.ts.)
import type { Endpoint } from '../../support/access-matrix.js';
import type { Actor } from '../../support/factories.js';
import type { PrescriptionMaker } from '../../support/prescription-objects.js';
import { receiveLot, setLocations } from '../../support/stock.js';
import type { TestHub } from '../../support/test-hub.js';

export interface PharmacyWorld {
  make: PrescriptionMaker;
  locationId: string;
}

/** Ties the matrix's pharmacist to the clinic's location and stocks the medicine its prescriptions name. */
export async function pharmacyWorld(hub: TestHub, pharmacist: Actor, make: PrescriptionMaker, locationId: string, medicationId: string) {
  await setLocations(hub, pharmacist, [locationId]);
  await receiveLot(hub, { locationId, medicationId, quantity: 1_000 });
  return { make, locationId };
}

export function pharmacyEndpoints(world: () => PharmacyWorld): Endpoint[] {
  // The body of a dispense names an item of the prescription its URL was made for.
  let itemId = '';
  const fresh = async (action: string) => {
    const rx = await world().make.signed();
    itemId = (rx as unknown as { items: { id: string }[] }).items[0]!.id;
    return `/api/prescriptions/${rx.id}/${action}`;
  };
  return [
    {
      name: 'GET /api/pharmacy/queue',
      method: 'GET',
      url: () => `/api/pharmacy/queue?locationId=${world().locationId}`,
      allowed: ['admin', 'pharmacist'],
    },
    {
      name: 'POST /api/prescriptions/:id/dispense',
      method: 'POST',
      url: () => fresh('dispense'),
      body: () => ({ items: [{ itemId, quantity: 1 }] }),
      allowed: ['pharmacist'],
    },
    {
      name: 'POST /api/prescriptions/:id/hold',
      method: 'POST',
      url: () => fresh('hold'),
      body: () => ({ reason: 'Matrix hold' }),
      allowed: ['pharmacist'],
    },
    { name: 'POST /api/prescriptions/:id/release', method: 'POST', url: () => fresh('release'), body: () => ({}), allowed: ['pharmacist'] },
    {
      name: 'POST /api/prescriptions/:id/close',
      method: 'POST',
      url: () => fresh('close'),
      body: () => ({ reason: 'Matrix close' }),
      allowed: ['pharmacist'],
    },
  ];
}
