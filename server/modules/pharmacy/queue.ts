// The dispensing queue of a location: its signed prescriptions still to dispense (active or
// partially dispensed, on-hold ones flagged), oldest signed first, each item with what remains of
// the current fill and the unexpired stock on hand here. Built the same way for the HTTP answer,
// the socket's subscribe ack and every `pharmacy:update` push.
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import type { Tx } from '../../../db/transactions.js';
import { stockOf } from '../inventory/repository.js';
import { locationZone } from '../locations/repository.js';
import { countDispensableAt, dispensableAt, type StoredPrescription } from '../prescriptions/repository.js';

type Reader = Database | Tx;

/** The calendar date at the location now: a lot is usable through its expiresOn day there. */
export async function todayAt(db: Reader, locationId: string, now = new Date()): Promise<string> {
  return DateTime.fromJSDate(now, { zone: await locationZone(db, locationId) }).toISODate()!;
}

function entryOf(p: StoredPrescription, stock: Map<string, { onHand: number }>) {
  return {
    prescriptionId: p.id,
    number: p.number,
    status: p.status,
    signedAt: p.signedAt?.toISOString() ?? null,
    validUntil: p.validUntil?.toISOString() ?? null,
    holdReason: p.holdReason,
    fillsRemaining: p.fillsRemaining,
    patient: { name: p.snapshots?.patient.name ?? '', dateOfBirth: p.snapshots?.patient.dateOfBirth ?? '' },
    doctor: { name: p.snapshots?.doctor.name ?? '', licenseNumber: p.snapshots?.doctor.licenseNumber ?? '' },
    items: p.items.map((i) => ({
      itemId: i.id,
      medicationId: i.medicationId,
      name: i.name,
      genericName: i.genericName,
      form: i.form,
      strength: i.strength,
      quantity: i.quantity,
      dispensedQuantity: i.dispensedQuantity,
      remaining: i.quantity - i.dispensedQuantity,
      instructions: i.instructions,
      dose: i.dose,
      frequency: i.frequency,
      onHand: stock.get(i.medicationId)?.onHand ?? 0,
    })),
  };
}

export type PharmacyQueueView = Awaited<ReturnType<typeof pharmacyQueue>>;

/** The most prescriptions one view carries; a longer queue says so (`truncated`, `total`) instead of hiding the rest unsaid. */
export const QUEUE_VIEW_LIMIT = 500;

export async function pharmacyQueue(db: Reader, locationId: string, limit = QUEUE_VIEW_LIMIT) {
  const [waiting, total] = await Promise.all([dispensableAt(db, locationId, new Date(), limit), countDispensableAt(db, locationId)]);
  const medicationIds = [...new Set(waiting.flatMap((p) => p.items.map((i) => i.medicationId)))];
  const stock = await stockOf(db, locationId, medicationIds, await todayAt(db, locationId));
  return { locationId, total, truncated: total > waiting.length, prescriptions: waiting.map((p) => entryOf(p, stock)) };
}
