// How an appointment looks in the API. One shape for every caller that may see it.
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { appointments, appointmentTypes } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';

export type AppointmentRow = typeof appointments.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function publicAppointment(row: AppointmentRow, typeKey: string | null = null) {
  return {
    id: row.id,
    bookingReference: row.bookingReference,
    doctorId: row.doctorId,
    patientId: row.patientId,
    locationId: row.locationId,
    startAt: row.startAt.toISOString(),
    endAt: row.endAt.toISOString(),
    status: row.status,
    type: typeKey,
    reason: row.reason,
    priority: row.priority,
    walkIn: row.walkIn,
    ticket: row.ticket,
    overbooked: row.overbooked,
    overbookReason: row.overbookReason,
    rescheduledFromId: row.rescheduledFromId,
    createdBy: row.createdBy,
    confirmedAt: iso(row.confirmedAt),
    checkedInAt: iso(row.checkedInAt),
    calledAt: iso(row.calledAt),
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
    cancelledAt: iso(row.cancelledAt),
    cancelledBy: row.cancelledBy,
    cancelReason: row.cancelReason,
    noShowAt: iso(row.noShowAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export type PublicAppointment = ReturnType<typeof publicAppointment>;

export async function loadAppointment(db: Database | Tx, id: string, opts: { forUpdate?: boolean } = {}): Promise<AppointmentRow> {
  const query = db.select().from(appointments).where(eq(appointments.id, id));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Appointment');
  return row;
}

export async function presentById(db: Database | Tx, id: string): Promise<PublicAppointment> {
  const [row] = await db
    .select({ a: appointments, typeKey: appointmentTypes.key })
    .from(appointments)
    .leftJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .where(eq(appointments.id, id));
  if (!row) throw notFound('Appointment');
  return publicAppointment(row.a, row.typeKey);
}
