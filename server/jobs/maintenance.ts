// The `maintenance` queue: periodic clinic housekeeping, each job idempotent so a repeat or an
// overlap between two worker processes changes nothing:
//   no-show-sweep         every minute: visits whose grace time passed become no-shows
//   metrics-rollup        every 15 minutes: today's and yesterday's per-location metrics
//   reminder-reconciler   every 5 minutes and at start: rebuilds reminder jobs from MySQL
//   unanswered-messages   every minute: a patient's message left unanswered alerts the care team once
//   prescription-expiry   every hour: signed prescriptions past their validity become expired
//   lot-expiry            every hour: lots past their expiry date are written off ('expired' ledger entries)
//   stock-alerts          every hour: low stock and expiring lots alert pharmacists and admins, once a day each
import type { DefaultJobOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import type { Database } from '../../db/mysql.js';
import type { Config } from '../config.js';
import { notifyUser } from '../modules/inbox/notify.js';
import { staffAlertMailer } from '../modules/inventory/alert-mail.js';
import { expireLots, type StockAlertRecipient, stockAlerts } from '../modules/inventory/daily.js';
import type { NotificationPayload } from '../modules/live/events.js';
import type { MessagingStore } from '../modules/messaging/store.js';
import { alertUnanswered } from '../modules/messaging/unanswered.js';
import { rollupDailyMetrics } from '../modules/metrics/rollup.js';
import type { PlannerDeps } from '../modules/notifications/planner.js';
import { reconcileReminders } from '../modules/notifications/reconciler.js';
import { expireDue } from '../modules/prescriptions/repository.js';
import { markNoShows } from '../modules/scheduling/no-show-sweep.js';
import type { HubEmitter } from '../realtime/types.js';
import { openQueue, type QueueConnection, startWorker, type WorkerTuning } from './kit.js';

export const MAINTENANCE_QUEUE = 'maintenance';

export const MAINTENANCE_JOBS = {
  'no-show-sweep': 60_000,
  'metrics-rollup': 15 * 60_000,
  'reminder-reconciler': 5 * 60_000,
  'unanswered-messages': 60_000,
  'prescription-expiry': 60 * 60_000,
  // Hourly rather than daily: each run finds only what changed, and a new local day starts at every location's own midnight.
  'lot-expiry': 60 * 60_000,
  'stock-alerts': 60 * 60_000,
} as const;
export type MaintenanceJob = keyof typeof MAINTENANCE_JOBS;
/** Every maintenance job reads what it needs from the stores: it carries nothing. */
export type MaintenanceJobData = Record<string, never>;
export type MaintenanceQueue = Queue<MaintenanceJobData, unknown, MaintenanceJob>;

export const MAINTENANCE_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 1_000 },
};

export interface MaintenanceDeps {
  db: Database;
  config: Config;
  plannerDeps: PlannerDeps;
  messaging: MessagingStore;
  /** The hub's MongoDB (the metrics rollup reads the feedback collection). */
  mongo: Db;
  /** Where alerts go: the worker's non-listening Socket.IO server on the shared adapter. */
  io: HubEmitter;
  /** Marks the stock alerts already sent today. */
  redis: Redis;
  log: { info(obj: object, msg: string): void };
}

export function openMaintenanceQueue(conn: QueueConnection): MaintenanceQueue {
  return openQueue(MAINTENANCE_QUEUE, conn, MAINTENANCE_JOB_OPTIONS);
}

/** Puts every maintenance scheduler (back) in Redis. */
export async function scheduleMaintenance(queue: MaintenanceQueue): Promise<void> {
  for (const [name, every] of Object.entries(MAINTENANCE_JOBS) as [MaintenanceJob, number][]) {
    await queue.upsertJobScheduler(name, { every }, { name });
  }
}

/** A reconciler run right now (at worker start), besides its schedule. */
export async function reconcileNow(queue: MaintenanceQueue): Promise<void> {
  await queue.add('reminder-reconciler', {}, { jobId: `reconcile-at-start-${Date.now()}` });
}

/** Runs one maintenance job by name. */
export async function runMaintenanceJob(deps: MaintenanceDeps, name: MaintenanceJob, now = new Date()): Promise<unknown> {
  const { db, config, log } = deps;
  switch (name) {
    case 'no-show-sweep': {
      const marked = await markNoShows(db, now, config.notifications.noShowGraceMinutes);
      if (marked.length) log.info({ count: marked.length }, 'visits marked no-show');
      return { marked: marked.length };
    }
    case 'metrics-rollup':
      return { rows: await rollupDailyMetrics(db, deps.mongo, now) };
    case 'reminder-reconciler': {
      const result = await reconcileReminders(deps.plannerDeps, now);
      if (result.visitsPlanned) log.info(result, 'reconciler re-planned visits');
      return result;
    }
    case 'unanswered-messages':
      return { alerted: await alertUnanswered(deps.io, deps.mongo, deps.messaging, config.unansweredMessageMinutes, now) };
    case 'prescription-expiry': {
      let expired = 0;
      for (let batch = await expireDue(db, now); batch.length; batch = await expireDue(db, now)) expired += batch.length;
      if (expired) log.info({ count: expired }, 'prescriptions expired');
      return { expired };
    }
    case 'lot-expiry': {
      const lots = await expireLots(db, now);
      if (lots) log.info({ count: lots }, 'lots written off as expired');
      return { lots };
    }
    case 'stock-alerts': {
      // Sockets when online, else kept for the next sign-in; in the inbox either way, once per alert and day.
      const deliver = (to: StockAlertRecipient, n: NotificationPayload, key: string) =>
        notifyUser(deps.io, deps.mongo, to.userId, n, { role: to.role, key: `stock:${key}`, keepForOffline: true }).then(() => undefined);
      const mail = config.smtpUrl ? staffAlertMailer(db, config.smtpUrl, config.smtpFrom, config.publicUrl) : undefined;
      const alerts = await stockAlerts(
        { db, redis: deps.redis, redisPrefix: config.redisPrefix, expiryAlertDays: config.stockExpiryAlertDays, deliver, mail },
        now,
      );
      return { alerts };
    }
    default:
      throw new Error(`unknown maintenance job ${name satisfies never}`);
  }
}

export function startMaintenanceWorker(conn: QueueConnection, deps: MaintenanceDeps, tuning: WorkerTuning) {
  return startWorker<MaintenanceJobData, unknown, MaintenanceJob>(MAINTENANCE_QUEUE, conn, (job) => runMaintenanceJob(deps, job.name), {
    ...tuning,
    concurrency: 1,
  });
}
