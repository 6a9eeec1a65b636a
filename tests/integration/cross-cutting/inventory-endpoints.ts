// The access matrix's rows for pharmacy stock (issue 15): the location's pharmacist reads and
// changes it, admins read it, everyone else is refused. inventoryWorld() ties the matrix's
// pharmacist to the clinic's location and gives it a lot to adjust and count.
import { setUserLocations } from '../../../server/modules/users/repository.js';
import type { Caller, Endpoint } from '../../support/access-matrix.js';
import type { Actor } from '../../support/factories.js';
import { inDays, receive } from '../../support/inventory.js';
import { medicationId } from '../../support/prescribing.js';
import type { TestHub } from '../../support/test-hub.js';

export interface InventoryWorld {
  locationId: string;
  medicationId: string;
  lotId: string;
}

export async function inventoryWorld(hub: TestHub, admin: Actor, pharmacist: Actor, locationId: string): Promise<InventoryWorld> {
  await setUserLocations(hub.app.db, pharmacist.userId!, [locationId]);
  const medId = await medicationId(hub, admin, 'paracetamol');
  const lot = await receive(hub, pharmacist, { locationId, medicationId: medId, quantity: 100 });
  return { locationId, medicationId: medId, lotId: lot.id };
}

let n = 0;
const READERS: Caller[] = ['admin', 'pharmacist'];
const WRITERS: Caller[] = ['pharmacist'];

export function inventoryEndpoints(world: () => InventoryWorld): Endpoint[] {
  const w = world;
  const read = (path: string): Endpoint => ({
    name: `GET /api/inventory${path}`,
    method: 'GET',
    url: () => `/api/inventory${path}?locationId=${w().locationId}`,
    allowed: READERS,
  });
  return [
    read(''),
    read('/movements'),
    read('/reorder'),
    read('/report'),
    {
      name: 'POST /api/inventory/lots',
      method: 'POST',
      url: () => '/api/inventory/lots',
      body: () => ({
        locationId: w().locationId,
        medicationId: w().medicationId,
        batchNumber: `M-${n++}`,
        expiresOn: inDays(100),
        quantity: 1,
      }),
      allowed: WRITERS,
    },
    {
      name: 'PUT /api/inventory/levels',
      method: 'PUT',
      url: () => '/api/inventory/levels',
      body: () => ({ locationId: w().locationId, medicationId: w().medicationId, minimum: 10 }),
      allowed: WRITERS,
    },
    {
      name: 'POST /api/inventory/adjustments',
      method: 'POST',
      url: () => '/api/inventory/adjustments',
      body: () => ({ lotId: w().lotId, delta: 1, reason: 'Found on the shelf' }),
      allowed: WRITERS,
    },
    {
      name: 'POST /api/inventory/counts',
      method: 'POST',
      url: () => '/api/inventory/counts',
      body: () => ({ lotId: w().lotId, counted: 100 }),
      allowed: WRITERS,
    },
  ];
}
