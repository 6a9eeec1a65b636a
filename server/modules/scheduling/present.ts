// How an appointment looks in the API. One shape for every caller that may see it. Loading one
// is the repository's job (appointments-repository.ts).
import type { appointments } from '../../../db/schema/index.js';
import { cancelGraceEndsAt } from './cutoff.js';

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
    cancelGraceEndsAt: cancelGraceEndsAt(row.createdAt).toISOString(),
  };
}

export type PublicAppointment = ReturnType<typeof publicAppointment>;
