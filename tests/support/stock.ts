// Stock for tests: a lot received at a location the way a delivery is booked (a ledger movement
// 'received' through moveStock, the only writer of on-hand), pharmacists tied to locations, and
// the ledger read back to check it against on-hand.
import { eq, sql } from 'drizzle-orm';
import { newId } from '../../db/ids.js';
import { inventoryLots, stockMovements } from '../../db/schema/index.js';
import { moveStock } from '../../server/modules/inventory/repository.js';
import { setUserLocations } from '../../server/modules/users/repository.js';
import { type Actor, staff } from './factories.js';
import { inDays } from './inventory.js';
import type { TestHub } from './test-hub.js';

export interface LotSpec {
  locationId: string;
  medicationId: string;
  quantity: number;
  /** YYYY-MM-DD; a year ahead by default. */
  expiresOn?: string;
  unitPriceMinor?: number;
  batchNumber?: string;
}

let batches = 0;

/** Books a delivery: an empty lot, then a 'received' movement of `quantity`. Returns the lot id. */
export async function receiveLot(hub: TestHub, spec: LotSpec): Promise<string> {
  const id = newId();
  await hub.app.db.transaction(async (tx) => {
    await tx.insert(inventoryLots).values({
      id,
      locationId: spec.locationId,
      medicationId: spec.medicationId,
      batchNumber: spec.batchNumber ?? `B-${++batches}-${id.slice(-6)}`,
      expiresOn: spec.expiresOn ?? inDays(365),
      onHand: 0,
      unitCostMinor: 50,
      unitPriceMinor: spec.unitPriceMinor ?? 120,
      supplier: 'Test Supplier',
    });
    await moveStock(tx, { lotId: id, delta: spec.quantity, kind: 'received', reason: 'delivery', by: null });
  });
  return id;
}

/** A lot's on-hand and the sum of its ledger entries (they must agree). */
export async function lotBalance(hub: TestHub, lotId: string): Promise<{ onHand: number; ledger: number; dispensed: number }> {
  const [lot] = await hub.app.db.select({ onHand: inventoryLots.onHand }).from(inventoryLots).where(eq(inventoryLots.id, lotId));
  const [sums] = await hub.app.db
    .select({
      ledger: sql<number>`cast(coalesce(sum(${stockMovements.delta}), 0) as signed)`,
      dispensed: sql<number>`cast(coalesce(sum(case when ${stockMovements.kind} = 'dispensed' then -${stockMovements.delta} else 0 end), 0) as signed)`,
    })
    .from(stockMovements)
    .where(eq(stockMovements.lotId, lotId));
  return { onHand: lot!.onHand, ledger: Number(sums!.ledger), dispensed: Number(sums!.dispensed) };
}

/** The locations a staff login works at, from now on. */
export const setLocations = (hub: TestHub, actor: Actor, locationIds: string[]) => setUserLocations(hub.app.db, actor.userId!, locationIds);

/** A pharmacist who works at these locations. */
export async function pharmacistAt(hub: TestHub, ...locationIds: string[]): Promise<Actor> {
  const actor = await staff(hub, 'pharmacist');
  await setLocations(hub, actor, locationIds);
  return actor;
}
