// Reads what a notification needs about a visit in one query: the appointment, the patient's
// contact and preferences, and the location. Both the planner and the sender use it, so each
// decides on the current state of MySQL, never on what a job was given.
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { appointments, locations, patients } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';

export async function loadVisit(db: Database | Tx, appointmentId: string) {
  const [row] = await db
    .select({
      id: appointments.id,
      status: appointments.status,
      walkIn: appointments.walkIn,
      startAt: appointments.startAt,
      endAt: appointments.endAt,
      cancelReason: appointments.cancelReason,
      rescheduledFromId: appointments.rescheduledFromId,
      createdAt: appointments.createdAt,
      bookingReference: appointments.bookingReference,
      patientId: appointments.patientId,
      firstName: patients.firstName,
      email: patients.email,
      phone: patients.phone,
      userId: patients.userId,
      timezone: patients.timezone,
      notifyEmail: patients.notifyEmail,
      notifySms: patients.notifySms,
      notifyInApp: patients.notifyInApp,
      locationName: locations.name,
      locationAddress: locations.address,
      locationPhone: locations.phone,
      locationZone: locations.timezone,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(locations, eq(locations.id, appointments.locationId))
    .where(eq(appointments.id, appointmentId));
  return row ?? null;
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
    const [row] = await db.select({ from: appointments.rescheduledFromId }).from(appointments).where(eq(appointments.id, id));
    previous = row?.from ?? null;
  }
  return id;
}

/** A visit that reminders are for: booked, still ahead, not yet arrived. */
export function isRemindable(visit: Pick<Visit, 'status' | 'walkIn' | 'startAt'>, now: Date): boolean {
  return (visit.status === 'scheduled' || visit.status === 'confirmed') && !visit.walkIn && visit.startAt.getTime() > now.getTime();
}

/** Why pending messages of a visit no longer go out. */
export function notRemindableReason(visit: Visit, now: Date): string {
  if (visit.status === 'cancelled' && visit.cancelReason === 'Rescheduled') return 'appointment_rescheduled';
  if (visit.status !== 'scheduled' && visit.status !== 'confirmed') return `appointment_${visit.status}`;
  if (visit.startAt.getTime() <= now.getTime()) return 'visit_already_started';
  return 'appointment_changed';
}
