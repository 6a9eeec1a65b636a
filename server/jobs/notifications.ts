// The `notifications` queue: one job per message to send (confirmation, reminder, moved or
// cancelled notice; prescription issued, refill approved or denied, ready for pickup; payment
// received or failed; feedback request), on every channel the message has. Job ids are
// deterministic (notificationJobId, subjectJobId), so planning a message twice,
// or re-planning it from MySQL, adds nothing. The planner (modules/notifications/planner.ts) adds
// jobs; the worker process runs them.
import { type DefaultJobOptions, DelayedError, type Job, type JobsOptions, type Queue } from 'bullmq';
import type { NotificationKind } from '../../db/schema/index.js';
import type { LogRow } from '../modules/notifications/log.js';
import { jobIdOfRow } from '../modules/notifications/plan.js';
import { ClaimedElsewhere, type SenderDeps, type SendOutcome, sendNotificationJob } from '../modules/notifications/send.js';
import { openQueue, type QueueConnection, startWorker, type WorkerTuning } from './kit.js';

export const NOTIFICATIONS_QUEUE = 'notifications';

/** One message of one visit: which visit, which kind, which offset, planned for which start. */
export interface NotificationJobData {
  appointmentId: string;
  kind: NotificationKind;
  offset: string | null;
  /** The visit's start when the job was planned (ISO): a moved visit makes this job void. */
  startAt: string;
  /** A notice's subject: prescription, refill request, dispense, payment, checkout, or a feedback request's visit (absent for visit messages). */
  subjectId?: string;
}

export type NotificationsQueue = Queue<NotificationJobData, SendOutcome, NotificationKind>;

export const NOTIFICATION_JOB_OPTIONS: DefaultJobOptions = {
  // Exponential backoff with jitter, so a provider outage is not hammered in lockstep.
  attempts: 6,
  backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
  // Completed ids are kept a day so a re-add of the same deterministic id stays a no-op; failed
  // jobs stay until someone looks at them on the dashboard.
  removeOnComplete: { age: 86_400, count: 100_000 },
  removeOnFail: false,
};

/** Attempts and backoff other than the defaults (tests and benchmarks). */
export type RetryOverride = { attempts: number; backoff: { type: 'exponential'; delay: number; jitter: number } };

export function openNotificationsQueue(conn: QueueConnection): NotificationsQueue {
  return openQueue(NOTIFICATIONS_QUEUE, conn, NOTIFICATION_JOB_OPTIONS);
}

export function jobIdOf(row: Pick<LogRow, 'appointmentId' | 'kind' | 'offset' | 'startAt' | 'subjectId'>): string {
  return jobIdOfRow(row);
}

/** One job per (appointment, kind, offset, start) or (subject, kind), due at the row's time; an existing job id is left alone. */
export async function enqueueNotifications(queue: NotificationsQueue, rows: LogRow[], retry?: RetryOverride): Promise<number> {
  const jobs = new Map<string, LogRow>();
  for (const row of rows) if (!jobs.has(jobIdOf(row))) jobs.set(jobIdOf(row), row);
  const all = [...jobs.entries()];
  for (let i = 0; i < all.length; i += 500) {
    // The delay is taken right before the add, so time spent planning never makes a job late.
    const now = Date.now();
    await queue.addBulk(
      all.slice(i, i + 500).map(([jobId, row]) => ({
        name: row.kind,
        data: {
          appointmentId: row.appointmentId,
          kind: row.kind,
          offset: row.offset,
          startAt: row.startAt.toISOString(),
          ...(row.subjectId ? { subjectId: row.subjectId } : {}),
        },
        opts: { ...retry, jobId, delay: Math.max(0, row.dueAt.getTime() - now) } satisfies JobsOptions,
      })),
    );
  }
  return all.length;
}

/** Removes the jobs of rows that no longer apply. A running job cannot be removed; its rows are skipped, so it sends nothing. */
export async function removeNotificationJobs(queue: NotificationsQueue, rows: LogRow[]): Promise<void> {
  for (const jobId of new Set(rows.map(jobIdOf))) await queue.remove(jobId).catch(() => 0);
}

/** The processor: one job sends its message once on each channel (modules/notifications/send.ts). */
export function startNotificationsWorker(
  conn: QueueConnection,
  deps: SenderDeps,
  opts: WorkerTuning & { concurrency: number; log: { debug(obj: object, msg: string): void } },
) {
  const { log, ...tuning } = opts;
  return startWorker<NotificationJobData, SendOutcome, NotificationKind>(
    NOTIFICATIONS_QUEUE,
    conn,
    async (job: Job<NotificationJobData, SendOutcome, NotificationKind>, token?: string) => {
      // attemptsMade counts the attempts that already ended: this is the last when it reaches attempts - 1.
      const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        const outcome = await sendNotificationJob(deps, job.data, { isLast });
        log.debug({ jobId: job.id, ...outcome }, 'notification job done');
        return outcome;
      } catch (err) {
        // Another run is sending a row right now (or died doing so): look again once its claim
        // has run out, without spending one of this job's attempts on waiting.
        if (err instanceof ClaimedElsewhere && token) {
          await job.moveToDelayed(Date.now() + deps.claimLeaseMs, token);
          throw new DelayedError();
        }
        throw err;
      }
    },
    tuning,
  );
}
