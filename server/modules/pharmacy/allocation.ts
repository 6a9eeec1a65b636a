// Which lots a dispense takes from: the named lot, or the first-expiring usable lots, spanning as
// many as it takes. Pure (the lots come locked from the caller), so the rule is tested on its own.
import { AppError, ErrorCode } from '../../errors.js';

export interface PickableLot {
  id: string;
  expiresOn: string;
  onHand: number;
  unitPriceMinor: number | null;
}

export interface Take {
  lotId: string;
  quantity: number;
  unitPriceMinor: number | null;
}

/**
 * Takes `quantity` from `lots` (first-expiring first: the caller passes them sorted), counting
 * what earlier lines of the same dispense already took (`taken`, updated). 409 INSUFFICIENT_STOCK
 * when the lots together are short.
 */
export function takeFirstExpiring(lots: PickableLot[], quantity: number, taken: Map<string, number>, medicationId: string): Take[] {
  const free = (lot: PickableLot) => lot.onHand - (taken.get(lot.id) ?? 0);
  const available = lots.reduce((sum, lot) => sum + Math.max(0, free(lot)), 0);
  if (available < quantity)
    throw new AppError(409, ErrorCode.INSUFFICIENT_STOCK, `Only ${available} unexpired on hand here`, { medicationId, onHand: available });
  const takes: Take[] = [];
  let left = quantity;
  for (const lot of lots) {
    const q = Math.min(Math.max(0, free(lot)), left);
    if (!q) continue;
    takes.push({ lotId: lot.id, quantity: q, unitPriceMinor: lot.unitPriceMinor });
    taken.set(lot.id, (taken.get(lot.id) ?? 0) + q);
    left -= q;
    if (!left) break;
  }
  return takes;
}
