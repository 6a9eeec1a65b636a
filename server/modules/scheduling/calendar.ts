// Reads of a doctor's calendar that availability and booking share: the doctor (locked inside
// booking transactions), their weekly rules with each location's zone, and what is busy in a
// time range. A few queries per call whatever the range, never one per slot.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { doctors, locations, scheduleRules } from '../../../db/schema/index.js';
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
  delayMinutes: number;
  firstName: string;
  lastName: string;
}

const doctorColumns = {
  id: doctors.id,
  locationId: doctors.locationId,
  consultationMinutes: doctors.consultationMinutes,
  ticketPrefix: doctors.ticketPrefix,
  active: doctors.active,
  delayMinutes: doctors.delayMinutes,
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
 * Everything that makes time in [from, to) unbookable for the doctor: active booked visits
 * (deliberate overbookings included: they occupy their time like any other; walk-ins queue
 * without a slot), unavailability, and unexpired holds.
 */
export async function busyIntervals(
  db: Reader,
  doctorId: string,
  from: Date,
  to: Date,
  now: Date,
  opts: { excludeAppointmentId?: string } = {},
): Promise<BusyInterval[]> {
  // One round trip for the three sources: this runs inside every booking transaction.
  const active = sql.join(
    ACTIVE_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const exclude = opts.excludeAppointmentId ? sql` and id <> ${opts.excludeAppointmentId}` : sql``;
  const [rows] = (await db.execute(sql`
    select 'appointment' as kind, id, start_at as s, end_at as e, null as patient_id from appointments
      where doctor_id = ${doctorId} and start_at < ${to} and end_at > ${from}
        and status in (${active}) and walk_in = false${exclude}
    union all
    select 'unavailable', id, start_at, end_at, null from doctor_unavailability
      where doctor_id = ${doctorId} and start_at < ${to} and end_at > ${from}
    union all
    select 'held', id, start_at, end_at, patient_id from slot_holds
      where doctor_id = ${doctorId} and start_at < ${to} and end_at > ${from} and expires_at > ${now}`)) as unknown as [
    { kind: BusyInterval['kind']; id: string; s: Date | string; e: Date | string; patient_id: string | null }[],
  ];
  return rows.map((r) => ({
    kind: r.kind,
    start: asDate(r.s),
    end: asDate(r.e),
    ...(r.kind === 'appointment' ? { appointmentId: r.id } : {}),
    ...(r.patient_id ? { patientId: r.patient_id } : {}),
  }));
}

/** mysql2 returns DATETIME as a Date in the session's zone (UTC here) or, through drizzle, as text. */
function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
