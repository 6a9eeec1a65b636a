// The live dispensing queue: after any outbox event that changes which prescriptions a location's
// pharmacy has to dispense (signed, cancelled or closed, dispensed, held or released, a refill
// approved), its queue is rebuilt and pushed to the location's pharmacy room as `pharmacy:update`,
// once per publisher pass and location.
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
  'prescription.expired',
  'prescription.dispensed',
  'prescription.held',
  'prescription.released',
  'prescription.closed',
  'refill.approved',
]);

/** The location whose pharmacy queue `event` changes, or null. */
export function pharmacyLocationOf(event: { type: string; payload: unknown }): string | null {
  const locationId = (event.payload as { locationId?: string }).locationId;
  return PHARMACY_EVENTS.has(event.type) && locationId ? locationId : null;
}

/**
 * Pushes the location's queue once, however many of a publisher pass's events changed it: a
 * pharmacy dispensing 100 times a second gets one fresh view per pass instead of a backlog of
 * 100 views a second (each a whole queue) that its screens would fall behind.
 */
export async function pushPharmacyQueue(db: Database, sequences: Sequences, io: HubEmitter, locationId: string): Promise<void> {
  const seq = await sequences.next('pharmacy', locationId);
  const queue = await pharmacyQueue(db, locationId);
  io.to(rooms.pharmacy(locationId)).emit('pharmacy:update', { ...queue, seq });
}
