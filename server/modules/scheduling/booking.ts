// Booking, recurring booking, rescheduling, slot holds and walk-ins. Each runs in one
// transaction that first locks the doctor's row (doctors/repository.ts), then checks the slot
// (slot-rules.ts) against the weekly rules, unavailability, other visits (any overlap, not just the
// same start) and other patients' holds, then writes the visit and its outbox event. The unique index on
// (doctor, active_start) backs this up in the database itself.
// Booking, series, holds and reschedules also lock the patient's row, right after the doctor's
// (lock order: doctor, then patient, everywhere), and a patient booking for themself is held to the
// location's booking limits inside that transaction (visit-limits.ts).
// Long file: the five ways a visit comes to be share one locking order and one set of checks, kept side by side.
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { appointments, slotHolds } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { lockDoctor, weeklyRules } from '../doctors/repository.js';
import { locationZone } from '../locations/repository.js';
import { assertPatientExists, lockPatient } from '../patients/repository.js';
import { assertCanAct, bookingPatient, isStaff } from './access.js';
import {
  insertAppointment,
  loadAppointment,
  presentById,
  releaseBookingReference,
  visitOfPatientOnDay,
} from './appointments-repository.js';
import { busyAround, insertBookedVisit, lockDoctorWithRules } from './booking-statements.js';
import type { CutoffCheck } from './cutoff.js';
import { claimKey, type IdempotencyContext, recordAnswer } from './idempotency.js';
import { recordEvent, recordEventPrepared } from './outbox.js';
import { type PublicAppointment, publicAppointment } from './present.js';
import { assertSlotFree, judgeBusy, judgeHours, judgeSlot, MINUTE, slotUnavailable, visitLength } from './slot-rules.js';
import { checkSlot } from './slots.js';
import { nextTicket } from './tickets.js';
import { assertTransition, RESCHEDULED_REASON } from './transitions.js';
import { assertSeriesWithinLimit, assertWithinVisitLimits, boundByVisitLimits } from './visit-limits.js';

export const HOLD_MINUTES = 5;
/** Longest visit a hold may cover: a hold must not blank out a doctor's day. */
const MAX_HOLD_MINUTES = 120;

export interface BookingInput {
  doctorId: string;
  patientId?: string;
  startAt: string;
  reason?: string;
  type?: string;
  /** Staff only: book over another visit on purpose. */
  overbook?: { reason: string };
}

const eventPayload = (a: PublicAppointment) => ({
  appointmentId: a.id,
  doctorId: a.doctorId,
  patientId: a.patientId,
  locationId: a.locationId,
  startAt: a.startAt,
  endAt: a.endAt,
  status: a.status,
});

/** 409 DUPLICATE_VISIT for a walk-in of a patient who has `existing` with the doctor today. */
function duplicateVisit(existing: { id: string; startAt: Date; status: string; ticket: string | null }, zone: string) {
  const details = {
    appointmentId: existing.id,
    startAt: existing.startAt.toISOString(),
    status: existing.status,
    ticket: existing.ticket,
  };
  const time = DateTime.fromJSDate(existing.startAt, { zone }).toFormat('HH:mm');
  const message =
    existing.status === 'scheduled' || existing.status === 'confirmed'
      ? `This patient has a visit with this doctor today at ${time}: check that visit in instead, or add the walk-in anyway`
      : `This patient is already in this doctor's queue today${existing.ticket ? ` (ticket ${existing.ticket})` : ''}`;
  // errorBody puts them under `details`, as the contract names them, and at the top level.
  return new AppError(409, ErrorCode.DUPLICATE_VISIT, message, details);
}

export class BookingService {
  constructor(private readonly db: Database) {}

  /**
   * One visit. The hot path of the API (booking-statements.ts): prepared statements, the doctor's
   * rules read with their lock, no patient check before the transaction (staff booking for a patient
   * that does not exist are refused by the foreign key, 404 as before), and the 201 built from the
   * row as inserted. A patient booking for themself still locks their own row (visit limits).
   */
  async book(actor: UserPrincipal, input: BookingInput, idem: IdempotencyContext | null, now = new Date()): Promise<PublicAppointment> {
    const patientId = bookingPatient(actor, input.patientId);
    if (input.overbook && !isStaff(actor)) throw forbidden('Only staff can overbook');
    // Overbooking is never silent: it needs a real reason, not blanks.
    if (input.overbook && input.overbook.reason.trim().length < 3)
      throw badRequest('An overbooking needs a reason of at least 3 characters');
    const start = new Date(input.startAt);
    const limited = boundByVisitLimits(actor);
    return transactionWithRetry(this.db, async (tx) => {
      await claimKey(tx, idem);
      // Only visit limits need the patient's row held (locked after the doctor's).
      const { doctor, rules } = await lockDoctorWithRules(tx, input.doctorId, limited ? patientId : undefined);
      const { minutes, typeId } = await visitLength(tx, doctor, input.type);
      const hours = judgeHours(doctor, rules, start, minutes, now);
      if (!hours.ok) throw new AppError(hours.status, hours.code, hours.message);
      const end = new Date(start.getTime() + minutes * MINUTE);
      const verdict = judgeBusy(await busyAround(tx, doctor.id, start, end, now), patientId, start, end, hours.locationId, {
        overbook: Boolean(input.overbook),
      });
      if (!verdict.ok) throw new AppError(verdict.status, verdict.code, verdict.message);
      const { locationId, ownHold, overlapsVisit } = verdict;
      if (limited) await assertWithinVisitLimits(tx, { patientId, doctorId: doctor.id, locationId, adding: 1, now });
      // Marked as an overbooking only when it really lands on another visit.
      const overbooked = Boolean(input.overbook) && overlapsVisit;
      const row = await insertBookedVisit(tx, {
        id: newId(),
        doctorId: doctor.id,
        patientId,
        locationId,
        typeId,
        startAt: start,
        endAt: end,
        reason: input.reason?.trim() || null,
        overbooked,
        overbookReason: overbooked ? (input.overbook?.reason.trim() ?? null) : null,
        createdBy: actor.userId,
        createdAt: new Date(),
      });
      // The patient's own hold on this slot has served its purpose.
      if (ownHold) await tx.delete(slotHolds).where(and(eq(slotHolds.doctorId, doctor.id), eq(slotHolds.patientId, patientId)));
      const created = publicAppointment(row, typeId ? (input.type ?? null) : null);
      await recordEventPrepared(tx, 'appointment.booked', row.id, { ...eventPayload(created), overbooked, by: actor.userId });
      await recordAnswer(tx, idem, 201, created);
      return created;
    });
  }

  /**
   * The same weekly time for `occurrences` weeks (same local wall-clock time, across DST). Every
   * occurrence is checked; if any is taken, nothing is booked and each conflict is reported. A
   * patient's own series is held to the location's series length and visit limits, all or nothing.
   */
  async bookWeekly(actor: UserPrincipal, input: BookingInput & { occurrences: number }, idem: IdempotencyContext | null, now = new Date()) {
    const patientId = bookingPatient(actor, input.patientId);
    await assertPatientExists(this.db, patientId);
    return transactionWithRetry(this.db, async (tx) => {
      await claimKey(tx, idem);
      const doctor = await lockDoctor(tx, input.doctorId);
      // One answer for the whole series rather than the same refusal for every week.
      if (!doctor.active) throw new AppError(409, ErrorCode.DOCTOR_INACTIVE, 'This doctor is not taking appointments');
      await lockPatient(tx, patientId);
      const { minutes, typeId } = await visitLength(tx, doctor, input.type);
      // The series keeps the local wall time of the location the first visit is at.
      const firstCheck = checkSlot(await weeklyRules(tx, doctor.id), new Date(input.startAt), minutes, doctor.consultationMinutes);
      const firstLocationId = firstCheck.ok ? firstCheck.locationId : doctor.locationId;
      if (boundByVisitLimits(actor)) await assertSeriesWithinLimit(tx, firstLocationId, input.occurrences);
      const zone = await locationZone(tx, firstLocationId);
      const first = DateTime.fromISO(input.startAt, { zone });
      const starts = Array.from({ length: input.occurrences }, (_, i) => first.plus({ weeks: i }).toJSDate());
      const conflicts: { startAt: string; code: ErrorCode; message: string }[] = [];
      const locationIds: string[] = [];
      for (const start of starts) {
        const verdict = await judgeSlot(tx, doctor, patientId, start, minutes, now, { overbook: false });
        if (verdict.ok) locationIds.push(verdict.locationId);
        else conflicts.push({ startAt: start.toISOString(), code: verdict.code, message: verdict.message });
      }
      if (conflicts.length) {
        throw slotUnavailable(`${conflicts.length} of ${starts.length} weeks cannot be booked; nothing was booked`, { conflicts });
      }
      if (boundByVisitLimits(actor)) {
        // Counted per location (a doctor's weekday may be at another site), the whole series at once.
        for (const locationId of new Set(locationIds)) {
          const adding = locationIds.filter((l) => l === locationId).length;
          await assertWithinVisitLimits(tx, { patientId, doctorId: doctor.id, locationId, adding, now });
        }
      }
      const created: PublicAppointment[] = [];
      for (const [i, start] of starts.entries()) {
        const id = await insertAppointment(tx, {
          doctorId: doctor.id,
          patientId,
          locationId: locationIds[i]!,
          typeId,
          startAt: start,
          endAt: new Date(start.getTime() + minutes * MINUTE),
          status: 'scheduled',
          reason: input.reason?.trim() || null,
          createdBy: actor.userId,
        });
        const appointment = await presentById(tx, id);
        await recordEvent(tx, 'appointment.booked', id, { ...eventPayload(appointment), by: actor.userId });
        created.push(appointment);
      }
      const answer = { appointments: created };
      await recordAnswer(tx, idem, 201, answer);
      return answer;
    });
  }

  /** Moves a visit: the old one is cancelled ("Rescheduled") and a new one, with the same booking reference, links back to it. */
  async reschedule(
    actor: UserPrincipal,
    appointmentId: string,
    input: { startAt: string; type?: string },
    cutoff: CutoffCheck,
    now = new Date(),
  ) {
    const start = new Date(input.startAt);
    // Read before the transaction: its doctor and patient never change, and a plain read inside it
    // before the locks would start its snapshot too early to see what the lock holders committed.
    const peek = await loadAppointment(this.db, appointmentId);
    assertCanAct(actor, 'reschedule', peek);
    return transactionWithRetry(this.db, async (tx) => {
      const doctor = await lockDoctor(tx, peek.doctorId);
      await lockPatient(tx, peek.patientId);
      const old = await loadAppointment(tx, appointmentId, { forUpdate: true });
      assertTransition('reschedule', old.status);
      await cutoff(tx, actor, old, now);
      const { minutes, typeId } = input.type
        ? await visitLength(tx, doctor, input.type)
        : { minutes: (old.endAt.getTime() - old.startAt.getTime()) / MINUTE, typeId: old.typeId };
      const { locationId } = await assertSlotFree(tx, doctor, old.patientId, start, minutes, now, {
        overbook: false,
        excludeAppointmentId: old.id,
      });
      // A move adds no visit, except to the new location's count when it moves to another site.
      if (boundByVisitLimits(actor) && locationId !== old.locationId) {
        await assertWithinVisitLimits(tx, {
          patientId: old.patientId,
          doctorId: doctor.id,
          locationId,
          adding: 1,
          now,
          excludeAppointmentId: old.id,
        });
      }
      await tx
        .update(appointments)
        .set({ status: 'cancelled', cancelledAt: now, cancelledBy: actor.userId, cancelReason: RESCHEDULED_REASON })
        .where(eq(appointments.id, old.id));
      // The patient's reference follows the visit (it is on their confirmation and in their
      // calendar); the replaced row, kept for history, gets a new one.
      const reference = await releaseBookingReference(tx, old.id, old.bookingReference);
      const id = await insertAppointment(
        tx,
        {
          doctorId: doctor.id,
          patientId: old.patientId,
          locationId,
          typeId,
          startAt: start,
          endAt: new Date(start.getTime() + minutes * MINUTE),
          status: 'scheduled',
          reason: old.reason,
          rescheduledFromId: old.id,
          createdBy: actor.userId,
        },
        reference,
      );
      const created = await presentById(tx, id);
      await recordEvent(tx, 'appointment.rescheduled', id, {
        ...eventPayload(created),
        previousAppointmentId: old.id,
        previousStartAt: old.startAt.toISOString(),
        by: actor.userId,
      });
      return created;
    });
  }

  /**
   * Keeps a free slot from other patients for HOLD_MINUTES while this one confirms. A patient holds
   * one slot at a time (a new hold, with any doctor, releases the old; the patient's lock makes that
   * true under concurrency too), and only one they could book: at a visit limit, holding is refused.
   */
  async hold(actor: UserPrincipal, input: { doctorId: string; patientId?: string; startAt: string; type?: string }, now = new Date()) {
    const patientId = bookingPatient(actor, input.patientId);
    await assertPatientExists(this.db, patientId);
    const start = new Date(input.startAt);
    return transactionWithRetry(this.db, async (tx) => {
      const doctor = await lockDoctor(tx, input.doctorId);
      await lockPatient(tx, patientId);
      const { minutes } = await visitLength(tx, doctor, input.type);
      if (minutes > MAX_HOLD_MINUTES) throw badRequest(`A hold covers at most ${MAX_HOLD_MINUTES} minutes`);
      const { locationId } = await assertSlotFree(tx, doctor, patientId, start, minutes, now, { overbook: false });
      if (boundByVisitLimits(actor)) await assertWithinVisitLimits(tx, { patientId, doctorId: doctor.id, locationId, adding: 1, now });
      // One hold per patient: picking another slot, with any doctor, releases the first.
      await tx.delete(slotHolds).where(eq(slotHolds.patientId, patientId));
      const expiresAt = new Date(now.getTime() + HOLD_MINUTES * MINUTE);
      const endAt = new Date(start.getTime() + minutes * MINUTE);
      const [row] = await tx.insert(slotHolds).values({ doctorId: doctor.id, patientId, startAt: start, endAt, expiresAt }).$returningId();
      return {
        id: row!.id,
        doctorId: doctor.id,
        patientId,
        startAt: start.toISOString(),
        endAt: endAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
      };
    });
  }

  async releaseHold(actor: UserPrincipal, holdId: string): Promise<void> {
    const [hold] = await this.db.select().from(slotHolds).where(eq(slotHolds.id, holdId));
    if (!hold) throw notFound('Hold');
    if (!isStaff(actor) && actor.patientId !== hold.patientId) throw forbidden('This hold is not yours');
    await this.db.delete(slotHolds).where(eq(slotHolds.id, holdId));
  }

  /**
   * A patient without an appointment: checked in at once, queued by arrival (urgent first; queue.ts).
   * A patient who already has a visit with this doctor today (booked or in the queue) is most likely
   * that visit arriving: 409 DUPLICATE_VISIT names it, unless the desk says `allowDuplicate`.
   */
  async walkIn(
    actor: UserPrincipal,
    input: { doctorId: string; patientId: string; reason?: string; priority?: 'regular' | 'urgent'; allowDuplicate?: boolean },
    idem: IdempotencyContext | null,
    now = new Date(),
  ) {
    await assertPatientExists(this.db, input.patientId);
    return transactionWithRetry(this.db, async (tx) => {
      await claimKey(tx, idem);
      const doctor = await lockDoctor(tx, input.doctorId);
      if (!doctor.active) throw new AppError(409, ErrorCode.DOCTOR_INACTIVE, 'This doctor is not seeing patients');
      const zone = await locationZone(tx, doctor.locationId);
      const localNow = DateTime.fromJSDate(now, { zone });
      const localDay = localNow.toISODate()!;
      if (!input.allowDuplicate) {
        // Under the doctor's lock, so two desks adding the same patient cannot both miss the other.
        const day = localNow.startOf('day');
        const existing = await visitOfPatientOnDay(tx, doctor.id, input.patientId, day.toJSDate(), day.plus({ days: 1 }).toJSDate());
        if (existing) throw duplicateVisit(existing, zone);
      }
      const ticket = await nextTicket(tx, doctor.locationId, localDay, doctor.ticketPrefix);
      const id = await insertAppointment(tx, {
        doctorId: doctor.id,
        patientId: input.patientId,
        locationId: doctor.locationId,
        startAt: now,
        endAt: new Date(now.getTime() + doctor.consultationMinutes * MINUTE),
        status: 'checked_in',
        reason: input.reason?.trim() || null,
        priority: input.priority ?? 'regular',
        walkIn: true,
        ticket,
        ticketDate: localDay,
        checkedInAt: now,
        checkedInBy: actor.userId,
        createdBy: actor.userId,
      });
      const created = await presentById(tx, id);
      await recordEvent(tx, 'walk_in.checked_in', id, { ...eventPayload(created), ticket, priority: created.priority, by: actor.userId });
      await recordAnswer(tx, idem, 201, created);
      return created;
    });
  }
}
