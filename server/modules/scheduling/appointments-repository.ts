// The appointments table, owned by scheduling: loading a visit, the reads behind the live queue
// and board, and the questions other modules ask about visits (do this patient and this doctor have
// a care relationship? what does a reminder need to know? which visit does an SMS "C" confirm?).
// Nothing outside scheduling queries the table; it calls these.
//
// Three reads join other modules' tables, read-only and in the same query, because they run on
// every queue change or every message sent: the queue (patients' names and logins), the board's
// recent calls (doctors' rooms and names) and a reminder's facts (the patient's contact details
// and the location's address and zone).
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import type { Database } from '../../../db/mysql.js';
import { appointments, appointmentTypes, doctors, locations, patients } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import { type AppointmentRow, type PublicAppointment, publicAppointment } from './present.js';
import { newBookingReference } from './reference.js';

type Reader = Database | Tx;

export type { AppointmentRow };

/** Statuses of a visit that is in today's queue (waiting, called or with the doctor). */
export const IN_QUEUE = ['checked_in', 'called', 'in_progress'] as const;

export async function loadAppointment(db: Reader, id: string, opts: { forUpdate?: boolean } = {}): Promise<AppointmentRow> {
  const query = db.select().from(appointments).where(eq(appointments.id, id));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Appointment');
  return row;
}

/** The visit as the API shows it (with its type's key); 404 when there is none. */
export async function presentById(db: Reader, id: string): Promise<PublicAppointment> {
  const [row] = await db
    .select({ a: appointments, typeKey: appointmentTypes.key })
    .from(appointments)
    .leftJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .where(eq(appointments.id, id));
  if (!row) throw notFound('Appointment');
  return publicAppointment(row.a, row.typeKey);
}

/**
 * Inserts a visit with a fresh booking reference (retried on the rare clash), or with `reference`
 * when a visit takes over one (a reschedule); a clash on the (doctor, active start) unique index,
 * the database's own backstop, is SLOT_UNAVAILABLE.
 */
export async function insertAppointment(
  tx: Tx,
  values: Omit<typeof appointments.$inferInsert, 'bookingReference'>,
  reference?: string,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const [row] = await tx
        .insert(appointments)
        .values({ ...values, bookingReference: reference ?? newBookingReference() })
        .$returningId();
      return row!.id;
    } catch (err) {
      if (!reference && isDuplicateKey(err, 'appointments_reference_unique') && attempt < 5) continue;
      // The database's own backstop: another visit already holds this start.
      if (isDuplicateKey(err, 'appointments_doctor_active_start_unique'))
        throw new AppError(409, ErrorCode.SLOT_UNAVAILABLE, 'That time is already booked');
      throw err;
    }
  }
}

/**
 * Gives a visit a fresh booking reference and returns the one it had: a reschedule hands the
 * patient's reference on to the moved visit, and the replaced (cancelled) row keeps a new one.
 */
export async function releaseBookingReference(tx: Tx, id: string, current: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      await tx.update(appointments).set({ bookingReference: newBookingReference() }).where(eq(appointments.id, id));
      return current;
    } catch (err) {
      if (isDuplicateKey(err, 'appointments_reference_unique') && attempt < 5) continue;
      throw err;
    }
  }
}

/**
 * The patient's first visit with the doctor in [dayStart, dayEnd) that is still to happen or
 * happening (booked, confirmed, in the queue), or null: a walk-in for them would be a second visit.
 */
export async function visitOfPatientOnDay(tx: Tx, doctorId: string, patientId: string, dayStart: Date, dayEnd: Date) {
  const [row] = await tx
    .select({ id: appointments.id, startAt: appointments.startAt, status: appointments.status, ticket: appointments.ticket })
    .from(appointments)
    .where(
      and(
        eq(appointments.doctorId, doctorId),
        eq(appointments.patientId, patientId),
        gte(appointments.startAt, dayStart),
        lt(appointments.startAt, dayEnd),
        inArray(appointments.status, ['scheduled', 'confirmed', ...IN_QUEUE]),
      ),
    )
    .orderBy(asc(appointments.startAt))
    .limit(1);
  return row ?? null;
}

// ── A patient's upcoming visits (booking limits) ────────────────────────────────────────────

/**
 * The statuses of an upcoming visit: booked and not yet attended. A visit the patient has checked
 * in for is happening (today, at the desk), and cancelled, no-show and completed ones are over.
 */
const UPCOMING_STATUSES = ['scheduled', 'confirmed'] as const;

/**
 * The patient's upcoming visits at the location (starting after `now`, in UPCOMING_STATUSES), in
 * all and with this doctor; `excludeAppointmentId` leaves out a visit being moved. Booking calls it
 * under the doctor's and the patient's locks (visit-limits.ts).
 */
export async function upcomingVisitCounts(
  db: Reader,
  q: { patientId: string; doctorId: string; locationId: string; now: Date; excludeAppointmentId?: string },
): Promise<{ total: number; withDoctor: number }> {
  const [row] = await db
    .select({ total: sql`count(*)`, withDoctor: sql`coalesce(sum(${appointments.doctorId} = ${q.doctorId}), 0)` })
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, q.patientId),
        eq(appointments.locationId, q.locationId),
        gt(appointments.startAt, q.now),
        inArray(appointments.status, [...UPCOMING_STATUSES]),
        q.excludeAppointmentId ? ne(appointments.id, q.excludeAppointmentId) : undefined,
      ),
    );
  // COUNT and SUM come back as numbers or numeric strings depending on the driver's settings.
  return { total: Number(row?.total ?? 0), withDoctor: Number(row?.withDoctor ?? 0) };
}

/** The soonest visit ahead still `scheduled` of any of these patients (what an SMS "C" confirms). */
export async function nextUnconfirmedVisit(db: Reader, patientIds: string[], now: Date) {
  if (!patientIds.length) return null;
  const [visit] = await db
    .select({ id: appointments.id, patientId: appointments.patientId })
    .from(appointments)
    .where(and(inArray(appointments.patientId, patientIds), eq(appointments.status, 'scheduled'), gt(appointments.startAt, now)))
    .orderBy(asc(appointments.startAt), asc(appointments.id))
    .limit(1);
  return visit ?? null;
}

// ── The live queue and board ────────────────────────────────────────────────────────────────

/** A doctor's visits in today's queue (ticket date `today`), by check-in, with the patients' names and logins. */
export function queueRows(db: Reader, doctorId: string, today: string, locationId?: string) {
  return db
    .select({ a: appointments, firstName: patients.firstName, lastName: patients.lastName, userId: patients.userId })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(
      and(
        eq(appointments.doctorId, doctorId),
        locationId ? eq(appointments.locationId, locationId) : undefined,
        // Only today's tickets: a check-in left open yesterday is not today's queue.
        eq(appointments.ticketDate, today),
        inArray(appointments.status, [...IN_QUEUE]),
      ),
    )
    .orderBy(asc(appointments.checkedInAt));
}

/** The same queue without names, for a change made under the doctor's lock (call next). */
export function todaysQueue(tx: Tx, doctorId: string, today: string) {
  return tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.doctorId, doctorId), eq(appointments.ticketDate, today), inArray(appointments.status, [...IN_QUEUE])));
}

/** Booked visits in [from, to) whose patients have not checked in yet: they keep their time. */
export async function notArrivedVisits(db: Reader, doctorId: string, from: Date, to: Date): Promise<{ start: Date; end: Date }[]> {
  const rows = await db
    .select({ start: appointments.startAt, end: appointments.endAt })
    .from(appointments)
    .where(
      and(
        eq(appointments.doctorId, doctorId),
        eq(appointments.walkIn, false),
        inArray(appointments.status, ['scheduled', 'confirmed']),
        lt(appointments.startAt, to),
        gt(appointments.endAt, from),
      ),
    );
  return rows;
}

/** How long the doctor's last `limit` completed visits took (ms), newest first: the ETA's basis. */
export async function recentVisitDurations(db: Reader, doctorId: string, limit: number): Promise<number[]> {
  const rows = await db
    .select({ startedAt: appointments.startedAt, completedAt: appointments.completedAt })
    .from(appointments)
    .where(and(eq(appointments.doctorId, doctorId), eq(appointments.status, 'completed'), isNotNull(appointments.startedAt)))
    .orderBy(desc(appointments.completedAt))
    .limit(limit);
  return rows.filter((r) => r.startedAt && r.completedAt).map((r) => r.completedAt!.getTime() - r.startedAt!.getTime());
}

/** Doctors with patients in the queue at this location today (visiting doctors included). */
export async function doctorsQueuedAt(db: Reader, locationId: string, today: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: appointments.doctorId })
    .from(appointments)
    .where(and(eq(appointments.locationId, locationId), eq(appointments.ticketDate, today), inArray(appointments.status, [...IN_QUEUE])));
  return rows.map((r) => r.id);
}

/** Locations where the doctor has tickets today (a doctor may work at several). */
export async function locationsWithTicketsOf(db: Reader, doctorId: string, today: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ locationId: appointments.locationId })
    .from(appointments)
    .where(and(eq(appointments.doctorId, doctorId), eq(appointments.ticketDate, today)));
  return rows.map((r) => r.locationId);
}

/** Doctors the patient is checked in with and waiting for. */
export async function doctorsWaitedForBy(db: Reader, patientId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ doctorId: appointments.doctorId })
    .from(appointments)
    .where(and(eq(appointments.patientId, patientId), eq(appointments.status, 'checked_in')));
  return rows.map((r) => r.doctorId);
}

/** The last `limit` calls at the location on `today`, newest first, with each doctor's room and name. */
export function recentCallsAt(db: Reader, locationId: string, today: string, limit: number) {
  return db
    .select({
      ticket: appointments.ticket,
      calledAt: appointments.calledAt,
      room: doctors.room,
      firstName: doctors.firstName,
      lastName: doctors.lastName,
    })
    .from(appointments)
    .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
    .where(and(eq(appointments.locationId, locationId), eq(appointments.ticketDate, today), isNotNull(appointments.calledAt)))
    .orderBy(desc(appointments.calledAt))
    .limit(limit);
}

/** When each visit called at the location today was checked in and called (the live dashboard's waits). */
export function callsOfDay(db: Reader, locationId: string, today: string) {
  return db
    .select({ checkedInAt: appointments.checkedInAt, calledAt: appointments.calledAt })
    .from(appointments)
    .where(and(eq(appointments.locationId, locationId), eq(appointments.ticketDate, today), isNotNull(appointments.calledAt)));
}

// ── What notifications need ─────────────────────────────────────────────────────────────────

/**
 * A visit with what a reminder needs, in one query: its state, the patient's contact details and
 * preferences, and the location. The planner and the sender both decide on this, read now.
 */
export async function visitForNotification(db: Reader, appointmentId: string) {
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
      // Which wording of a notification template the patient gets (their language, else the location's).
      preferredLanguage: patients.preferredLanguage,
      locationLanguage: locations.language,
      doctorId: appointments.doctorId,
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

/** The visit this one replaced by a reschedule, or null. */
export async function rescheduledFrom(db: Reader, appointmentId: string): Promise<string | null> {
  const [row] = await db.select({ from: appointments.rescheduledFromId }).from(appointments).where(eq(appointments.id, appointmentId));
  return row?.from ?? null;
}

/** What `visitForNotification` reads, plus the doctor's name: one row per visit a batch of messages is about. */
export type VisitForNotification = NonNullable<Awaited<ReturnType<typeof visitForNotification>>> & {
  doctorFirstName: string | null;
  doctorLastName: string | null;
};

// visitForNotification for many visits at once as a server-side prepared statement (the worker's hot
// path: one statement per batch of sends, not a query built per send). The id list is padded to a
// power of two with the last id, so a connection keeps at most seven statements of this text.
const VISITS_SQL = `SELECT a.id, a.status, a.walk_in AS walkIn, a.start_at AS startAt, a.end_at AS endAt,
  a.cancel_reason AS cancelReason, a.rescheduled_from_id AS rescheduledFromId, a.created_at AS createdAt,
  a.booking_reference AS bookingReference, a.patient_id AS patientId, p.first_name AS firstName, p.email, p.phone,
  p.user_id AS userId, p.timezone, p.notify_email AS notifyEmail, p.notify_sms AS notifySms, p.notify_in_app AS notifyInApp,
  p.preferred_language AS preferredLanguage, l.language AS locationLanguage, a.doctor_id AS doctorId, l.name AS locationName,
  l.address AS locationAddress, l.phone AS locationPhone, l.timezone AS locationZone,
  d.first_name AS doctorFirstName, d.last_name AS doctorLastName
  FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN locations l ON l.id = a.location_id
  LEFT JOIN doctors d ON d.id = a.doctor_id WHERE a.id IN `;

export async function visitsForNotification(
  pool: { execute(sql: string, values: string[]): Promise<[unknown, unknown]> },
  ids: string[],
): Promise<Map<string, VisitForNotification>> {
  const found = new Map<string, VisitForNotification>();
  for (let i = 0; i < ids.length; i += 64) {
    const chunk = ids.slice(i, i + 64);
    const size = 2 ** Math.ceil(Math.log2(chunk.length));
    const values = Array.from({ length: size }, (_, j) => chunk[Math.min(j, chunk.length - 1)] as string);
    const [rows] = (await pool.execute(`${VISITS_SQL}(${Array(size).fill('?').join(',')})`, values)) as [VisitForNotification[], unknown];
    // Booleans arrive as TINYINT(1) numbers on the binary protocol.
    for (const r of rows) {
      const flags = { walkIn: Boolean(r.walkIn), notifyEmail: Boolean(r.notifyEmail), notifySms: Boolean(r.notifySms) };
      found.set(r.id, { ...r, ...flags, notifyInApp: Boolean(r.notifyInApp) });
    }
  }
  return found;
}
