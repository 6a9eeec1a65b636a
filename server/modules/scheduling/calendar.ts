// What is busy in a doctor's time range, for availability and booking: active visits, time off
// and other patients' holds, in one query (it runs inside every booking transaction). The
// doctor, their lock and their weekly rules come from the doctors module (doctors/repository.ts);
// the query reads doctor_unavailability, that module's table, read-only in the same round trip.
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import type { Tx } from '../../../db/transactions.js';
import type { Interval } from './slots.js';
import { ACTIVE_STATUSES } from './transitions.js';

type Reader = Database | Tx;

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
