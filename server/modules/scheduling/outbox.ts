// Domain events go to the outbox table inside the transaction that makes the change, so an event
// exists if and only if the change committed. Publishing them (Socket.IO, reminder jobs, audit)
// reads from there: at once after commit, and by a relay for anything a crash left behind.
import { newId } from '../../../db/ids.js';
import { outboxEvents } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';

export type AppointmentEventType =
  | 'appointment.booked'
  | 'appointment.rescheduled'
  | 'appointment.confirmed'
  | 'appointment.checked_in'
  | 'appointment.called'
  | 'appointment.started'
  | 'appointment.completed'
  | 'appointment.cancelled'
  | 'appointment.no_show'
  | 'appointment.call_undone'
  | 'walk_in.checked_in'
  | 'doctor.delay_changed';

export async function recordEvent(
  tx: Tx,
  type: AppointmentEventType,
  aggregateId: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const id = newId();
  const aggregateType = type.startsWith('doctor.') ? 'doctor' : 'appointment';
  await tx.insert(outboxEvents).values({ id, type, aggregateType, aggregateId, payload, occurredAt: new Date() });
  return id;
}
