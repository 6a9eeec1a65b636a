// The periodic jobs: planning notifications from the outbox, the no-show sweep, the daily
// metrics rollup and the reminder reconciler. Each is idempotent, so a repeat or an overlap
// between two worker processes changes nothing.
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../server/config.js';
import type { HubQueues } from '../server/jobs/queues.js';
import { rollupDailyMetrics } from '../server/modules/metrics/rollup.js';
import { type PlannerDeps, planFromOutbox } from '../server/modules/notifications/planner.js';
import { reconcileReminders } from '../server/modules/notifications/reconciler.js';
import { markNoShows } from '../server/modules/scheduling/no-show-sweep.js';

const PLANNER_BATCH = 200;

export async function upsertSchedulers(queues: HubQueues, plannerEveryMs: number): Promise<void> {
  await queues.planner.upsertJobScheduler('plan-from-outbox', { every: plannerEveryMs }, { name: 'plan-from-outbox' });
  await queues.maintenance.upsertJobScheduler('no-show-sweep', { every: 60_000 }, { name: 'no-show-sweep' });
  await queues.maintenance.upsertJobScheduler('metrics-rollup', { every: 15 * 60_000 }, { name: 'metrics-rollup' });
  await queues.maintenance.upsertJobScheduler('reminder-reconciler', { every: 5 * 60_000 }, { name: 'reminder-reconciler' });
}

export function maintenanceProcessor(ctx: { config: Config; plannerDeps: PlannerDeps; log: Logger; isClosing: () => boolean }) {
  const { config, plannerDeps, log, isClosing } = ctx;
  const { db } = plannerDeps;
  return async (job: Job) => {
    const now = new Date();
    switch (job.name) {
      case 'plan-from-outbox': {
        let planned = 0;
        let handled: number;
        do {
          handled = await planFromOutbox(plannerDeps, new Date(), PLANNER_BATCH);
          planned += handled;
          // A full batch means more are waiting, unless the worker is stopping: the next run takes them.
        } while (handled === PLANNER_BATCH && !isClosing());
        return { planned };
      }
      case 'no-show-sweep': {
        const marked = await markNoShows(db, now, config.notifications.noShowGraceMinutes);
        if (marked.length) log.info({ count: marked.length }, 'visits marked no-show');
        return { marked: marked.length };
      }
      case 'metrics-rollup':
        return { rows: await rollupDailyMetrics(db, now) };
      case 'reminder-reconciler': {
        const result = await reconcileReminders(plannerDeps, now);
        if (result.visitsPlanned) log.info(result, 'reconciler re-planned visits');
        return result;
      }
      default:
        throw new Error(`unknown maintenance job ${job.name}`);
    }
  };
}
