// The dispense dialog's rules, apart from its markup: which lots may be offered (unexpired by the
// location's calendar, with stock, first-expiring first), what each item starts at (all that
// remains, from the first-expiring lot when it holds enough), and the request a filled-in form
// makes, or the sentence saying why it cannot be sent yet.
import type { DispenseLineInput, Medication, QueueItem, StockItem, StockLot } from '../../lib/contract';
import { dateIn } from '../../lib/datetime';

/** The value of the lot list's "let the pharmacy system choose" entry. */
export const ANY_LOT = '';

export interface ItemChoice {
  itemId: string;
  /** As typed: validated on submit. */
  quantity: string;
  lotId: string;
  substitute: Pick<Medication, 'id' | 'name' | 'strength' | 'form'> | null;
  substitutionReason: string;
}

/** "Today" for expiry: the location's calendar date (a lot is usable through its expiry day). */
export const todayAt = (timeZone: string | undefined, now = new Date()) => dateIn(now, timeZone);

/** Lots of a medicine that may be dispensed today, first-expiring first. */
export function pickableLots(stock: StockItem | undefined, today: string): StockLot[] {
  return (stock?.lots ?? [])
    .filter((l) => l.quantity > 0 && l.expiresOn >= today)
    .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.batchNumber.localeCompare(b.batchNumber));
}

/** An item's starting choice: all that remains, from the first-expiring lot if it holds that much, else across lots. */
export function startingChoice(item: QueueItem, lots: StockLot[]): ItemChoice {
  const first = lots[0];
  return {
    itemId: item.itemId,
    quantity: String(item.remaining),
    lotId: first && first.quantity >= item.remaining ? first.id : ANY_LOT,
    substitute: null,
    substitutionReason: '',
  };
}

export type Built = { ok: true; items: DispenseLineInput[] } | { ok: false; problem: string };

/** The request body's items from the form (items left at 0 are not sent), or why it cannot be sent. */
export function buildItems(items: QueueItem[], choices: ItemChoice[]): Built {
  const lines: DispenseLineInput[] = [];
  for (const item of items) {
    const choice = choices.find((c) => c.itemId === item.itemId);
    if (!choice) continue;
    const text = choice.quantity.trim();
    const quantity = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(quantity))
      return { ok: false, problem: `Enter a whole number to dispense for ${item.name}.` };
    if (quantity > item.remaining)
      return { ok: false, problem: `${item.name}: at most ${item.remaining} remain${item.remaining === 1 ? 's' : ''} to dispense.` };
    if (quantity === 0) continue;
    const line: DispenseLineInput = { itemId: item.itemId, quantity };
    if (choice.lotId !== ANY_LOT) line.lotId = choice.lotId;
    if (choice.substitute) {
      const reason = choice.substitutionReason.trim();
      if (!reason) return { ok: false, problem: `Give the reason for substituting ${item.name}.` };
      line.substituteMedicationId = choice.substitute.id;
      line.substitutionReason = reason;
    }
    lines.push(line);
  }
  if (!lines.length) return { ok: false, problem: 'Nothing to dispense: every quantity is 0.' };
  return { ok: true, items: lines };
}
