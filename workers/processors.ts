// The BullMQ workers this process runs, and the job schedulers that drive the periodic ones:
//   notifications         one job per message: confirmation, reminder, moved, cancelled notice
//   notification-planner  every second: outbox events → notification rows + delayed jobs
//   maintenance           no-show sweep (every minute), metrics rollup (every 15 min),
//                         reminder reconciler (every 5 min and at start)
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createMysql } from '../db/mysql.js';
import type { Config } from '../server/config.js';
import { bullPrefix, openQueues, QUEUE_NAMES } from '../server/jobs/queues.js';
import { CLAIM_LEASE_MS } from '../server/modules/notifications/log.js';
import { notificationChannels } from './channels.js';
import { maintenanceProcessor, upsertSchedulers } from './maintenance.js';
import { notificationProcessor } from './notifications.js';

export interface ProcessorContext {
  config: Config;
  connection: Redis;
  log: Logger;
}

/** Tuning, mostly for tests and benchmarks; production runs on the defaults. */
export interface ProcessorOptions {
  /** How long a job's lock lives without renewal: a killed worker's jobs return after this. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long a claimed notification row is protected from a second sender. */
  claimLeaseMs?: number;
  plannerEveryMs?: number;
  concurrency?: number;
  /** Attempts and backoff base of notification jobs (default: NOTIFICATION_JOB_OPTIONS). */
  retry?: { attempts: number; backoffMs: number };
}

export interface RunningProcessors {
  names: string[];
  close(): Promise<void>;
}

export async function startProcessors(ctx: ProcessorContext, opts: ProcessorOptions = {}): Promise<RunningProcessors> {
  const { config, connection, log } = ctx;
  const mysql = createMysql(config.mysqlUrl, { connectionLimit: 20 });
  const queues = openQueues(connection, config.redisPrefix);
  const channels = notificationChannels(config);
  const common = {
    connection,
    prefix: bullPrefix(config.redisPrefix),
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
  };
  const plannerDeps = {
    db: mysql.db,
    notifications: queues.notifications,
    offsets: config.reminderOffsets,
    quietHours: config.notifications.quietHours,
    jobOptions: opts.retry && {
      attempts: opts.retry.attempts,
      backoff: { type: 'exponential' as const, delay: opts.retry.backoffMs, jitter: 0.5 },
    },
  };
  const senderDeps = { db: mysql.db, channels, claimLeaseMs: opts.claimLeaseMs ?? CLAIM_LEASE_MS };
  let closing = false;
  const isClosing = () => closing;

  const workers = [
    new Worker(QUEUE_NAMES.notifications, notificationProcessor(senderDeps, log), {
      ...common,
      concurrency: opts.concurrency ?? config.notifications.workerConcurrency,
    }),
    new Worker(QUEUE_NAMES.planner, maintenanceProcessor({ config, plannerDeps, log, isClosing }), { ...common, concurrency: 1 }),
    new Worker(QUEUE_NAMES.maintenance, maintenanceProcessor({ config, plannerDeps, log, isClosing }), { ...common, concurrency: 1 }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, err) =>
      log.warn({ queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    worker.on('error', (err) => log.error({ queue: worker.name, err: err.message }, 'worker error'));
  }

  // Schedulers live in Redis: put them back regularly, so a Redis that lost its data heals itself.
  const plannerEveryMs = opts.plannerEveryMs ?? 1_000;
  await upsertSchedulers(queues, plannerEveryMs);
  await queues.maintenance.add('reminder-reconciler', {}, { jobId: `reconcile-at-start-${Date.now()}` });
  const keepSchedulers = setInterval(() => {
    upsertSchedulers(queues, plannerEveryMs).catch((err) => log.warn({ err: err.message }, 'could not renew job schedulers'));
  }, 60_000);
  keepSchedulers.unref();

  return {
    names: workers.map((w) => w.name),
    close: async () => {
      closing = true;
      clearInterval(keepSchedulers);
      // Worker.close() waits for the jobs in progress: a SIGTERM never cuts a send in half.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(channels).map((c) => c?.close?.()));
      await queues.close();
      await mysql.close();
    },
  };
}
