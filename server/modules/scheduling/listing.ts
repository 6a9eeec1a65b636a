// GET /api/appointments: filtered, paginated, and scoped to the caller: a patient sees only
// their own visits, a doctor only theirs, staff everything.
import { and, asc, count, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { type AppointmentStatus, appointments, appointmentTypes } from '../../../db/schema/index.js';
import { forbidden } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { locationZones } from '../locations/repository.js';
import { isStaff } from './access.js';
import { publicAppointment } from './present.js';

export interface ListFilter {
  doctorId?: string;
  patientId?: string;
  /** A calendar day, in each location's own time zone. */
  date?: string;
  status?: AppointmentStatus;
  limit: number;
  offset: number;
}

function scope(actor: UserPrincipal, filter: ListFilter): { doctorId?: string; patientId?: string } {
  if (isStaff(actor)) return { doctorId: filter.doctorId, patientId: filter.patientId };
  if (actor.role === 'patient') {
    if (filter.patientId && filter.patientId !== actor.patientId) throw forbidden('Patients see only their own appointments');
    return { doctorId: filter.doctorId, patientId: actor.patientId ?? '-' };
  }
  if (actor.role === 'doctor') {
    if (filter.doctorId && filter.doctorId !== actor.doctorId) throw forbidden('Doctors see only their own appointments');
    return { doctorId: actor.doctorId ?? '-', patientId: filter.patientId };
  }
  throw forbidden();
}

/** "2026-12-01" as the UTC range of that day in every location's zone. */
async function dayRanges(db: Database, date: string): Promise<SQL | undefined> {
  const zones = await locationZones(db);
  const perLocation = zones.map((z) => {
    const start = DateTime.fromISO(date, { zone: z.timezone }).startOf('day');
    return and(
      eq(appointments.locationId, z.id),
      gte(appointments.startAt, start.toJSDate()),
      lt(appointments.startAt, start.plus({ days: 1 }).toJSDate()),
    );
  });
  return perLocation.length ? or(...perLocation) : eq(appointments.id, '-');
}

export async function listAppointments(db: Database, actor: UserPrincipal, filter: ListFilter) {
  const who = scope(actor, filter);
  const where = and(
    who.doctorId ? eq(appointments.doctorId, who.doctorId) : undefined,
    who.patientId ? eq(appointments.patientId, who.patientId) : undefined,
    filter.status ? inArray(appointments.status, [filter.status]) : undefined,
    filter.date ? await dayRanges(db, filter.date) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ a: appointments, typeKey: appointmentTypes.key })
      .from(appointments)
      .leftJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
      .where(where)
      .orderBy(asc(appointments.startAt), asc(appointments.id))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ n: count() }).from(appointments).where(where),
  ]);
  return {
    appointments: rows.map((r) => publicAppointment(r.a, r.typeKey)),
    total: total?.n ?? 0,
    limit: filter.limit,
    offset: filter.offset,
  };
}
