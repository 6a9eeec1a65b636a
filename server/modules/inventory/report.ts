// What a location's stock adds up to: the reorder list (medicines below their minimum), the ledger
// for a period, and the stock report (value on hand, units moved per kind, dispensed per medicine).
import type { Static } from 'typebox';
import type { Database } from '../../../db/mysql.js';
import { STOCK_MOVEMENT_KINDS, type StockMovementKind } from '../../../db/schema/index.js';
import type { UserPrincipal } from '../auth/principal.js';
import { locationZone } from '../locations/repository.js';
import { medicationsByIds } from '../medications/repository.js';
import { assertCanReadStock } from './access.js';
import { localPeriod } from './period.js';
import { movementsAt, movementTotals } from './repository.js';
import type { MovementsQuery, PeriodQuery } from './schemas.js';
import { isLow, stockItems } from './service.js';

/** The most ledger entries one request lists. */
export const MOVEMENTS_LIMIT = 1_000;

/** Medicines below their minimum, with what to order to reach twice the minimum (there is no maximum level). */
export async function reorderList(db: Database, actor: UserPrincipal, locationId: string) {
  await assertCanReadStock(db, actor, locationId);
  const { items } = await stockItems(db, locationId);
  return {
    items: items.filter(isLow).map(({ medication, onHand, minimum }) => ({
      medicationId: medication.id,
      name: medication.name,
      onHand,
      minimum: minimum!,
      suggested: 2 * minimum! - onHand,
    })),
  };
}

export async function movementList(db: Database, actor: UserPrincipal, q: Static<typeof MovementsQuery>) {
  await assertCanReadStock(db, actor, q.locationId);
  const period = localPeriod(await locationZone(db, q.locationId), q);
  const rows = await movementsAt(db, { locationId: q.locationId, medicationId: q.medicationId, ...period, limit: MOVEMENTS_LIMIT });
  return {
    movements: rows.map((m) => ({
      id: m.id,
      lotId: m.lotId,
      medicationId: m.medicationId,
      delta: m.delta,
      kind: m.kind,
      reason: m.reason,
      by: m.by,
      at: m.at.toISOString(),
    })),
  };
}

export async function stockReport(db: Database, actor: UserPrincipal, q: Static<typeof PeriodQuery>) {
  await assertCanReadStock(db, actor, q.locationId);
  const period = localPeriod(await locationZone(db, q.locationId), q);
  const [{ today, items }, totals] = await Promise.all([
    stockItems(db, q.locationId),
    movementTotals(db, q.locationId, period.from, period.to),
  ]);
  const stockValueMinor = items
    .flatMap((item) => item.lots)
    .filter((lot) => lot.expiresOn >= today)
    .reduce((sum, lot) => sum + lot.onHand * (lot.unitCostMinor ?? 0), 0);
  const movements = Object.fromEntries(STOCK_MOVEMENT_KINDS.map((k) => [k, 0])) as Record<StockMovementKind, number>;
  const dispensedUnits = new Map<string, number>();
  for (const t of totals) {
    movements[t.kind] += t.units;
    if (t.kind === 'dispensed') dispensedUnits.set(t.medicationId, -t.units);
  }
  const names = new Map((await medicationsByIds(db, [...dispensedUnits.keys()])).map((m) => [m.id, m.name]));
  const dispensed = [...dispensedUnits]
    .filter(([, quantity]) => quantity > 0)
    .map(([medicationId, quantity]) => ({ medicationId, name: names.get(medicationId) ?? '', quantity }))
    .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
  return { stockValueMinor, movements, dispensed };
}
