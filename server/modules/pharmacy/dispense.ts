// Dispensing one prescription, all in one transaction: the key is claimed, the prescription row
// locked and checked, the lots locked (medication-id order, so two dispenses never deadlock), the
// stock moved through the ledger (moveStock never lets a lot go below zero), the dispense and its
// lines written with the lots' prices and billed (billing/dispense-billing.ts), the items and the
// prescription's status and fills moved on, and the events appended. A retry with the same
// Idempotency-Key replays the answer (routes.ts).
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { billDispense } from '../billing/dispense-billing.js';
import { type LotRow, lockLot, lockPickableLots, moveStock } from '../inventory/repository.js';
import { allergyConflicts } from '../medications/allergy-match.js';
import { medicationsByIds } from '../medications/repository.js';
import { appendEvent } from '../outbox/repository.js';
import { patientForPrescribing } from '../patients/repository.js';
import { eventPayload } from '../prescriptions/events.js';
import {
  addDispensed,
  DISPENSABLE,
  loadPrescription,
  resetFill,
  type StoredPrescription,
  updatePrescription,
} from '../prescriptions/repository.js';
import { claimKey, type IdempotencyContext, recordAnswer } from '../scheduling/idempotency.js';
import { assertPharmacistAt } from './access.js';
import { type Take, takeFirstExpiring } from './allocation.js';
import { todayAt } from './queue.js';
import { insertDispense } from './repository.js';

export interface DispenseRequest {
  items: { itemId: string; quantity: number; lotId?: string; substituteMedicationId?: string; substitutionReason?: string }[];
}

type RequestLine = DispenseRequest['items'][number];

const notDispensable = (why: string, p: StoredPrescription) =>
  new AppError(409, ErrorCode.NOT_DISPENSABLE, `This prescription cannot be dispensed: ${why}`, { status: p.status });

/** 409 NOT_DISPENSABLE unless the prescription is signed, valid, not on hold and has something left to hand out. */
export function assertDispensable(p: StoredPrescription, now: Date): void {
  if (!DISPENSABLE.includes(p.status)) throw notDispensable(`it is ${p.status}`, p);
  if (p.holdReason !== null) throw notDispensable('it is on hold', p);
  if (p.validUntil && p.validUntil <= now) throw notDispensable('it is no longer valid', p);
  if (p.fillsRemaining <= 0 || p.items.every((i) => i.dispensedQuantity >= i.quantity)) throw notDispensable('nothing remains', p);
}

/** Checks what needs no lock: each substitution has a reason and names an active, different medicine. */
async function checkSubstitutions(db: Database, p: StoredPrescription, lines: RequestLine[]): Promise<void> {
  for (const line of lines) {
    if (line.substituteMedicationId && !line.substitutionReason?.trim())
      throw invalidField('substitutionReason', 'A substitution needs a reason');
    if (!line.substituteMedicationId && line.substitutionReason !== undefined)
      throw invalidField('substitutionReason', 'Give a reason only with a substitute medicine');
    const item = p.items.find((i) => i.id === line.itemId);
    if (item && line.substituteMedicationId === item.medicationId)
      throw invalidField('substituteMedicationId', 'The substitute must be a different medicine');
  }
  const wanted = [...new Set(lines.flatMap((l) => (l.substituteMedicationId ? [l.substituteMedicationId] : [])))];
  if (!wanted.length) return;
  const found = await medicationsByIds(db, wanted);
  if (found.filter((m) => m.active).length !== wanted.length)
    throw invalidField('substituteMedicationId', 'The substitute is not a medicine in the catalogue');
  // A substitute is an equivalent: the same generic (another form or strength) or the same class,
  // never a controlled medicine in place of an uncontrolled one, and never one the patient is allergic to.
  const prescribed = await medicationsByIds(db, [...new Set(p.items.map((i) => i.medicationId))]);
  const byId = new Map([...found, ...prescribed].map((m) => [m.id, m]));
  const { allergies } = await patientForPrescribing(db, p.patientId);
  for (const line of lines) {
    if (!line.substituteMedicationId) continue;
    const item = p.items.find((i) => i.id === line.itemId);
    const substitute = byId.get(line.substituteMedicationId)!;
    const original = item ? byId.get(item.medicationId) : undefined;
    if (!item || !original) continue; // checkQuantities names an unknown item
    const equivalent = substitute.genericName === original.genericName || substitute.classes.some((c) => original.classes.includes(c));
    if (!equivalent)
      throw invalidField(
        'substituteMedicationId',
        `The substitute must be ${original.genericName} in another form or strength, or of the same class`,
      );
    if (substitute.controlled && !original.controlled)
      throw invalidField('substituteMedicationId', 'A controlled medicine cannot replace an uncontrolled one');
    const clash = allergyConflicts(allergies, [
      { index: 0, medicationId: substitute.id, name: substitute.name, genericName: substitute.genericName, classes: substitute.classes },
    ]);
    if (clash.length)
      throw new AppError(
        409,
        ErrorCode.ALLERGY_CONFLICT,
        'The substitute matches one of the patient’s recorded allergies; ask the prescriber',
        {
          conflicts: clash,
        },
      );
  }
}

/** Every line's item must be on the prescription and no item may get more than its fill has left. */
function checkQuantities(p: StoredPrescription, lines: RequestLine[]): void {
  const asked = new Map<string, number>();
  for (const line of lines) asked.set(line.itemId, (asked.get(line.itemId) ?? 0) + line.quantity);
  for (const [itemId, quantity] of asked) {
    const item = p.items.find((i) => i.id === itemId);
    if (!item) throw invalidField('itemId', 'This item is not on the prescription');
    if (quantity > item.quantity - item.dispensedQuantity)
      throw invalidField('quantity', `Only ${item.quantity - item.dispensedQuantity} remain of this item in the current fill`);
  }
}

export async function dispensePrescription(
  db: Database,
  actor: UserPrincipal,
  prescriptionId: string,
  input: DispenseRequest,
  idem: IdempotencyContext | null,
) {
  const seen = await loadPrescription(db, prescriptionId);
  await assertPharmacistAt(db, actor, seen.locationId);
  await checkSubstitutions(db, seen, input.items);
  const now = new Date();
  const today = await todayAt(db, seen.locationId, now);

  return transactionWithRetry(db, async (tx) => {
    await claimKey(tx, idem);
    const p = await loadPrescription(tx, prescriptionId, { forUpdate: true });
    assertDispensable(p, now);
    checkQuantities(p, input.items);
    const medicationOf = (line: RequestLine) => line.substituteMedicationId ?? p.items.find((i) => i.id === line.itemId)!.medicationId;
    const ordered = [...input.items].sort((a, b) => (medicationOf(a) < medicationOf(b) ? -1 : medicationOf(a) > medicationOf(b) ? 1 : 0));

    const pickable = new Map<string, LotRow[]>();
    const taken = new Map<string, number>();
    const planned: { line: RequestLine; medicationId: string; takes: Take[] }[] = [];
    for (const line of ordered) {
      const medicationId = medicationOf(line);
      let lots: LotRow[];
      if (line.lotId) {
        const lot = await lockLot(tx, line.lotId);
        if (lot.locationId !== p.locationId || lot.medicationId !== medicationId)
          throw invalidField('lotId', 'This lot is not of this medicine at this pharmacy');
        if (lot.expiresOn < today)
          throw new AppError(409, ErrorCode.LOT_EXPIRED, 'This lot has expired and is never dispensed', {
            lotId: lot.id,
            expiresOn: lot.expiresOn,
          });
        lots = [lot];
      } else {
        lots = pickable.get(medicationId) ?? (await lockPickableLots(tx, p.locationId, medicationId, today));
        pickable.set(medicationId, lots);
      }
      planned.push({ line, medicationId, takes: takeFirstExpiring(lots, line.quantity, taken, medicationId) });
    }

    const dispenseId = newId();
    const lines = planned.flatMap(({ line, medicationId, takes }) =>
      takes.map((t) => ({
        id: newId(),
        itemId: line.itemId,
        lotId: t.lotId,
        medicationId,
        quantity: t.quantity,
        unitPriceMinor: t.unitPriceMinor,
        substitutionReason: line.substituteMedicationId ? line.substitutionReason!.trim() : null,
      })),
    );
    await insertDispense(tx, { id: dispenseId, prescriptionId: p.id, locationId: p.locationId, by: actor.userId, at: now }, lines);
    for (const l of lines)
      await moveStock(tx, { lotId: l.lotId, delta: -l.quantity, kind: 'dispensed', dispenseId, by: actor.userId }, now);

    // The medicine is billed with the dispense (billing/dispense-billing.ts): one line per dispense line.
    await billDispense(tx, { dispenseId, prescriptionId: p.id, locationId: p.locationId, lines }, actor.userId, now);

    const added = new Map<string, number>();
    for (const l of lines) added.set(l.itemId, (added.get(l.itemId) ?? 0) + l.quantity);
    for (const [itemId, quantity] of added) await addDispensed(tx, itemId, quantity);
    // A fill is complete when every item is; then one fill is used up, and the next (if any) starts at zero.
    const fillCompleted = p.items.every((i) => i.dispensedQuantity + (added.get(i.id) ?? 0) >= i.quantity);
    const fillsRemaining = fillCompleted ? p.fillsRemaining - 1 : p.fillsRemaining;
    const status = !fillCompleted ? 'partially_dispensed' : fillsRemaining > 0 ? 'active' : 'dispensed';
    if (fillCompleted && fillsRemaining > 0) await resetFill(tx, p.id);
    await updatePrescription(tx, p.id, DISPENSABLE, { status, fillsRemaining });

    const payload = { ...eventPayload(p), dispenseId, prescriptionStatus: status, fillCompleted, by: actor.userId };
    await appendEvent(tx, { type: 'prescription.dispensed', aggregateType: 'prescription', aggregateId: p.id, payload });
    if (fillCompleted) await appendEvent(tx, { type: 'prescription.ready', aggregateType: 'prescription', aggregateId: p.id, payload });

    const answer = {
      id: dispenseId,
      prescriptionId: p.id,
      prescriptionStatus: status,
      fillsRemaining,
      lines: lines.map(({ id: _id, ...l }) => l),
    };
    await recordAnswer(tx, idem, 201, answer);
    return answer;
  });
}
