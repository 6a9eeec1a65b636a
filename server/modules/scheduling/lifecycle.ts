// The visit lifecycle after booking: confirm, check in (with a queue ticket), call, start,
// complete, cancel, no-show. Every transition is checked against transitions.ts, stamps its
// time and actor, and writes an outbox event in the same transaction.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import { appointments } from '../../../db/schema/index.js';
import { type Tx, transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { billCompletedVisit } from '../billing/visit-billing.js';
import { doctorHomeZone, lockDoctor } from '../doctors/repository.js';
import { locationZone } from '../locations/repository.js';
import { assertCanAct, assertCanWorkQueue } from './access.js';
import { loadAppointment, presentById, todaysQueue } from './appointments-repository.js';
import { type CutoffCheck, patientCutoff, withinCancelGrace } from './cutoff.js';
import { type AppointmentEventType, recordEvent } from './outbox.js';
import type { AppointmentRow, PublicAppointment } from './present.js';
import { orderQueue } from './queue.js';
import { nextTicket } from './tickets.js';
import { type Action, assertTransition, TARGET } from './transitions.js';

type SimpleAction = Exclude<Action, 'reschedule' | 'checkIn' | 'call' | 'undoCall'>;

export const UNDO_CALL_MS = 60_000;
/**
 * How long after a call a patient who does not come may be marked a no-show (5 minutes), whatever
 * the visit's booked time: an early patient called at 10:40 for 11:00 who has gone for a coffee
 * need not hold the doctor's room until 11:00. Before the call, the booked start is the bar.
 */
export const NO_SHOW_AFTER_CALL_MS = 5 * 60_000;

/** The columns each simple transition stamps; `by` is null when the system acts (e.g. the no-show sweep). */
export const STAMPS: Record<SimpleAction, (now: Date, by: string | null) => Partial<AppointmentRow>> = {
  confirm: (now, by) => ({ confirmedAt: now, confirmedBy: by }),
  start: (now, by) => ({ startedAt: now, startedBy: by }),
  complete: (now, by) => ({ completedAt: now, completedBy: by }),
  cancel: (now, by) => ({ cancelledAt: now, cancelledBy: by }),
  noShow: (now, by) => ({ noShowAt: now, noShowBy: by }),
};

const EVENTS: Record<Exclude<Action, 'reschedule'>, AppointmentEventType> = {
  confirm: 'appointment.confirmed',
  checkIn: 'appointment.checked_in',
  call: 'appointment.called',
  start: 'appointment.started',
  complete: 'appointment.completed',
  cancel: 'appointment.cancelled',
  noShow: 'appointment.no_show',
  undoCall: 'appointment.call_undone',
};

/**
 * From when a visit may be marked a no-show: NO_SHOW_AFTER_CALL_MS after its call once it is
 * called (whatever its booked time), else its booked start.
 */
export function noShowAllowedFrom(row: { calledAt: Date | null; startAt: Date }): Date {
  return row.calledAt ? new Date(row.calledAt.getTime() + NO_SHOW_AFTER_CALL_MS) : row.startAt;
}

/** Today's date at the doctor's home location: the day whose tickets form the queue. */
export async function todayFor(db: Tx | Database, doctorId: string, now: Date): Promise<string> {
  return DateTime.fromJSDate(now, { zone: await doctorHomeZone(db, doctorId) }).toISODate()!;
}

export class LifecycleService {
  constructor(
    private readonly db: Database,
    private readonly cutoff: CutoffCheck = patientCutoff,
  ) {}

  /**
   * Runs one transition under the doctor's lock (queue changes of one doctor never interleave),
   * re-reading the appointment inside the transaction so the check and the write see the same row.
   */
  private async transition(
    actor: UserPrincipal,
    appointmentId: string,
    action: Exclude<Action, 'reschedule'>,
    change: (tx: Tx, row: AppointmentRow, now: Date) => Promise<Partial<AppointmentRow>>,
    now = new Date(),
  ): Promise<PublicAppointment> {
    return transactionWithRetry(this.db, async (tx) => {
      const peek = await loadAppointment(tx, appointmentId);
      assertCanAct(actor, action, peek);
      await lockDoctor(tx, peek.doctorId);
      const row = await loadAppointment(tx, appointmentId, { forUpdate: true });
      // The state comes first: an invalid transition is refused as such, whatever else is wrong.
      assertTransition(action, row.status);
      return this.apply(tx, actor, row, action, await change(tx, row, now));
    });
  }

  /** Checks and writes one transition of a row already locked in `tx`, with its outbox event. */
  private async apply(
    tx: Tx,
    actor: UserPrincipal,
    row: AppointmentRow,
    action: Exclude<Action, 'reschedule'>,
    values: Partial<AppointmentRow>,
  ) {
    return applyTransition(tx, row, action, values, actor.userId);
  }

  private simple(action: SimpleAction) {
    return (actor: UserPrincipal, id: string) =>
      this.transition(actor, id, action, async (_tx, _row, now) => STAMPS[action](now, actor.userId));
  }

  confirm = this.simple('confirm');
  start = this.simple('start');
  /** Completing bills the visit in the same transaction (billing/visit-billing.ts): its invoice with the consultation line. */
  complete = (actor: UserPrincipal, id: string) =>
    this.transition(actor, id, 'complete', async (tx, row, now) => {
      await billCompletedVisit(tx, row, actor.userId, now);
      return STAMPS.complete(now, actor.userId);
    });

  /** Within a minute of a call, the call can be taken back: the patient returns to the head of the queue. */
  undoCall = (actor: UserPrincipal, id: string) =>
    this.transition(actor, id, 'undoCall', async (_tx, row, now) => {
      if (!row.calledAt || now.getTime() - row.calledAt.getTime() > UNDO_CALL_MS) {
        throw new AppError(409, ErrorCode.UNDO_TOO_LATE, 'A call can be undone only within a minute');
      }
      return { calledAt: null, calledBy: null, frontOfQueue: true };
    });

  /** Nobody is a no-show too early: see noShowAllowedFrom. */
  noShow = (actor: UserPrincipal, id: string) =>
    this.transition(actor, id, 'noShow', async (tx, row, now) => {
      const allowedFrom = noShowAllowedFrom(row);
      if (now < allowedFrom) {
        const zone = await locationZone(tx, row.locationId);
        const from = DateTime.fromJSDate(allowedFrom, { zone });
        const sameDay = from.toISODate() === DateTime.fromJSDate(now, { zone }).toISODate();
        const local = sameDay ? from.toFormat('HH:mm') : `${from.toISODate()} at ${from.toFormat('HH:mm')}`;
        const message = row.calledAt
          ? `The patient was called less than ${NO_SHOW_AFTER_CALL_MS / 60_000} minutes ago; they can be marked a no-show from ${local}`
          : `This visit starts ${sameDay ? 'at' : 'on'} ${local}; it can be marked a no-show from then`;
        throw new AppError(409, ErrorCode.NO_SHOW_TOO_EARLY, message, {
          allowedFrom: allowedFrom.toISOString(),
        });
      }
      return STAMPS.noShow(now, actor.userId);
    });

  /** A patient cancels outside the cut-off, or within the grace after booking the visit themself (cutoff.ts). */
  cancel(actor: UserPrincipal, id: string, reason: string | undefined) {
    return this.transition(actor, id, 'cancel', async (tx, row, now) => {
      if (!withinCancelGrace(actor, row, now)) await this.cutoff(tx, actor, row, now);
      return { ...STAMPS.cancel(now, actor.userId), cancelReason: reason?.trim() || null };
    });
  }

  /** Check-in on the day of the visit hands out the next ticket of the doctor's prefix. */
  checkIn(actor: UserPrincipal, id: string) {
    return this.transition(actor, id, 'checkIn', async (tx, row, now) => {
      const zone = await locationZone(tx, row.locationId);
      const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
      const visitDay = DateTime.fromJSDate(row.startAt, { zone }).toISODate()!;
      if (today !== visitDay) {
        throw new AppError(409, ErrorCode.CHECK_IN_NOT_TODAY, `This visit is on ${visitDay}; patients check in on the day`, { visitDay });
      }
      const doctor = await lockDoctor(tx, row.doctorId);
      const ticket = await nextTicket(tx, row.locationId, today, doctor.ticketPrefix);
      return { checkedInAt: now, checkedInBy: actor.userId, ticket, ticketDate: today };
    });
  }

  /** Calls the first waiting patient of the doctor's queue (queue.ts decides who that is). */
  async callNext(actor: UserPrincipal, doctorId: string, now = new Date()): Promise<PublicAppointment> {
    assertCanWorkQueue(actor, doctorId);
    return transactionWithRetry(this.db, async (tx) => {
      await lockDoctor(tx, doctorId);
      const today = await todayFor(tx, doctorId, now);
      const inQueue = await todaysQueue(tx, doctorId, today);
      const busy = inQueue.find((a) => a.status !== 'checked_in');
      if (busy) {
        throw new AppError(
          409,
          ErrorCode.DOCTOR_BUSY,
          `Ticket ${busy.ticket ?? ''} is still ${busy.status.replace('_', ' ')}: complete it or mark a no-show first`,
        );
      }
      const waiting = inQueue;
      const items = waiting.map((row) => ({ row, appointmentId: row.id, ...queueFields(row) }));
      const first = orderQueue(items).waiting[0];
      if (!first) throw new AppError(409, ErrorCode.QUEUE_EMPTY, 'Nobody is waiting for this doctor');
      return this.apply(tx, actor, first.row, 'call', { calledAt: now, calledBy: actor.userId, frontOfQueue: false });
    });
  }
}

/**
 * Checks and writes one transition of a row already locked in `tx`, with its outbox event.
 * `by` is the acting user, or null when the system acts (the no-show sweep).
 */
export async function applyTransition(
  tx: Tx,
  row: AppointmentRow,
  action: Exclude<Action, 'reschedule'>,
  values: Partial<AppointmentRow>,
  by: string | null,
): Promise<PublicAppointment> {
  assertTransition(action, row.status);
  await tx
    .update(appointments)
    .set({ ...values, status: TARGET[action] })
    .where(eq(appointments.id, row.id));
  const updated = await presentById(tx, row.id);
  await recordEvent(tx, EVENTS[action], row.id, {
    appointmentId: row.id,
    doctorId: row.doctorId,
    patientId: row.patientId,
    locationId: row.locationId,
    from: row.status,
    status: updated.status,
    ticket: updated.ticket,
    by,
  });
  return updated;
}

/** The fields of an appointment row the queue rules look at. */
export function queueFields(row: AppointmentRow) {
  return {
    status: row.status as 'checked_in' | 'called' | 'in_progress',
    priority: row.priority,
    walkIn: row.walkIn,
    frontOfQueue: row.frontOfQueue,
    startAt: row.startAt,
    checkedInAt: row.checkedInAt ?? row.startAt,
    calledAt: row.calledAt,
    startedAt: row.startedAt,
  };
}
