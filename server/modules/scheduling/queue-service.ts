// The live views built from the queue rules (queue.ts): a doctor's queue (staff and the doctor:
// names and reasons) and a location's waiting-room board (public: tickets, rooms, ETAs and at
// most initials). Real-time pushes of these come with the board module.
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { notFound } from '../../errors.js';
import { findDoctor } from '../doctors/repository.js';
import { doctorDisplayName } from '../doctors/service.js';
import { triageTimes } from '../record/triage-repository.js';
import { queueRows, recentVisitDurations } from './appointments-repository.js';
import { type BoardQueueRow, boardRows, RECENT_CALLS, RECENT_VISITS } from './board-repository.js';
import { noShowAllowedFrom, queueFields, todayFor } from './lifecycle.js';
import { orderQueue, type QueueItem, typicalVisitMinutes, waitingEtas } from './queue.js';

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

/**
 * A location's waiting-room board, from one statement (board-repository.ts). The location's
 * own active doctors, plus any visiting doctor with patients queued here today (the location's
 * today); each doctor's column is their queue here on their own today (their home zone's), with
 * the same order and ETA rules as their queue; then the last calls here today.
 */
export async function boardView(db: Database, locationId: string, now = new Date()) {
  const utc = DateTime.fromJSDate(now, { zone: 'UTC' });
  // Any zone's local date is one of these three.
  const dates = [utc.minus({ days: 1 }), utc, utc.plus({ days: 1 })].map((d) => d.toISODate()!);
  const rows = await boardRows(db, locationId, dates);
  if (!rows.location) throw notFound('Location');
  const { location } = rows;
  const todayIn = new Map<string, string>();
  const today = (zone: string) => {
    const known = todayIn.get(zone);
    if (known) return known;
    const date = DateTime.fromJSDate(now, { zone }).toISODate()!;
    todayIn.set(zone, date);
    return date;
  };
  const here = today(location.timezone);
  const queuedHere = new Set(rows.queue.filter((r) => r.ticketDate === here).map((r) => r.doctorId));
  const columns = rows.doctors
    .filter((d) => d.own || queuedHere.has(d.id))
    .map((d) => {
      const theirs = today(d.homeZone);
      const items = rows.queue.filter((r) => r.doctorId === d.id && r.ticketDate === theirs).map((r) => ({ ...queueItem(r), row: r }));
      const { serving, waiting } = orderQueue(items);
      const visitMinutes = typicalVisitMinutes(rows.durations.get(d.id) ?? [], d.consultationMinutes);
      const etas = waitingEtas(serving, waiting.length, visitMinutes, now, d.delayMinutes);
      return {
        doctorId: d.id,
        name: doctorDisplayName(d),
        room: d.room,
        delayMinutes: d.delayMinutes,
        nowServing: serving[0] ? { ticket: serving[0].row.ticket ?? '' } : null,
        waiting: waiting.map((w, i) => ({
          ticket: w.row.ticket ?? '',
          etaMinutes: etas[i]!,
          patientLabel: location.initials ? initials(w.row.firstName, w.row.lastName) : null,
        })),
      };
    });
  return {
    locationId,
    seq: 0,
    generatedAt: now.toISOString(),
    doctors: columns,
    // The last calls at the location today, newest first: screens show them under the banner.
    recentCalls: rows.calls
      .filter((c) => c.ticketDate === here)
      .slice(0, RECENT_CALLS)
      .map((c) => ({ ticket: c.ticket ?? '', room: c.room, doctorName: doctorDisplayName(c), calledAt: c.calledAt.toISOString() })),
  };
}

/** A board row as the queue rules see it (lifecycle.ts queueFields, for the board's columns). */
function queueItem(r: BoardQueueRow): QueueItem {
  return {
    appointmentId: r.id,
    status: r.status,
    priority: r.priority,
    walkIn: r.walkIn,
    frontOfQueue: r.frontOfQueue,
    startAt: r.startAt,
    checkedInAt: r.checkedInAt ?? r.startAt,
    calledAt: r.calledAt,
    startedAt: r.startedAt,
  };
}
