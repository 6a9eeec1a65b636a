// What the stock page shows of a location, read together and again on demand (after a delivery,
// an adjustment, a count, a new minimum, a dispense or a stock alert): every medicine kept with
// its lots, those below their minimum, those with a lot expiring soon, the reorder list and the
// latest movements of the ledger.

import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Inventory, MovementList, ReorderList } from '../../lib/contract';

/** "Expiring soon" on the stock page: within this many days. */
export const EXPIRING_WITHIN_DAYS = 60;

export interface StockView {
  all: Inventory['items'];
  low: Inventory['items'];
  expiring: Inventory['items'];
  reorder: ReorderList['items'];
  movements: MovementList['movements'];
}

export function useStock(locationId: string, refreshKey: number) {
  const [stock, setStock] = useState<StockView | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    const at = encodeURIComponent(locationId);
    try {
      const [all, low, expiring, reorder, movements] = await Promise.all([
        api<Inventory>('GET', `/api/inventory?locationId=${at}`),
        api<Inventory>('GET', `/api/inventory?locationId=${at}&lowStock=true`),
        api<Inventory>('GET', `/api/inventory?locationId=${at}&expiringWithinDays=${EXPIRING_WITHIN_DAYS}`),
        api<ReorderList>('GET', `/api/inventory/reorder?locationId=${at}`),
        api<MovementList>('GET', `/api/inventory/movements?locationId=${at}`),
      ]);
      setStock({ all: all.items, low: low.items, expiring: expiring.items, reorder: reorder.items, movements: movements.movements });
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [locationId]);

  // Another location: nothing of the last one stays on screen while this one is read.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the location is the reason to clear
  useEffect(() => setStock(null), [locationId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the reason to read again
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);

  return { stock, error, reload };
}
