// The notification log: one row per message and channel. Its unique dedupe key and the claim
// (status `sending` + claimed_at) are what make a send happen once, whatever BullMQ repeats.
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { type NotificationKind, notificationLog } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { dedupeKey, type PlannedNotification } from './plan.js';

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
        dedupeKey: dedupeKey(appointmentId, p.kind, p.offset, p.startAt, p.channel),
        appointmentId,
        patientId,
        kind: p.kind,
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

export function rowsOfAppointment(db: Database, appointmentId: string) {
  return db
    .select()
    .from(notificationLog)
    .where(eq(notificationLog.appointmentId, appointmentId))
    .orderBy(asc(notificationLog.dueAt), asc(notificationLog.kind), asc(notificationLog.channel));
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

export async function statusOf(db: Database, rowId: string) {
  const [row] = await db.select({ status: notificationLog.status }).from(notificationLog).where(eq(notificationLog.id, rowId));
  return row?.status ?? null;
}

/**
 * Takes a row for sending. It succeeds for a scheduled row, or for one whose previous claimant
 * has held it longer than `leaseMs` (a worker that died mid-send). Returns false when another
 * worker holds a live claim or the row is already final.
 */
export async function claim(db: Database, rowId: string, leaseMs: number, now = new Date()): Promise<boolean> {
  const stale = new Date(now.getTime() - leaseMs);
  const [result] = await db
    .update(notificationLog)
    .set({ status: 'sending', claimedAt: now, attempts: sql`${notificationLog.attempts} + 1` })
    .where(
      and(
        eq(notificationLog.id, rowId),
        or(eq(notificationLog.status, 'scheduled'), and(eq(notificationLog.status, 'sending'), lt(notificationLog.claimedAt, stale))),
      ),
    );
  return result.affectedRows === 1;
}

export async function markSent(db: Database, rowId: string, providerId: string | null) {
  await db
    .update(notificationLog)
    .set({ status: 'sent', sentAt: new Date(), providerId, reason: null, claimedAt: null })
    .where(and(eq(notificationLog.id, rowId), eq(notificationLog.status, 'sending')));
}

/** A failed attempt: back to scheduled for the retry, or failed for good after the last one. */
export async function markAttemptFailed(db: Database, rowId: string, reason: string, final: boolean) {
  await db
    .update(notificationLog)
    .set({ status: final ? 'failed' : 'scheduled', reason: reason.slice(0, 200), claimedAt: null })
    .where(and(eq(notificationLog.id, rowId), eq(notificationLog.status, 'sending')));
}

/** Skips rows that have not gone out yet (scheduled, or claimed by a worker that is gone). */
export async function skipPending(db: Database | Tx, rowIds: string[], reason: string) {
  if (!rowIds.length) return;
  await db
    .update(notificationLog)
    .set({ status: 'skipped', reason, claimedAt: null })
    .where(and(inArray(notificationLog.id, rowIds), inArray(notificationLog.status, ['scheduled'])));
}
