// The live dispensing queue: after any outbox event that changes which prescriptions a location's
// pharmacy has to dispense (signed, cancelled or closed, dispensed, held or released, a refill
// approved), its queue is rebuilt and pushed to the location's pharmacy room as `pharmacy:update`.
// Like the board, the seq is taken before the view is built, so the highest seq carries the newest
// view whichever node publishes.
import type { Database } from '../../../db/mysql.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubEmitter } from '../../realtime/types.js';
import { pharmacyQueue } from '../pharmacy/queue.js';
import type { Sequences } from './seq.js';

export const PHARMACY_EVENTS = new Set([
  'prescription.signed',
  'prescription.cancelled',
  'prescription.dispensed',
  'prescription.held',
  'prescription.released',
  'prescription.closed',
  'refill.approved',
]);

/** Pushes the location's queue when `event` changes it. */
export async function publishPharmacyQueue(
  db: Database,
  sequences: Sequences,
  io: HubEmitter,
  event: { type: string; payload: unknown },
): Promise<void> {
  const locationId = (event.payload as { locationId?: string }).locationId;
  if (!PHARMACY_EVENTS.has(event.type) || !locationId) return;
  const seq = await sequences.next('pharmacy', locationId);
  const queue = await pharmacyQueue(db, locationId);
  io.to(rooms.pharmacy(locationId)).emit('pharmacy:update', { ...queue, seq });
}
