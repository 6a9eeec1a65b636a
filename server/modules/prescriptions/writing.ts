// The rules a prescription's content must pass, whether it is being written, edited or signed:
// every medicine in the catalogue, no refills of a controlled one, and no allergy clash unless the
// prescriber has given a reason to override it.

import type { Static } from 'typebox';
import type { Database } from '../../../db/mysql.js';
import { AppError, ErrorCode } from '../../errors.js';
import { allergyConflicts } from '../medications/allergy-match.js';
import { activeMedications, type MedicationRow } from '../medications/repository.js';
import { cleanSketch } from './drawing.js';
import type { NewItem } from './repository.js';
import type { PrescriptionBody } from './schemas.js';

export type PrescriptionInput = Static<typeof PrescriptionBody>;

/** The items as stored: each with a snapshot of its catalogue entry. */
export async function resolveItems(db: Database, input: PrescriptionInput): Promise<{ items: NewItem[]; medications: MedicationRow[] }> {
  const ids = [...new Set(input.items.map((i) => i.medicationId))];
  const found = new Map((await activeMedications(db, ids)).map((m) => [m.id, m]));
  const items = input.items.map((item, index) => {
    const m = found.get(item.medicationId);
    if (!m)
      throw new AppError(400, ErrorCode.UNKNOWN_MEDICATION, `items/${index}/medicationId is not an active medicine of the catalogue`, {
        field: `items/${index}/medicationId`,
      });
    return {
      medicationId: m.id,
      name: m.name,
      genericName: m.genericName,
      form: m.form,
      strength: m.strength,
      controlled: m.controlled,
      dose: item.dose.trim(),
      frequency: item.frequency.trim(),
      durationDays: item.durationDays,
      quantity: item.quantity,
      instructions: item.instructions?.trim() || null,
    };
  });
  if ((input.refills ?? 0) > 0 && items.some((i) => i.controlled))
    throw new AppError(
      409,
      ErrorCode.CONTROLLED_SUBSTANCE,
      'A controlled medicine cannot have refills: write a new prescription when more is needed',
      {
        field: 'refills',
      },
    );
  return { items, medications: [...found.values()] };
}

/**
 * 409 ALLERGY_CONFLICT listing every clash, unless an override reason is given. Returns the reason
 * to keep: only when there was something to override (an unneeded reason is not printed).
 */
export function checkAllergies(
  allergies: readonly string[],
  items: readonly NewItem[],
  medications: readonly MedicationRow[],
  overrideReason: string | null | undefined,
): string | null {
  const classesOf = new Map(medications.map((m) => [m.id, m.classes]));
  const conflicts = allergyConflicts(
    allergies,
    items.map((item, index) => ({
      index,
      medicationId: item.medicationId,
      name: item.name,
      genericName: item.genericName,
      classes: classesOf.get(item.medicationId) ?? [],
    })),
  );
  if (!conflicts.length) return null;
  const reason = overrideReason?.trim();
  if (!reason)
    throw new AppError(
      409,
      ErrorCode.ALLERGY_CONFLICT,
      `${conflicts.length} item(s) match the patient's recorded allergies; change them, or send allergyOverrideReason to prescribe anyway`,
      { conflicts },
    );
  return reason;
}

/** The sketch as stored (drawing.ts), or null for none. */
export function drawingOf(dataUrl: string | null | undefined): string | null {
  return dataUrl ? cleanSketch(dataUrl) : null;
}
