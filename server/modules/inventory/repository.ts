// The stock tables, owned here: lots, the ledger of movements and minimum levels. Every change of
// a lot's on-hand goes through moveStock(), which writes the ledger entry in the same transaction
// and can never take a lot below zero (a conditional UPDATE, backed by the table's CHECK).
// Dispensing (pharmacy module) locks the lots it takes from with lockPickableLots().
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { inventoryLots, type StockMovementKind, stockLevels, stockMovements } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';

type Reader = Database | Tx;
/** The most one lot may hold: far below the column's 2^31, so no sum of deltas overflows it. */
export const MAX_ON_HAND = 100_000_000;
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
    .where(
      and(
        eq(inventoryLots.id, m.lotId),
        gte(sql`${inventoryLots.onHand} + ${m.delta}`, 0),
        lte(sql`${inventoryLots.onHand} + ${m.delta}`, MAX_ON_HAND),
      ),
    );
  const [lot] = await tx
    .select({ locationId: inventoryLots.locationId, medicationId: inventoryLots.medicationId, onHand: inventoryLots.onHand })
    .from(inventoryLots)
    .where(eq(inventoryLots.id, m.lotId));
  if (!lot) throw new AppError(404, ErrorCode.NOT_FOUND, 'No such lot');
  if (result.affectedRows !== 1 && lot.onHand + m.delta > MAX_ON_HAND)
    throw new AppError(400, ErrorCode.VALIDATION_FAILED, `A lot holds at most ${MAX_ON_HAND} units`, { field: 'quantity', lotId: m.lotId });
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

// ── Reads and writes behind the stock routes, the report and the daily jobs ─────────────────

/**
 * The lot of this delivery (same location, medicine, batch and expiry), made with nothing on hand
 * when it is new, and locked. Two deliveries of a new batch at once meet on the unique key: the
 * second finds the first's row instead of failing.
 */
export async function lockDeliveryLot(
  tx: Tx,
  d: { locationId: string; medicationId: string; batchNumber: string; expiresOn: string },
  prices: { unitCostMinor?: number; unitPriceMinor?: number; supplier?: string },
): Promise<LotRow> {
  await tx
    .insert(inventoryLots)
    .values({ id: newId(), ...d, onHand: 0, ...prices })
    .onDuplicateKeyUpdate({ set: { id: sql`${inventoryLots.id}` } });
  const where = and(
    eq(inventoryLots.locationId, d.locationId),
    eq(inventoryLots.medicationId, d.medicationId),
    eq(inventoryLots.batchNumber, d.batchNumber),
    eq(inventoryLots.expiresOn, d.expiresOn),
  );
  const [lot] = await tx.select().from(inventoryLots).where(where).for('update');
  // A later delivery of the same batch may come at another cost or price: the lot keeps the latest.
  const given = Object.fromEntries(Object.entries(prices).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length) await tx.update(inventoryLots).set(given).where(eq(inventoryLots.id, lot!.id));
  return { ...lot!, ...given };
}

export async function findLot(db: Reader, lotId: string): Promise<LotRow | null> {
  const [lot] = await db.select().from(inventoryLots).where(eq(inventoryLots.id, lotId));
  return lot ?? null;
}

/** Every lot at a location that still has stock (expired ones too, until the expiry job clears them). */
export function lotsWithStock(db: Reader, locationId: string): Promise<LotRow[]> {
  return db
    .select()
    .from(inventoryLots)
    .where(and(eq(inventoryLots.locationId, locationId), gt(inventoryLots.onHand, 0)))
    .orderBy(asc(inventoryLots.medicationId), asc(inventoryLots.expiresOn), asc(inventoryLots.id));
}

/** Whether the location keeps stock at all (has ever received a lot). */
export async function keepsStock(db: Reader, locationId: string): Promise<boolean> {
  const [row] = await db.select({ id: inventoryLots.id }).from(inventoryLots).where(eq(inventoryLots.locationId, locationId)).limit(1);
  return row !== undefined;
}

export function levelsAt(db: Reader, locationId: string) {
  return db
    .select({ medicationId: stockLevels.medicationId, minimum: stockLevels.minimum })
    .from(stockLevels)
    .where(eq(stockLevels.locationId, locationId));
}

export async function setLevel(db: Reader, locationId: string, medicationId: string, minimum: number): Promise<void> {
  await db.insert(stockLevels).values({ locationId, medicationId, minimum }).onDuplicateKeyUpdate({ set: { minimum } });
}

export async function findLevel(db: Reader, locationId: string, medicationId: string) {
  const [row] = await db
    .select({ locationId: stockLevels.locationId, medicationId: stockLevels.medicationId, minimum: stockLevels.minimum })
    .from(stockLevels)
    .where(and(eq(stockLevels.locationId, locationId), eq(stockLevels.medicationId, medicationId)));
  return row ?? null;
}

export interface MovementFilter {
  locationId: string;
  medicationId?: string;
  from: Date;
  to: Date;
  limit: number;
}

/** Ledger entries at a location in [from, to), newest first. */
export function movementsAt(db: Reader, f: MovementFilter) {
  return db
    .select()
    .from(stockMovements)
    .where(
      and(
        eq(stockMovements.locationId, f.locationId),
        f.medicationId ? eq(stockMovements.medicationId, f.medicationId) : undefined,
        gte(stockMovements.at, f.from),
        lt(stockMovements.at, f.to),
      ),
    )
    .orderBy(desc(stockMovements.at), desc(stockMovements.id))
    .limit(f.limit);
}

/** Net units per medicine and kind moved at a location in [from, to). */
export async function movementTotals(db: Reader, locationId: string, from: Date, to: Date) {
  const rows = await db
    .select({
      medicationId: stockMovements.medicationId,
      kind: stockMovements.kind,
      units: sql<number>`cast(sum(${stockMovements.delta}) as signed)`,
    })
    .from(stockMovements)
    .where(and(eq(stockMovements.locationId, locationId), gte(stockMovements.at, from), lt(stockMovements.at, to)))
    .groupBy(stockMovements.medicationId, stockMovements.kind);
  return rows.map((r) => ({ ...r, units: Number(r.units) }));
}

/** Lots past their expiry date (before `today`) that still hold stock, at a location. */
export function expiredLotsWithStock(db: Reader, locationId: string, today: string) {
  return db
    .select({ id: inventoryLots.id })
    .from(inventoryLots)
    .where(and(eq(inventoryLots.locationId, locationId), lt(inventoryLots.expiresOn, today), gt(inventoryLots.onHand, 0)));
}

/** The sum of a lot's ledger entries (what its on-hand must equal). */
export async function ledgerSum(db: Reader, lotId: string): Promise<number> {
  const [row] = await db
    .select({ sum: sql<number>`cast(coalesce(sum(${stockMovements.delta}), 0) as signed)` })
    .from(stockMovements)
    .where(eq(stockMovements.lotId, lotId));
  return Number(row?.sum ?? 0);
}
