// Reads of a doctor's calendar that availability and booking share: the doctor (locked inside
// booking transactions), their weekly rules with each location's zone, and what is busy in a
// time range. A few queries per call whatever the range, never one per slot.
import { and, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { appointments, doctors, locations, scheduleRules, slotHolds, unavailability } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';
import type { Interval, WeeklyRule } from './slots.js';
import { ACTIVE_STATUSES } from './transitions.js';

type Reader = Database | Tx;

export interface DoctorForBooking {
  id: string;
  locationId: string;
  consultationMinutes: number;
  ticketPrefix: string;
  active: boolean;
  firstName: string;
  lastName: string;
}

const doctorColumns = {
  id: doctors.id,
  locationId: doctors.locationId,
  consultationMinutes: doctors.consultationMinutes,
  ticketPrefix: doctors.ticketPrefix,
  active: doctors.active,
  firstName: doctors.firstName,
  lastName: doctors.lastName,
};

/**
 * The doctor's row, locked until the transaction ends (SELECT … FOR UPDATE). Every booking,
 * reschedule, walk-in, hold and queue change of one doctor takes this lock first, so their
 * checks and writes never interleave: two requests for one slot cannot both see it free.
 */
export async function lockDoctor(tx: Tx, doctorId: string): Promise<DoctorForBooking> {
  const [row] = await tx.select(doctorColumns).from(doctors).where(eq(doctors.id, doctorId)).for('update');
  if (!row) throw notFound('Doctor');
  return row;
}

export async function findDoctor(db: Reader, doctorId: string): Promise<DoctorForBooking> {
  const [row] = await db.select(doctorColumns).from(doctors).where(eq(doctors.id, doctorId));
  if (!row) throw notFound('Doctor');
  return row;
}

export async function weeklyRules(db: Reader, doctorId: string): Promise<WeeklyRule[]> {
  const rows = await db
    .select({
      weekday: scheduleRules.weekday,
      start: scheduleRules.startTime,
      end: scheduleRules.endTime,
      breaks: scheduleRules.breaks,
      locationId: scheduleRules.locationId,
      timezone: locations.timezone,
    })
    .from(scheduleRules)
    .innerJoin(locations, eq(locations.id, scheduleRules.locationId))
    .where(eq(scheduleRules.doctorId, doctorId));
  return rows.map((r) => ({ ...r, start: r.start.slice(0, 5), end: r.end.slice(0, 5), breaks: r.breaks ?? [] }));
}

export interface BusyInterval extends Interval {
  kind: 'appointment' | 'unavailable' | 'held';
  /** For holds: whose they are (a patient's own hold does not block them). */
  patientId?: string;
  appointmentId?: string;
}

/**
 * Everything that makes time in [from, to) unbookable for the doctor: active appointments that
 * hold a slot (not walk-ins, not deliberate overbookings), unavailability, and unexpired holds.
 */
export async function busyIntervals(
  db: Reader,
  doctorId: string,
  from: Date,
  to: Date,
  now: Date,
  opts: { excludeAppointmentId?: string } = {},
): Promise<BusyInterval[]> {
  const [booked, off, held] = await Promise.all([
    db
      .select({ id: appointments.id, start: appointments.startAt, end: appointments.endAt })
      .from(appointments)
      .where(
        and(
          eq(appointments.doctorId, doctorId),
          lt(appointments.startAt, to),
          gt(appointments.endAt, from),
          inArray(appointments.status, [...ACTIVE_STATUSES]),
          eq(appointments.walkIn, false),
          eq(appointments.overbooked, false),
          opts.excludeAppointmentId ? ne(appointments.id, opts.excludeAppointmentId) : undefined,
        ),
      ),
    db
      .select({ start: unavailability.startAt, end: unavailability.endAt })
      .from(unavailability)
      .where(and(eq(unavailability.doctorId, doctorId), lt(unavailability.startAt, to), gt(unavailability.endAt, from))),
    db
      .select({ start: slotHolds.startAt, end: slotHolds.endAt, patientId: slotHolds.patientId })
      .from(slotHolds)
      .where(and(eq(slotHolds.doctorId, doctorId), lt(slotHolds.startAt, to), gt(slotHolds.endAt, from), gt(slotHolds.expiresAt, now))),
  ]);
  return [
    ...booked.map((b) => ({ start: b.start, end: b.end, kind: 'appointment' as const, appointmentId: b.id })),
    ...off.map((o) => ({ start: o.start, end: o.end, kind: 'unavailable' as const })),
    ...held.map((h) => ({ start: h.start, end: h.end, kind: 'held' as const, patientId: h.patientId })),
  ];
}
