// Prescriptions in words, the same in the doctor's console, the patient's portal and the pharmacy:
// a status as people say it, a medicine with its strength and form, a line of how to take it, and
// the stock a location holds.
import type { Medication, Prescription, PrescriptionStatus } from './contract';
import { fullDate } from './datetime';

export const STATUS_WORDS: Record<PrescriptionStatus, string> = {
  draft: 'Draft (not signed)',
  active: 'Active',
  partially_dispensed: 'Partly dispensed',
  dispensed: 'Dispensed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

/** "oral_liquid" → "oral liquid". */
export const formWords = (form: string) => form.replace(/_/g, ' ');

/** "Amoxicillin 500 mg capsule". */
export const medicineName = (m: Pick<Medication, 'name' | 'strength' | 'form'>) => `${m.name} ${m.strength} ${formWords(m.form)}`;

type Item = Prescription['items'][number];

/** "1 capsule, three times daily, for 7 days (21 in all)". */
export const howToTake = (i: Pick<Item, 'dose' | 'frequency' | 'durationDays' | 'quantity'>) =>
  `${i.dose}, ${i.frequency}, for ${i.durationDays} ${i.durationDays === 1 ? 'day' : 'days'} (${i.quantity} in all)`;

/** "42 in stock · expires 3 Mar 2027", "out of stock", or null where the location keeps no stock. */
export function stockWords(m: Pick<Medication, 'onHand' | 'nearestExpiry'>): string | null {
  if (m.onHand === undefined) return null;
  if (m.onHand <= 0) return 'out of stock';
  return m.nearestExpiry ? `${m.onHand} in stock · expires ${fullDate(m.nearestExpiry)}` : `${m.onHand} in stock`;
}

/** Whether a patient may ask for a refill: a live script with no controlled medicine on it. */
export const refillable = (p: Prescription) =>
  (p.status === 'active' || p.status === 'dispensed' || p.status === 'partially_dispensed') && !p.items.some((i) => i.controlled);
