// The prescription being written, as the form holds it (numbers as typed), and its conversion to
// the API's body and back. A form field stays text until it is sent, so a half-typed number is
// never turned into 0 under the doctor's fingers.
import type { Medication, Prescription, PrescriptionInput } from '../../../lib/contract';

export type Priority = 'routine' | 'urgent' | 'stat';

export interface ItemDraft {
  /** Stable key for React while rows are added and removed. */
  key: string;
  medication: Pick<Medication, 'id' | 'name' | 'genericName' | 'form' | 'strength' | 'controlled'>;
  dose: string;
  frequency: string;
  durationDays: string;
  quantity: string;
  instructions: string;
}

export interface TestDraft {
  key: string;
  name: string;
  priority: Priority;
}

export interface Draft {
  items: ItemDraft[];
  refills: string;
  validDays: string;
  diagnosis: string;
  advice: string;
  tests: TestDraft[];
  /**
   * The sketch as a PNG data URL; null for none; undefined for "as saved": the API says only
   * whether a saved prescription has one, so a draft loaded from the server leaves it alone.
   */
  drawing?: string | null;
}

let counter = 0;
export const newKey = () => `k${++counter}`;

export const emptyDraft = (): Draft => ({
  items: [],
  refills: '0',
  validDays: '30',
  diagnosis: '',
  advice: '',
  tests: [],
  drawing: null,
});

export const itemFor = (medication: ItemDraft['medication']): ItemDraft => ({
  key: newKey(),
  medication,
  dose: '',
  frequency: '',
  durationDays: '',
  quantity: '',
  instructions: '',
});

/** A saved prescription back in the form; its drawing stays as saved (see Draft.drawing). */
export function draftOf(p: Prescription): Draft {
  return {
    items: p.items.map((i) => ({
      key: newKey(),
      medication: {
        id: i.medicationId,
        name: i.name,
        genericName: i.genericName,
        form: i.form,
        strength: i.strength,
        controlled: i.controlled,
      },
      dose: i.dose,
      frequency: i.frequency,
      durationDays: String(i.durationDays),
      quantity: String(i.quantity),
      instructions: i.instructions ?? '',
    })),
    refills: String(p.refills),
    validDays: String(p.validDays),
    diagnosis: p.diagnosis ?? '',
    advice: p.advice ?? '',
    tests: p.testsOrdered.map((t) => ({ key: newKey(), ...t })),
  };
}

const optionalText = (s: string) => (s.trim() ? s.trim() : undefined);
const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

/** Whether an item on the draft is a controlled medicine (then no refills are allowed). */
export const hasControlled = (d: Draft) => d.items.some((i) => i.medication.controlled);

/**
 * What is missing before the draft can be sent, in words, or null. The server checks everything
 * again; this only saves a round trip for the obvious gaps.
 */
export function missing(d: Draft): string | null {
  if (d.items.length === 0) return 'Add at least one medicine.';
  for (const i of d.items) {
    const name = i.medication.name;
    if (!i.dose.trim() || !i.frequency.trim()) return `Write the dose and how often for ${name}.`;
    if (!(whole(i.durationDays) >= 1)) return `Give the number of days for ${name}.`;
    if (!(whole(i.quantity) >= 1)) return `Give the quantity for ${name}.`;
  }
  if (!(whole(d.validDays) >= 1)) return 'Give the number of days the prescription is valid.';
  if (d.tests.some((t) => !t.name.trim())) return 'Name each test to order, or remove the empty one.';
  return null;
}

export function bodyOf(d: Draft, allergyOverrideReason?: string): PrescriptionInput {
  const refills = hasControlled(d) ? 0 : whole(d.refills) || 0;
  return {
    items: d.items.map((i) => ({
      medicationId: i.medication.id,
      dose: i.dose.trim(),
      frequency: i.frequency.trim(),
      durationDays: whole(i.durationDays),
      quantity: whole(i.quantity),
      instructions: optionalText(i.instructions),
    })),
    refills,
    validDays: whole(d.validDays),
    diagnosis: optionalText(d.diagnosis),
    advice: optionalText(d.advice),
    testsOrdered: d.tests.map((t) => ({ name: t.name.trim(), priority: t.priority })),
    ...(d.drawing !== undefined ? { drawing: d.drawing } : {}),
    ...(allergyOverrideReason ? { allergyOverrideReason } : {}),
  };
}
