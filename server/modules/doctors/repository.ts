// The doctors' tables, owned here: doctors, their weekly schedule rules and their time off.
// Scheduling, the live views and messaging read a doctor through these functions. Two reads join
// the locations table (read-only, in the same query, because they run on every booking and every
// queue change): the weekly rules carry each location's zone, and a doctor's home zone gives
// "today" for their queue.
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { doctors, locations, scheduleRules, specialties, unavailability } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';
import type { WeeklyRule } from '../scheduling/slots.js';

type Reader = Database | Tx;
export type DoctorRow = typeof doctors.$inferSelect;

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

const bookingColumns = {
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
  const [row] = await tx.select(bookingColumns).from(doctors).where(eq(doctors.id, doctorId)).for('update');
  if (!row) throw notFound('Doctor');
  return row;
}

/** What booking and the queue need of a doctor; 404 when there is none. */
export async function findDoctor(db: Reader, doctorId: string): Promise<DoctorForBooking> {
  const [row] = await db.select(bookingColumns).from(doctors).where(eq(doctors.id, doctorId));
  if (!row) throw notFound('Doctor');
  return row;
}

/** The whole row (room, names, login), or null. */
export async function findDoctorRow(db: Reader, doctorId: string): Promise<DoctorRow | null> {
  const [row] = await db.select().from(doctors).where(eq(doctors.id, doctorId));
  return row ?? null;
}

/** A running-late doctor's delay, set inside the caller's transaction (which holds lockDoctor). */
export async function setDelayMinutes(tx: Tx, doctorId: string, minutes: number): Promise<void> {
  await tx.update(doctors).set({ delayMinutes: minutes }).where(eq(doctors.id, doctorId));
}

/** The doctors a location's board shows: its own active doctors and any listed visiting ones, by room. */
export function boardDoctors(db: Reader, locationId: string, visitingIds: string[]) {
  return db
    .select({ id: doctors.id, firstName: doctors.firstName, lastName: doctors.lastName, room: doctors.room })
    .from(doctors)
    .where(
      or(
        and(eq(doctors.locationId, locationId), eq(doctors.active, true)),
        visitingIds.length ? inArray(doctors.id, visitingIds) : undefined,
      ),
    )
    .orderBy(asc(doctors.room), asc(doctors.lastName));
}

/** Room and display name of some doctors, by id. */
export function doctorsByIds(db: Reader, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select({ id: doctors.id, firstName: doctors.firstName, lastName: doctors.lastName, room: doctors.room, userId: doctors.userId })
    .from(doctors)
    .where(inArray(doctors.id, ids));
}

/** The IANA zone of the doctor's home location ('UTC' if the doctor is unknown): their queue's "today". */
export async function doctorHomeZone(db: Reader, doctorId: string): Promise<string> {
  const [row] = await db
    .select({ timezone: locations.timezone })
    .from(doctors)
    .innerJoin(locations, eq(locations.id, doctors.locationId))
    .where(eq(doctors.id, doctorId));
  return row?.timezone ?? 'UTC';
}

/** The doctor's weekly rules at active locations, each with its location's zone. */
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
    // A deactivated location's hours are no hours: no slots there, no bookings.
    .where(and(eq(scheduleRules.doctorId, doctorId), eq(locations.active, true)));
  return rows.map((r) => ({ ...r, start: r.start.slice(0, 5), end: r.end.slice(0, 5), breaks: r.breaks ?? [] }));
}

/** What a prescription says about its prescriber (frozen at signing), and the login to notify; null when no such doctor. */
export async function prescriberFacts(db: Reader, doctorId: string) {
  const [row] = await db
    .select({
      userId: doctors.userId,
      firstName: doctors.firstName,
      lastName: doctors.lastName,
      licenseNumber: doctors.licenseNumber,
      specialization: specialties.name,
    })
    .from(doctors)
    .leftJoin(specialties, eq(specialties.id, doctors.specialtyId))
    .where(eq(doctors.id, doctorId));
  return row ?? null;
}

/** One time off of a doctor (leave, a holiday), or null. */
export async function findUnavailability(db: Reader, id: string) {
  const [row] = await db
    .select({ id: unavailability.id, doctorId: unavailability.doctorId, startAt: unavailability.startAt, endAt: unavailability.endAt })
    .from(unavailability)
    .where(eq(unavailability.id, id));
  return row ?? null;
}
