// What a notification needs about a visit, read now (scheduling's repository reads it in one
// query: the appointment, the patient's contact and preferences, and the location). Both the
// planner and the sender use it, so each decides on the current state of MySQL, never on what a
// job was given.
import type { Database } from '../../../db/mysql.js';
import type { Tx } from '../../../db/transactions.js';
import { rescheduledFrom, visitForNotification } from '../scheduling/appointments-repository.js';
import { RESCHEDULED_REASON } from '../scheduling/transitions.js';

export function loadVisit(db: Database | Tx, appointmentId: string) {
  return visitForNotification(db, appointmentId);
}

export type Visit = NonNullable<Awaited<ReturnType<typeof loadVisit>>>;

/**
 * The first visit of a reschedule chain: its id is the calendar entry's UID, so a "moved" email
 * updates the entry the confirmation made instead of adding a second one.
 */
export async function calendarRootOf(db: Database, visit: Pick<Visit, 'id' | 'rescheduledFromId'>): Promise<string> {
  let id = visit.id;
  let previous = visit.rescheduledFromId;
  for (let hops = 0; previous && hops < 50; hops++) {
    id = previous;
    previous = await rescheduledFrom(db, id);
  }
  return id;
}

/** A visit that reminders are for: booked, still ahead, not yet arrived. */
export function isRemindable(visit: Pick<Visit, 'status' | 'walkIn' | 'startAt'>, now: Date): boolean {
  return (visit.status === 'scheduled' || visit.status === 'confirmed') && !visit.walkIn && visit.startAt.getTime() > now.getTime();
}

/** Why pending messages of a visit no longer go out. */
export function notRemindableReason(visit: Visit, now: Date): string {
  if (visit.status === 'cancelled' && visit.cancelReason === RESCHEDULED_REASON) return 'appointment_rescheduled';
  if (visit.status !== 'scheduled' && visit.status !== 'confirmed') return `appointment_${visit.status}`;
  if (visit.startAt.getTime() <= now.getTime()) return 'visit_already_started';
  return 'appointment_changed';
}
