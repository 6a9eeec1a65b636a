// The `notification-planner` queue: one scheduled job that turns outbox events into notification
// rows and jobs (modules/notifications/planner.ts), every second, one run at a time.
import type { DefaultJobOptions, Queue } from 'bullmq';
import { type PlannerDeps, planFromOutbox } from '../modules/notifications/planner.js';
import { openQueue, type QueueConnection, startWorker, type WorkerTuning } from './kit.js';

export const PLANNER_QUEUE = 'notification-planner';
const PLAN_JOB = 'plan-from-outbox';
/** Events planned per database round; a full batch means more wait, so the run goes on. */
const PLANNER_BATCH = 200;

/** The scheduler's job carries nothing: it reads the outbox. */
export type PlannerJobData = Record<string, never>;
export type PlannerQueue = Queue<PlannerJobData, { planned: number }, typeof PLAN_JOB>;

export const PLANNER_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 1_000 },
};

export function openPlannerQueue(conn: QueueConnection): PlannerQueue {
  return openQueue(PLANNER_QUEUE, conn, PLANNER_JOB_OPTIONS);
}

/** Schedulers live in Redis: the worker puts this one back regularly, so a Redis that lost its data heals. */
export async function schedulePlanner(queue: PlannerQueue, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(PLAN_JOB, { every: everyMs }, { name: PLAN_JOB });
}

export function startPlannerWorker(conn: QueueConnection, deps: PlannerDeps, opts: WorkerTuning & { isClosing: () => boolean }) {
  const { isClosing, ...tuning } = opts;
  return startWorker<PlannerJobData, { planned: number }, typeof PLAN_JOB>(
    PLANNER_QUEUE,
    conn,
    async () => {
      let planned = 0;
      let handled: number;
      do {
        handled = await planFromOutbox(deps, new Date(), PLANNER_BATCH);
        planned += handled;
        // A full batch means more are waiting, unless the worker is stopping: the next run takes them.
      } while (handled === PLANNER_BATCH && !isClosing());
      return { planned };
    },
    { ...tuning, concurrency: 1 },
  );
}
