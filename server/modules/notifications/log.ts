// The notification log: one row per message and channel. Its unique dedupe key and the claim
// (status `sending` + claimed_at) are what make a send happen once, whatever BullMQ repeats.
// The reconciler's two reads join the appointments table (scheduling's), read-only, so that
// "which messages and visits need their jobs back" is one query each over thousands of rows.
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import {
  appointments,
  type NotificationKind,
  notificationLog,
  VISIT_NOTIFICATION_KINDS,
  type VisitNotificationKind,
} from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { dedupeKeyOf, type PlannedNotification } from './plan.js';

export type LogRow = typeof notificationLog.$inferSelect;

/** Writes planned rows; a row whose key exists already is left exactly as it is. */
export async function insertPlanned(db: Database | Tx, appointmentId: string, patientId: string, planned: PlannedNotification[]) {
  if (!planned.length) return;
  const now = new Date();
  await db
    .insert(notificationLog)
    .values(
      planned.map((p) => ({
        id: newId(),
        dedupeKey: dedupeKeyOf({ ...p, appointmentId }),
        appointmentId,
        patientId,
        kind: p.kind,
        subjectId: p.subjectId ?? null,
        offset: p.offset,
        startAt: p.startAt,
        channel: p.channel,
        dueAt: p.dueAt,
        status: p.status,
        reason: p.reason,
        createdAt: now,
        updatedAt: now,
      })),
    )
    // A no-op update: MySQL's way of "insert unless the key exists" without hiding other errors.
    .onDuplicateKeyUpdate({ set: { dedupeKey: sql`${notificationLog.dedupeKey}` } });
}

/**
 * The visit's own messages (confirmation, reminders, notices). A prescription notice that names
 * the visit is not one of them: the visit's state must never void it, and the visit's reminder
 * list does not show it.
 */
export async function rowsOfAppointment(db: Database, appointmentId: string): Promise<(LogRow & { kind: VisitNotificationKind })[]> {
  const rows = await db
    .select()
    .from(notificationLog)
    .where(and(eq(notificationLog.appointmentId, appointmentId), inArray(notificationLog.kind, [...VISIT_NOTIFICATION_KINDS])))
    .orderBy(asc(notificationLog.dueAt), asc(notificationLog.kind), asc(notificationLog.channel));
  return rows as (LogRow & { kind: VisitNotificationKind })[]; // the WHERE above keeps only these kinds
}

/** The rows one job sends: every channel of (appointment, kind, offset, start). */
export function rowsOfJob(db: Database, job: { appointmentId: string; kind: NotificationKind; offset: string | null; startAt: Date }) {
  return db
    .select()
    .from(notificationLog)
    .where(
      and(
        eq(notificationLog.appointmentId, job.appointmentId),
        eq(notificationLog.kind, job.kind),
        job.offset === null ? isNull(notificationLog.offset) : eq(notificationLog.offset, job.offset),
        eq(notificationLog.startAt, job.startAt),
      ),
    );
}

/** The rows one prescription notice's job sends: every channel of (subject, kind). */
export function rowsOfSubject(db: Database, subjectId: string, kind: NotificationKind) {
  return db
    .select()
    .from(notificationLog)
    .where(and(eq(notificationLog.subjectId, subjectId), eq(notificationLog.kind, kind)));
}

export async function statusOf(db: Database, rowId: string) {
  const [row] = await db.select({ status: notificationLog.status }).from(notificationLog).where(eq(notificationLog.id, rowId));
  return row?.status ?? null;
}

/**
 * How long a claim protects a row from a second sender. Longer than any one send can take (SMTP
 * and SMS time out well within it, nodemailer does not requeue): a claim this old belongs to a
 * worker that died, and the row may be taken over.
 */
export const CLAIM_LEASE_MS = 120_000;

/** Rows that still have to go out: scheduled, or claimed by a worker that is presumably gone. */
function pending(leaseMs: number, now = new Date()) {
  return or(
    eq(notificationLog.status, 'scheduled'),
    and(eq(notificationLog.status, 'sending'), lt(notificationLog.claimedAt, new Date(now.getTime() - leaseMs))),
  );
}

/**
 * Takes a row for sending: a scheduled row, or one whose claimant has held it longer than
 * `leaseMs`. Returns the claim (its instant, the fencing token every later write must match),
 * or null when another run holds a live claim or the row is final.
 */
export async function claim(db: Database, rowId: string, leaseMs: number, now = new Date()): Promise<Date | null> {
  const [result] = await db
    .update(notificationLog)
    .set({ status: 'sending', claimedAt: now, attempts: sql`${notificationLog.attempts} + 1` })
    .where(and(eq(notificationLog.id, rowId), pending(leaseMs, now)));
  return result.affectedRows === 1 ? now : null;
}

/** The row's outcome, written only while our claim is still the row's claim (fencing). */
async function settle(db: Database, rowId: string, claimedAt: Date, values: Partial<typeof notificationLog.$inferInsert>) {
  await db
    .update(notificationLog)
    .set({ ...values, claimedAt: null })
    .where(and(eq(notificationLog.id, rowId), eq(notificationLog.status, 'sending'), eq(notificationLog.claimedAt, claimedAt)));
}

/**
 * Records a send the provider accepted. Retried, because failing here must not look like a failed
 * send (that would send again): only if MySQL stays away for seconds does it give up.
 */
export async function markSent(db: Database, rowId: string, claimedAt: Date, providerId: string | null) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await settle(db, rowId, claimedAt, { status: 'sent', sentAt: new Date(), providerId, reason: null });
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** A failed attempt: back to scheduled for the retry, or failed for good after the last one. */
export async function markAttemptFailed(db: Database, rowId: string, claimedAt: Date, reason: string, final: boolean) {
  await settle(db, rowId, claimedAt, { status: final ? 'failed' : 'scheduled', reason: reason.slice(0, 200) });
}

/** Skips rows that have not gone out (scheduled, or claimed by a worker that is gone). */
export async function skipPending(db: Database | Tx, rowIds: string[], reason: string, leaseMs = CLAIM_LEASE_MS) {
  if (!rowIds.length) return;
  await db
    .update(notificationLog)
    .set({ status: 'skipped', reason, claimedAt: null })
    .where(and(inArray(notificationLog.id, rowIds), pending(leaseMs)));
}

/** A job gave up (its last attempt failed before it could send): its pending rows are failed. */
export async function failPending(db: Database, rowIds: string[], reason: string, leaseMs = CLAIM_LEASE_MS) {
  if (!rowIds.length) return;
  await db
    .update(notificationLog)
    .set({ status: 'failed', reason: reason.slice(0, 200), claimedAt: null })
    .where(and(inArray(notificationLog.id, rowIds), pending(leaseMs)));
}

/** Pending rows (see `pending`) among these, by the same rule the sender uses. */
export function isPending(row: LogRow, leaseMs = CLAIM_LEASE_MS, now = new Date()): boolean {
  return row.status === 'scheduled' || (row.status === 'sending' && (row.claimedAt?.getTime() ?? 0) < now.getTime() - leaseMs);
}

/** Every row still to send (scheduled, or claimed before `staleClaimBefore` by a worker that is gone), with its visit as it is now. */
export function pendingRowsWithVisit(db: Database, staleClaimBefore: Date) {
  return db
    .select({ row: notificationLog, status: appointments.status, walkIn: appointments.walkIn, startAt: appointments.startAt })
    .from(notificationLog)
    .innerJoin(appointments, eq(appointments.id, notificationLog.appointmentId))
    .where(
      or(
        eq(notificationLog.status, 'scheduled'),
        and(eq(notificationLog.status, 'sending'), lt(notificationLog.claimedAt, staleClaimBefore)),
      ),
    );
}

/** Booked visits ahead that have no reminder row at all (their event was never planned). */
export async function visitsAheadWithoutReminder(db: Database, now: Date): Promise<string[]> {
  const reminder = alias(notificationLog, 'reminder');
  const rows = await db
    .select({ id: appointments.id })
    .from(appointments)
    .leftJoin(reminder, and(eq(reminder.appointmentId, appointments.id), eq(reminder.kind, 'reminder')))
    .where(
      and(
        inArray(appointments.status, ['scheduled', 'confirmed']),
        eq(appointments.walkIn, false),
        gt(appointments.startAt, now),
        isNull(reminder.id),
      ),
    );
  return rows.map((r) => r.id);
}
