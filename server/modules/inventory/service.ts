// The pharmacy's stock at a location: deliveries, minimum levels, adjustments and counts (each a
// ledger entry written by moveStock in the lot's transaction), and what the stock page lists.
// Reports and the reorder list are in report.ts; the daily jobs in daily.ts.
import type { Static } from 'typebox';
import type { Database } from '../../../db/mysql.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { locationZone } from '../locations/repository.js';
import { activeMedications, type MedicationRow, medicationsByIds } from '../medications/repository.js';
import { assertCanChangeStock, assertCanReadStock } from './access.js';
import { addDays, localToday } from './period.js';
import {
  findLevel,
  findLot,
  keepsStock,
  type LotRow,
  levelsAt,
  lockDeliveryLot,
  lockLot,
  lotsWithStock,
  moveStock,
  setLevel,
  stockOf,
} from './repository.js';
import type { AdjustmentBody, CountBody, InventoryQuery, LevelBody, ReceiveBody } from './schemas.js';

export const presentLot = (lot: LotRow) => ({
  id: lot.id,
  locationId: lot.locationId,
  medicationId: lot.medicationId,
  batchNumber: lot.batchNumber,
  expiresOn: lot.expiresOn,
  onHand: lot.onHand,
  unitCostMinor: lot.unitCostMinor,
  unitPriceMinor: lot.unitPriceMinor,
  supplier: lot.supplier,
});

async function activeMedication(db: Database, medicationId: string): Promise<MedicationRow> {
  const [medication] = await activeMedications(db, [medicationId]);
  if (!medication) throw new AppError(400, ErrorCode.UNKNOWN_MEDICATION, 'medicationId is not an active medicine of the catalogue');
  return medication;
}

/** A lot the actor may change (404 when there is none, 403 when it is another location's). */
async function changeableLot(db: Database, actor: UserPrincipal, lotId: string): Promise<LotRow> {
  const lot = await findLot(db, lotId);
  if (!lot) throw notFound('Lot');
  await assertCanChangeStock(db, actor, lot.locationId);
  return lot;
}

export interface StockItem {
  medication: MedicationRow;
  /** Units in unexpired lots. */
  onHand: number;
  minimum: number | null;
  lots: LotRow[];
}

/** Every medicine the location has stock of or a minimum for, by name, with today's local date. */
export async function stockItems(db: Database, locationId: string, now = new Date()): Promise<{ today: string; items: StockItem[] }> {
  const today = localToday(await locationZone(db, locationId), now);
  const [lots, levels] = await Promise.all([lotsWithStock(db, locationId), levelsAt(db, locationId)]);
  const minimums = new Map(levels.map((l) => [l.medicationId, l.minimum]));
  const ids = [...new Set([...lots.map((l) => l.medicationId), ...minimums.keys()])];
  const items = (await medicationsByIds(db, ids)).map((medication) => {
    const own = lots.filter((l) => l.medicationId === medication.id);
    const onHand = own.filter((l) => l.expiresOn >= today).reduce((sum, l) => sum + l.onHand, 0);
    return { medication, onHand, minimum: minimums.get(medication.id) ?? null, lots: own };
  });
  items.sort((a, b) => a.medication.name.localeCompare(b.medication.name) || a.medication.id.localeCompare(b.medication.id));
  return { today, items };
}

export const isLow = (item: StockItem) => item.minimum !== null && item.onHand < item.minimum;

export class InventoryService {
  constructor(private readonly db: Database) {}

  /** A delivery: a new lot, or more of the same batch and expiry; one 'received' entry in the ledger. */
  async receive(actor: UserPrincipal, body: Static<typeof ReceiveBody>) {
    await assertCanChangeStock(this.db, actor, body.locationId);
    const today = localToday(await locationZone(this.db, body.locationId));
    if (body.expiresOn < today) throw invalidField('expiresOn', 'This lot has expired already');
    await activeMedication(this.db, body.medicationId);
    const { quantity, unitCostMinor, unitPriceMinor, supplier, ...identity } = body;
    return transactionWithRetry(this.db, async (tx) => {
      const lot = await lockDeliveryLot(
        tx,
        { ...identity, batchNumber: identity.batchNumber.trim() },
        { unitCostMinor, unitPriceMinor, supplier: supplier?.trim() },
      );
      await moveStock(tx, { lotId: lot.id, delta: quantity, kind: 'received', by: actor.userId });
      return presentLot({ ...lot, onHand: lot.onHand + quantity });
    });
  }

  async list(actor: UserPrincipal, q: Static<typeof InventoryQuery>) {
    await assertCanReadStock(this.db, actor, q.locationId);
    const { today, items } = await stockItems(this.db, q.locationId);
    const horizon = q.expiringWithinDays === undefined ? null : addDays(today, q.expiringWithinDays);
    const shown = items
      .filter((item) => !q.lowStock || isLow(item))
      .map((item) => ({ ...item, lots: horizon === null ? item.lots : item.lots.filter((l) => l.expiresOn <= horizon) }))
      .filter((item) => horizon === null || item.lots.length > 0);
    return {
      items: shown.map(({ medication: m, onHand, minimum, lots }) => ({
        medicationId: m.id,
        name: m.name,
        genericName: m.genericName,
        form: m.form,
        strength: m.strength,
        onHand,
        minimum,
        lots: lots.map(({ id, batchNumber, expiresOn, onHand: quantity, unitCostMinor, unitPriceMinor, supplier }) => ({
          id,
          batchNumber,
          expiresOn,
          quantity,
          unitCostMinor,
          unitPriceMinor,
          supplier,
        })),
      })),
    };
  }

  async setLevel(actor: UserPrincipal, body: Static<typeof LevelBody>) {
    await assertCanChangeStock(this.db, actor, body.locationId);
    await activeMedication(this.db, body.medicationId);
    await setLevel(this.db, body.locationId, body.medicationId, body.minimum);
    return { locationId: body.locationId, medicationId: body.medicationId, minimum: body.minimum };
  }

  /** The level as it is before a change, for the audit log (null when there is none yet). */
  async levelBefore(actor: UserPrincipal, body: { locationId: string; medicationId: string }) {
    await assertCanChangeStock(this.db, actor, body.locationId);
    return findLevel(this.db, body.locationId, body.medicationId);
  }

  /** Units found, broken, returned: never below zero, whatever else happens to the lot at the same time. */
  async adjust(actor: UserPrincipal, body: Static<typeof AdjustmentBody>) {
    if (body.delta === 0) throw invalidField('delta', 'An adjustment must change the stock');
    await changeableLot(this.db, actor, body.lotId);
    return transactionWithRetry(this.db, async (tx) => {
      const lot = await lockLot(tx, body.lotId);
      await moveStock(tx, {
        lotId: lot.id,
        delta: body.delta,
        kind: body.kind ?? 'adjusted',
        reason: body.reason.trim(),
        by: actor.userId,
      });
      return { lotId: lot.id, delta: body.delta, onHand: lot.onHand + body.delta };
    });
  }

  /** A stock count: the adjustment that makes the lot match the shelf (nothing when it already does). */
  async count(actor: UserPrincipal, body: Static<typeof CountBody>) {
    await changeableLot(this.db, actor, body.lotId);
    return transactionWithRetry(this.db, async (tx) => {
      const lot = await lockLot(tx, body.lotId);
      const delta = body.counted - lot.onHand;
      if (delta !== 0)
        await moveStock(tx, { lotId: lot.id, delta, kind: 'adjusted', reason: body.reason?.trim() ?? 'Stock count', by: actor.userId });
      return { lotId: lot.id, delta, onHand: body.counted };
    });
  }
}

/**
 * The catalogue's stock columns at a location: null when the location keeps no stock (no lot ever),
 * else on hand and nearest expiry per medicine, 0 and null for one it does not have.
 */
export async function catalogueStock(db: Database, locationId: string, medicationIds: string[]) {
  if (!(await keepsStock(db, locationId))) return null;
  const found = await stockOf(db, locationId, medicationIds, localToday(await locationZone(db, locationId)));
  return (medicationId: string) => found.get(medicationId) ?? { onHand: 0, nearestExpiry: null };
}
