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
