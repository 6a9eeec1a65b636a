// Scheduling's domain events, written to the outbox (modules/outbox) inside the transaction that
// makes the change. Publishing them (Socket.IO, reminder jobs) reads from there: at once after
// commit, and by a relay for anything a crash left behind.
import type { Tx } from '../../../db/transactions.js';
import { appendEvent, appendEventPrepared } from '../outbox/repository.js';

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
  const aggregateType = type.startsWith('doctor.') ? 'doctor' : 'appointment';
  return appendEvent(tx, { type, aggregateType, aggregateId, payload });
}

/** recordEvent as one prepared statement: the single booking's hot path (booking-statements.ts). */
export function recordEventPrepared(tx: Tx, type: AppointmentEventType, aggregateId: string, payload: Record<string, unknown>) {
  const aggregateType = type.startsWith('doctor.') ? 'doctor' : 'appointment';
  return appendEventPrepared(tx, { type, aggregateType, aggregateId, payload });
}
