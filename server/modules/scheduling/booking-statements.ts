// The statements of a single booking (booking.ts book), the API's busiest write: prepared
// statements (mysql2 execute) on the transaction's own connection, no query building. The issue 20
// profile had the hub at 7.7–11.7 ms of CPU per booking, a quarter of it mysql2 parsing text
// queries and a sixth Drizzle building them, against 0.5–0.7 ms for the bare transaction.
// A booking is now: begin, the doctor locked with their weekly rules, the busy times around the
// slot, the visit, its outbox event, commit — the bare transaction's six statements.
import { connectionOf } from '../../../db/mysql.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import type { DoctorForBooking } from '../doctors/repository.js';
import type { BusyInterval } from './calendar.js';
import type { AppointmentRow } from './present.js';
import { newBookingReference } from './reference.js';
import type { WeeklyRule } from './slots.js';
import { ACTIVE_STATUSES } from './transitions.js';

type Row = Record<string, unknown>;
const rowsOf = (result: unknown) => (result as [Row[]])[0];

/** mysql2 gives DATETIME as a Date (the session is UTC), TIME as "HH:MM:SS", JSON as parsed values. */
const asDate = (value: unknown) => (value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`));

const DOCTOR_COLUMNS = 'd.id, d.location_id, d.consultation_minutes, d.ticket_prefix, d.active, d.delay_minutes, d.first_name, d.last_name';
const RULES_OF_DOCTOR = `
  select json_arrayagg(json_object('weekday', r.weekday, 'start', r.start_time, 'end', r.end_time, 'breaks', r.breaks,
                                   'locationId', r.location_id, 'timezone', l.timezone))
    from schedule_rules r join locations l on l.id = r.location_id
   where r.doctor_id = d.id and l.active = true`;
// The weekly rules come back in the locking statement as one JSON array. The subquery is a plain
// (non-locking) read of schedule_rules and locations: MariaDB locks only the doctor's row, and it
// runs once that lock is held, so it sees what the lock's previous holder committed.
const LOCK_DOCTOR_WITH_RULES = `select ${DOCTOR_COLUMNS}, (${RULES_OF_DOCTOR}) as rules from doctors d where d.id = ? for update`;
const LOCK_DOCTOR = `select ${DOCTOR_COLUMNS} from doctors d where d.id = ? for update`;
const RULES = `select (${RULES_OF_DOCTOR}) as rules from doctors d where d.id = ?`;

/**
 * The doctor's row locked until the transaction ends (as doctors/repository.ts lockDoctor) and, in
 * the same round trip, their weekly rules at active locations (as weeklyRules); 404 when no doctor.
 *
 * With `thenPatient`, the patient's row is locked next (doctor, then patient, as everywhere) and
 * the rules are read only after it, in a statement of their own: InnoDB's snapshot starts at the
 * first plain read, and the rules' subquery in the doctor's statement would start it before the
 * patient's lock is held, hiding what the lock's previous holder committed from the visit-limit
 * count (a patient booking with two doctors at once).
 */
export async function lockDoctorWithRules(
  tx: Tx,
  doctorId: string,
  thenPatient?: string,
): Promise<{ doctor: DoctorForBooking; rules: WeeklyRule[] }> {
  const conn = connectionOf(tx);
  const [row] = rowsOf(await conn.execute(thenPatient ? LOCK_DOCTOR : LOCK_DOCTOR_WITH_RULES, [doctorId]));
  if (!row) throw notFound('Doctor');
  let rules = row.rules;
  if (thenPatient) {
    const [patient] = rowsOf(await conn.execute('select id from patients where id = ? for update', [thenPatient]));
    if (!patient) throw notFound('Patient');
    rules = rowsOf(await conn.execute(RULES, [doctorId]))[0]?.rules;
  }
  return { doctor: doctorOf(row), rules: rulesOf(rules) };
}

function doctorOf(row: Row): DoctorForBooking {
  return {
    id: row.id as string,
    locationId: row.location_id as string,
    consultationMinutes: Number(row.consultation_minutes),
    ticketPrefix: row.ticket_prefix as string,
    active: Boolean(row.active),
    delayMinutes: Number(row.delay_minutes),
    firstName: row.first_name as string,
    lastName: row.last_name as string,
  };
}

function rulesOf(value: unknown): WeeklyRule[] {
  const raw = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as {
    weekday: number;
    start: string;
    end: string;
    breaks: { start: string; end: string }[] | string | null;
    locationId: string;
    timezone: string;
  }[];
  return raw.map((r) => ({
    weekday: Number(r.weekday),
    start: r.start.slice(0, 5),
    end: r.end.slice(0, 5),
    // JSON_OBJECT nests a JSON column as a value; an older row may hold it as text.
    breaks: (typeof r.breaks === 'string' ? JSON.parse(r.breaks) : r.breaks) ?? [],
    locationId: r.locationId,
    timezone: r.timezone,
  }));
}

/**
 * The longest a visit holding a slot can be: it lies inside one working window, and a window inside
 * one local day (25 hours on a DST change day). Bounding start_at from below by this keeps the
 * busy-time read on the (doctor, start) index to the day around the slot instead of the doctor's
 * whole history.
 */
const LONGEST_VISIT_MS = 25 * 60 * 60_000;

const ACTIVE_LIST = ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ');
// As calendar.ts busyIntervals (its three sources in one round trip), prepared.
const BUSY_AROUND = `
  select 'appointment' as kind, id, start_at as s, end_at as e, null as patient_id from appointments
    where doctor_id = ? and start_at < ? and end_at > ? and start_at > ? and status in (${ACTIVE_LIST}) and walk_in = false
  union all
  select 'unavailable', id, start_at, end_at, null from doctor_unavailability
    where doctor_id = ? and start_at < ? and end_at > ?
  union all
  select 'held', id, start_at, end_at, patient_id from slot_holds
    where doctor_id = ? and start_at < ? and end_at > ? and expires_at > ?`;

/** What keeps [from, to) busy for the doctor (visits, time off, unexpired holds), as busyIntervals gives it. */
export async function busyAround(tx: Tx, doctorId: string, from: Date, to: Date, now: Date): Promise<BusyInterval[]> {
  const rows = rowsOf(
    await connectionOf(tx).execute(BUSY_AROUND, [
      doctorId,
      to,
      from,
      new Date(from.getTime() - LONGEST_VISIT_MS),
      doctorId,
      to,
      from,
      doctorId,
      to,
      from,
      now,
    ]),
  );
  return rows.map((r) => ({
    kind: r.kind as BusyInterval['kind'],
    start: asDate(r.s),
    end: asDate(r.e),
    ...(r.kind === 'appointment' ? { appointmentId: r.id as string } : {}),
    ...(r.patient_id ? { patientId: r.patient_id as string } : {}),
  }));
}

const INSERT_APPOINTMENT = `
  insert into appointments (id, booking_reference, doctor_id, patient_id, location_id, type_id, start_at, end_at, status, reason,
    priority, walk_in, overbooked, overbook_reason, created_by, created_at, updated_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** What a booking decides about its visit; the rest of the row is the table's defaults. */
export interface NewVisit {
  id: string;
  doctorId: string;
  patientId: string;
  locationId: string;
  typeId: string | null;
  startAt: Date;
  endAt: Date;
  reason: string | null;
  overbooked: boolean;
  overbookReason: string | null;
  createdBy: string;
  createdAt: Date;
}

/** MariaDB errno 1452: a foreign key names a row that does not exist. */
const isMissingReference = (err: unknown, constraint: string) =>
  (err as { errno?: number }).errno === 1452 && String((err as { message?: string }).message).includes(constraint);

/**
 * Inserts a booked visit and returns the whole row as the database now holds it (what the 201
 * shows), without reading it back. A fresh booking reference is drawn again on the rare clash; the
 * (doctor, active start) unique index, the database's own backstop, is SLOT_UNAVAILABLE; and a
 * patient that does not exist is refused by the foreign key, as 404 — the same answer the check
 * before the transaction gave, one round trip fewer.
 */
export async function insertBookedVisit(tx: Tx, visit: NewVisit): Promise<AppointmentRow> {
  const conn = connectionOf(tx);
  for (let attempt = 0; ; attempt++) {
    const bookingReference = newBookingReference();
    try {
      await conn.execute(INSERT_APPOINTMENT, [
        visit.id,
        bookingReference,
        visit.doctorId,
        visit.patientId,
        visit.locationId,
        visit.typeId,
        visit.startAt,
        visit.endAt,
        'scheduled',
        visit.reason,
        'regular',
        0,
        visit.overbooked ? 1 : 0,
        visit.overbookReason,
        visit.createdBy,
        visit.createdAt,
        visit.createdAt,
      ]);
      return bookedRow(visit, bookingReference);
    } catch (err) {
      const e = err as { errno?: number; message?: string };
      if (e.errno === 1062 && /appointments_reference_unique/.test(e.message ?? '') && attempt < 5) continue;
      if (e.errno === 1062 && /appointments_doctor_active_start_unique/.test(e.message ?? ''))
        throw new AppError(409, ErrorCode.SLOT_UNAVAILABLE, 'That time is already booked');
      if (isMissingReference(err, 'appointments_patient_id_patients_id_fk')) throw notFound('Patient');
      throw err;
    }
  }
}

/** The row just inserted, every column as the table's defaults fill it (db/schema/scheduling.ts). */
function bookedRow(visit: NewVisit, bookingReference: string): AppointmentRow {
  const row: AppointmentRow = {
    id: visit.id,
    bookingReference,
    doctorId: visit.doctorId,
    patientId: visit.patientId,
    locationId: visit.locationId,
    typeId: visit.typeId,
    startAt: visit.startAt,
    endAt: visit.endAt,
    status: 'scheduled',
    reason: visit.reason,
    priority: 'regular',
    walkIn: false,
    overbooked: visit.overbooked,
    overbookReason: visit.overbookReason,
    ticket: null,
    frontOfQueue: false,
    ticketDate: null,
    rescheduledFromId: null,
    createdBy: visit.createdBy,
    confirmedAt: null,
    confirmedBy: null,
    checkedInAt: null,
    checkedInBy: null,
    calledAt: null,
    calledBy: null,
    startedAt: null,
    startedBy: null,
    completedAt: null,
    completedBy: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    noShowAt: null,
    noShowBy: null,
    activeStart: visit.overbooked ? null : visit.startAt,
    createdAt: visit.createdAt,
    updatedAt: visit.createdAt,
  };
  return row;
}
