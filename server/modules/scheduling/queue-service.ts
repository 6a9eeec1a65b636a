// The live views built from the queue rules (queue.ts): a doctor's queue (staff and the doctor:
// names and reasons) and a location's waiting-room board (public: tickets, rooms, ETAs and at
// most initials). Real-time pushes of these come with the board module.
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { boardDoctors, findDoctor } from '../doctors/repository.js';
import { doctorDisplayName } from '../doctors/service.js';
import { getLocation } from '../locations/repository.js';
import { triageTimes } from '../record/triage-repository.js';
import { doctorsQueuedAt, queueRows, recentCallsAt, recentVisitDurations } from './appointments-repository.js';
import { noShowAllowedFrom, queueFields, todayFor } from './lifecycle.js';
import { orderQueue, typicalVisitMinutes, waitingEtas } from './queue.js';

const RECENT_VISITS = 10;

/** The doctor's queue today; with `locationId`, only the visits at that location (its board). */
export async function doctorQueue(db: Database, doctorId: string, now = new Date(), locationId?: string) {
  const doctor = await findDoctor(db, doctorId);
  const rows = await queueRows(db, doctorId, await todayFor(db, doctorId, now), locationId);
  const items = rows.map((r) => ({
    ...queueFields(r.a),
    appointmentId: r.a.id,
    row: r.a,
    firstName: r.firstName,
    lastName: r.lastName,
    userId: r.userId,
  }));
  const { serving, waiting } = orderQueue(items);
  const visitMinutes = typicalVisitMinutes(await recentVisitDurations(db, doctorId, RECENT_VISITS), doctor.consultationMinutes);
  const etas = waitingEtas(serving, waiting.length, visitMinutes, now, doctor.delayMinutes);
  return { doctor, serving, waiting, etas, visitMinutes };
}

const patientOf = (i: { row: { patientId: string }; firstName: string; lastName: string }) => ({
  id: i.row.patientId,
  name: `${i.firstName} ${i.lastName}`,
});

export async function queueView(db: Database, doctorId: string, now = new Date()) {
  const { doctor, serving, waiting, etas } = await doctorQueue(db, doctorId, now);
  const current = serving[0];
  // Triage vitals taken at check-in (a nurse's): the doctor sees who has been measured.
  const triaged = await triageTimes(
    db,
    waiting.map((w) => w.appointmentId),
  );
  return {
    doctorId,
    seq: 0,
    delayMinutes: doctor.delayMinutes,
    nowServing: current
      ? {
          appointmentId: current.appointmentId,
          ticket: current.row.ticket ?? '',
          patient: patientOf(current),
          status: current.status,
          calledAt: current.calledAt?.toISOString() ?? null,
          noShowAllowedFrom: current.status === 'called' ? noShowAllowedFrom(current.row).toISOString() : null,
        }
      : null,
    waiting: waiting.map((w, i) => ({
      appointmentId: w.appointmentId,
      ticket: w.row.ticket ?? '',
      patient: patientOf(w),
      reason: w.row.reason,
      priority: w.priority,
      checkedInAt: w.checkedInAt.toISOString(),
      etaMinutes: etas[i]!,
      triagedAt: triaged.get(w.appointmentId) ?? null,
    })),
  };
}

/** "Ana Paula Costa" → "A. C.": first and last initials only, never the name. */
export function initials(firstName: string, lastName: string): string {
  const first = [...firstName.trim()][0] ?? '';
  const last = [...lastName.trim()][0] ?? '';
  return [first, last]
    .filter(Boolean)
    .map((c) => `${c.toUpperCase()}.`)
    .join(' ');
}

export async function boardView(db: Database, locationId: string, now = new Date()) {
  const location = await getLocation(db, locationId);
  // The location's own doctors, plus any visiting doctor with patients queued here today.
  const today = DateTime.fromJSDate(now, { zone: location.timezone }).toISODate()!;
  const docs = await boardDoctors(db, locationId, await doctorsQueuedAt(db, locationId, today));
  const columns = await Promise.all(
    docs.map(async (d) => {
      const { doctor, serving, waiting, etas } = await doctorQueue(db, d.id, now, locationId);
      return {
        doctorId: d.id,
        name: doctorDisplayName(d),
        room: d.room,
        delayMinutes: doctor.delayMinutes,
        nowServing: serving[0] ? { ticket: serving[0].row.ticket ?? '' } : null,
        waiting: waiting.map((w, i) => ({
          ticket: w.row.ticket ?? '',
          etaMinutes: etas[i]!,
          patientLabel: location.boardShowsInitials ? initials(w.firstName, w.lastName) : null,
        })),
      };
    }),
  );
  return {
    locationId,
    seq: 0,
    generatedAt: now.toISOString(),
    doctors: columns,
    recentCalls: await recentCalls(db, locationId, location.timezone, now),
  };
}

const RECENT_CALLS = 5;

/** The last calls at the location today, newest first: screens show them under the banner. */
async function recentCalls(db: Database, locationId: string, timezone: string, now: Date) {
  const today = DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
  const rows = await recentCallsAt(db, locationId, today, RECENT_CALLS);
  return rows.map((r) => ({ ticket: r.ticket ?? '', room: r.room, doctorName: doctorDisplayName(r), calledAt: r.calledAt!.toISOString() }));
}
