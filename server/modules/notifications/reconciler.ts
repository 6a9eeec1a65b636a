// Rebuilds reminder jobs from MySQL, the source of truth. Redis may lose its data (a restart
// without persistence, a FLUSHDB, a failover); the notification log and the appointments do
// not, so every scheduled row gets its job back and every visit ahead gets its plan.
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import { appointments, notificationLog } from '../../../db/schema/index.js';
import { isRemindable } from './facts.js';
import { enqueue, type PlannerDeps, syncVisit } from './planner.js';

export interface ReconcileResult {
  /** Visits (re)planned: ahead, but no reminder rows at all, or rows that no longer apply. */
  visitsPlanned: number;
  /** Jobs handed to BullMQ (ids that still exist there are left alone by BullMQ). */
  jobsEnsured: number;
}

export async function reconcileReminders(deps: PlannerDeps, now = new Date()): Promise<ReconcileResult> {
  const { db } = deps;
  // Every row still to send, with the visit as it is now.
  const pending = await db
    .select({
      row: notificationLog,
      status: appointments.status,
      walkIn: appointments.walkIn,
      startAt: appointments.startAt,
    })
    .from(notificationLog)
    .innerJoin(appointments, eq(appointments.id, notificationLog.appointmentId))
    .where(eq(notificationLog.status, 'scheduled'));
  const stillValid = pending.filter(
    (p) => p.row.kind === 'cancelled' || (isRemindable(p, now) && p.startAt.getTime() === p.row.startAt.getTime()),
  );
  const stale = new Set(pending.filter((p) => !stillValid.includes(p)).map((p) => p.row.appointmentId));

  // Visits ahead that have no reminder row at all (their event was never planned).
  const reminder = alias(notificationLog, 'reminder');
  const unplanned = await db
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
  const replan = new Set([...stale, ...unplanned.map((u) => u.id)]);
  for (const appointmentId of replan) await syncVisit(deps, appointmentId, null, now);
  const jobsEnsured = await enqueue(
    deps,
    stillValid.filter((p) => !replan.has(p.row.appointmentId)).map((p) => p.row),
    now,
  );
  return { visitsPlanned: replan.size, jobsEnsured };
}
