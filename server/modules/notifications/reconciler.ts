// Rebuilds reminder jobs from MySQL, the source of truth. Redis may lose its data (a restart
// without persistence, a FLUSHDB, a failover); the notification log and the appointments do
// not, so every pending row (prescription, payment and feedback notices too) gets its job back and every visit ahead
// gets its plan. It also revives jobs that gave up without sending (the database was away for
// all their attempts).
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { isRemindable } from './facts.js';
import { CLAIM_LEASE_MS, type LogRow, pendingRowsWithVisit, visitsAheadWithoutReminder } from './log.js';
import { jobIdOfRow } from './plan.js';
import { enqueue, type PlannerDeps, syncVisit } from './planner.js';

export interface ReconcileResult {
  /** Visits (re)planned: ahead, but no reminder rows at all, or rows that no longer apply. */
  visitsPlanned: number;
  /** Jobs that were missing from Redis and were added again. */
  jobsEnsured: number;
  /** Jobs in the failed set whose messages had not gone out: retried. */
  jobsRevived: number;
}

/** The rows whose BullMQ job does not exist (any state: waiting, delayed, active, completed, failed). */
async function withoutJob(queue: Queue, rows: LogRow[]): Promise<LogRow[]> {
  // BullMQ's own Redis connection (ioredis), typed by BullMQ as a narrower interface.
  const client = (await queue.getBackend().client) as unknown as Redis;
  const missing: LogRow[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const slice = rows.slice(i, i + 1000);
    const pipeline = client.pipeline();
    for (const r of slice) pipeline.exists(queue.toKey(jobIdOfRow(r)));
    const answers = (await pipeline.exec()) ?? [];
    slice.forEach((r, j) => {
      if (answers[j]?.[1] === 0) missing.push(r);
    });
  }
  return missing;
}

export async function reconcileReminders(deps: PlannerDeps, now = new Date()): Promise<ReconcileResult> {
  const { db } = deps;
  // Every row still to send (scheduled, or claimed by a worker that is gone), with its visit now.
  const pending = await pendingRowsWithVisit(db, new Date(now.getTime() - CLAIM_LEASE_MS));
  const stale = new Set<string>();
  const valid: typeof pending = [];
  for (const p of pending) {
    // A notice with a subject holds whatever became of its visit (the sender checks its prescription,
    // refill request, payment, or for a feedback request the completed visit and its feedback);
    // a cancellation notice holds for the cancelled visit.
    const holds =
      p.row.subjectId !== null || p.row.kind === 'cancelled' || (isRemindable(p, now) && p.startAt.getTime() === p.row.startAt.getTime());
    if (holds) valid.push(p);
    else stale.add(p.row.appointmentId);
  }

  // Visits ahead that have no reminder row at all (their event was never planned).
  const unplanned = await visitsAheadWithoutReminder(db, now);
  const replan = new Set([...stale, ...unplanned]);
  for (const appointmentId of replan) await syncVisit(deps, appointmentId, null, now);

  // A re-planned visit's own rows get their jobs from syncVisit; a notice with a subject naming that
  // visit (prescription, payment, feedback request) is not among them (rowsOfAppointment), so it is kept here.
  const keep = valid.filter((p) => p.row.subjectId !== null || !replan.has(p.row.appointmentId)).map((p) => p.row);
  // Usually every job is there: ask Redis which are missing (one pipelined EXISTS per thousand)
  // rather than handing BullMQ ten thousand adds that each turn out to be no-ops.
  const jobsEnsured = await enqueue(deps, await withoutJob(deps.notifications, keep));

  // A failed job keeps its id, so adding it again is a no-op: retry it instead.
  const pendingJobs = new Set(keep.map(jobIdOfRow));
  let jobsRevived = 0;
  for (const job of await deps.notifications.getFailed(0, 999)) {
    if (job.id && pendingJobs.has(job.id)) {
      await job.retry('failed');
      jobsRevived++;
    }
  }
  return { visitsPlanned: replan.size, jobsEnsured, jobsRevived };
}
