// The stock tables, owned here: lots, the ledger of movements and minimum levels. Every change of
// a lot's on-hand goes through moveStock(), which writes the ledger entry in the same transaction
// and can never take a lot below zero (a conditional UPDATE, backed by the table's CHECK).
// Dispensing (pharmacy module) locks the lots it takes from with lockPickableLots().
import { and, asc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { inventoryLots, type StockMovementKind, stockMovements } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';

type Reader = Database | Tx;
export type LotRow = typeof inventoryLots.$inferSelect;

export interface Movement {
  lotId: string;
  delta: number;
  kind: StockMovementKind;
  reason?: string | null;
  dispenseId?: string | null;
  /** The user who moved it; null for the worker. */
  by: string | null;
}

/**
 * Changes one lot's on-hand by `delta` and appends the ledger entry, inside the caller's
 * transaction. A decrease the lot cannot cover changes nothing and answers 409 INSUFFICIENT_STOCK
 * (details: lotId, onHand), whatever the concurrency: the UPDATE's condition is checked against the
 * row as it is when the update runs.
 */
export async function moveStock(tx: Tx, m: Movement, at = new Date()): Promise<void> {
  const [result] = await tx
    .update(inventoryLots)
    .set({ onHand: sql`${inventoryLots.onHand} + ${m.delta}` })
    .where(and(eq(inventoryLots.id, m.lotId), gte(sql`${inventoryLots.onHand} + ${m.delta}`, 0)));
  const [lot] = await tx
    .select({ locationId: inventoryLots.locationId, medicationId: inventoryLots.medicationId, onHand: inventoryLots.onHand })
    .from(inventoryLots)
    .where(eq(inventoryLots.id, m.lotId));
  if (!lot) throw new AppError(404, ErrorCode.NOT_FOUND, 'No such lot');
  if (result.affectedRows !== 1)
    throw new AppError(409, ErrorCode.INSUFFICIENT_STOCK, `The lot has ${lot.onHand} on hand`, { lotId: m.lotId, onHand: lot.onHand });
  await tx.insert(stockMovements).values({
    id: newId(),
    lotId: m.lotId,
    locationId: lot.locationId,
    medicationId: lot.medicationId,
    delta: m.delta,
    kind: m.kind,
    reason: m.reason ?? null,
    dispenseId: m.dispenseId ?? null,
    by: m.by,
    at,
  });
}

/**
 * The lots of a medicine at a location that can be dispensed from on `today` (not expired, some on
 * hand), first-expiring first, locked until the caller's transaction ends. Take these locks in
 * medication-id order when several medicines are dispensed at once, so two dispenses never
 * deadlock on each other's lots.
 */
export function lockPickableLots(tx: Tx, locationId: string, medicationId: string, today: string): Promise<LotRow[]> {
  return tx
    .select()
    .from(inventoryLots)
    .where(
      and(
        eq(inventoryLots.locationId, locationId),
        eq(inventoryLots.medicationId, medicationId),
        gte(inventoryLots.expiresOn, today),
        gt(inventoryLots.onHand, 0),
      ),
    )
    .orderBy(asc(inventoryLots.expiresOn), asc(inventoryLots.id))
    .for('update');
}

/** One lot, locked (404 when there is none). */
export async function lockLot(tx: Tx, lotId: string): Promise<LotRow> {
  const [lot] = await tx.select().from(inventoryLots).where(eq(inventoryLots.id, lotId)).for('update');
  if (!lot) throw new AppError(404, ErrorCode.NOT_FOUND, 'No such lot');
  return lot;
}

/** On hand and nearest expiry of unexpired lots, per medicine, at a location (the prescriber's typeahead). */
export async function stockOf(db: Reader, locationId: string, medicationIds: string[], today: string) {
  if (!medicationIds.length) return new Map<string, { onHand: number; nearestExpiry: string | null }>();
  const rows = await db
    .select({
      medicationId: inventoryLots.medicationId,
      onHand: sql<number>`cast(sum(${inventoryLots.onHand}) as signed)`,
      nearestExpiry: sql<string | null>`min(case when ${inventoryLots.onHand} > 0 then ${inventoryLots.expiresOn} end)`,
    })
    .from(inventoryLots)
    .where(
      and(
        eq(inventoryLots.locationId, locationId),
        inArray(inventoryLots.medicationId, medicationIds),
        gte(inventoryLots.expiresOn, today),
      ),
    )
    .groupBy(inventoryLots.medicationId);
  return new Map(rows.map((r) => [r.medicationId, { onHand: Number(r.onHand), nearestExpiry: r.nearestExpiry }]));
}
