// Starts the hub's BullMQ workers in this process, each from its queue file in server/jobs/:
//   notifications         one job per message: confirmation, reminder, moved, cancelled notice,
//                         prescription issued, refill approved or denied, ready for pickup,
//                         payment received or failed, feedback request
//   notification-planner  every second: outbox events → notification rows + delayed jobs
//   maintenance           no-show sweep, metrics rollup, reminder reconciler, unanswered messages, stock
// It opens what the jobs need (MySQL, MongoDB, the channels, a Socket.IO emitter on the shared
// adapter) and closes it all again, in reverse order, on close().
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createMysql } from '../db/mysql.js';
import type { Config } from '../server/config.js';
import { reconcileNow, scheduleMaintenance, startMaintenanceWorker } from '../server/jobs/maintenance.js';
import { type RetryOverride, startNotificationsWorker } from '../server/jobs/notifications.js';
import { schedulePlanner, startPlannerWorker } from '../server/jobs/planner.js';
import { openQueues } from '../server/jobs/queues.js';
import { messagingStore } from '../server/modules/messaging/store.js';
import { batchedStore } from '../server/modules/notifications/batched-store.js';
import { CLAIM_LEASE_MS } from '../server/modules/notifications/log.js';
import { errorSummary, record as recordSystemLog } from '../server/modules/system-logs/store.js';
import { createMongo } from '../server/plugins/stores.js';
import { emitterServer } from '../server/realtime/adapter.js';
import { notificationChannels } from './channels.js';

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
  /** 'direct': one query per call, as before batching (bench:reminders' same-run baseline). Default 'batched'. */
  sendStore?: 'batched' | 'direct';
}

export interface RunningProcessors {
  names: string[];
  close(): Promise<void>;
}

export async function startProcessors(ctx: ProcessorContext, opts: ProcessorOptions = {}): Promise<RunningProcessors> {
  const { config, connection, log } = ctx;
  const conn = { connection, redisPrefix: config.redisPrefix };
  const mysql = createMysql(config.mysqlUrl, { connectionLimit: 20 });
  const mongo = createMongo(config.mongoUrl);
  const emitter = emitterServer(config.redisUrl, { redisPrefix: config.redisPrefix });
  const queues = openQueues(connection, config.redisPrefix);
  const channels = notificationChannels(config, emitter.io, mongo.db);
  const tuning = { lockDuration: opts.lockDurationMs ?? 30_000, stalledInterval: opts.stalledIntervalMs ?? 30_000 };
  const retry: RetryOverride | undefined = opts.retry && {
    attempts: opts.retry.attempts,
    backoff: { type: 'exponential', delay: opts.retry.backoffMs, jitter: 0.5 },
  };
  const plannerDeps = {
    db: mysql.db,
    notifications: queues.notifications,
    offsets: config.reminderOffsets,
    quietHours: config.notifications.quietHours,
    feedbackDelayMs: config.feedback.delay.ms,
    jobOptions: retry,
  };
  let closing = false;

  const workers = [
    startNotificationsWorker(
      conn,
      {
        db: mysql.db,
        channels,
        claimLeaseMs: opts.claimLeaseMs ?? CLAIM_LEASE_MS,
        publicUrl: config.publicUrl,
        mongo: mongo.db,
        feedback: { secret: config.jwtSecret, windowDays: config.feedback.windowDays },
        // Concurrent jobs share their MySQL round trips (one prepared statement per batch).
        store: opts.sendStore === 'direct' ? undefined : batchedStore(mysql.db, mysql.pool),
      },
      { ...tuning, concurrency: opts.concurrency ?? config.notifications.workerConcurrency, log },
    ),
    startPlannerWorker(conn, plannerDeps, { ...tuning, isClosing: () => closing }),
    startMaintenanceWorker(
      conn,
      { db: mysql.db, config, plannerDeps, messaging: messagingStore(mongo.db), mongo: mongo.db, io: emitter.io, redis: connection, log },
      tuning,
    ),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, err) => {
      log.warn({ queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed');
      // Admins read it in GET /api/system-logs: an error once BullMQ gives up, a warning while it retries.
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      const details = { queue: worker.name, jobId: job?.id ?? null, jobName: job?.name ?? null, attemptsMade: job?.attemptsMade ?? null };
      void recordSystemLog(mongo.db, {
        level: final ? 'error' : 'warn',
        source: 'jobs',
        event: 'job.failed',
        message: errorSummary(err),
        details,
      });
    });
    worker.on('error', (err) => log.error({ queue: worker.name, err: err.message }, 'worker error'));
  }

  // Schedulers live in Redis: put them back regularly, so a Redis that lost its data heals itself.
  const plannerEveryMs = opts.plannerEveryMs ?? 1_000;
  const schedule = async () => {
    await schedulePlanner(queues.planner, plannerEveryMs);
    await scheduleMaintenance(queues.maintenance);
  };
  await schedule();
  await reconcileNow(queues.maintenance);
  const keepSchedulers = setInterval(() => {
    schedule().catch((err) => log.warn({ err: err.message }, 'could not renew job schedulers'));
  }, 60_000);
  keepSchedulers.unref();

  // A Redis that comes back without its data has lost every delayed job and scheduler. A marker key
  // tells: written at start, found missing after a reconnect. Then the schedulers go back at once
  // (not at the next renewal) and the reconciler rebuilds every pending message from MySQL, so
  // reminders that fell due during the outage go out now, once (the log's claim keeps them single).
  const marker = `${config.redisPrefix}:worker:redis-marker`;
  const markerWasMissing = async () => (await connection.set(marker, '1', 'NX')) === 'OK';
  await markerWasMissing();
  const onReconnect = () => {
    markerWasMissing()
      .then(async (lost) => {
        if (!lost || closing) return;
        log.warn('Redis came back without its data: restoring job schedulers and pending messages');
        await schedule();
        await reconcileNow(queues.maintenance);
      })
      .catch((err: Error) => log.warn({ err: err.message }, 'could not restore jobs after a Redis reconnect'));
  };
  connection.on('ready', onReconnect);

  return {
    names: workers.map((w) => w.name),
    close: async () => {
      closing = true;
      clearInterval(keepSchedulers);
      connection.off('ready', onReconnect);
      // Worker.close() waits for the jobs in progress: a SIGTERM never cuts a send in half.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(channels).map((c) => c?.close?.()));
      await emitter.close();
      await queues.close();
      await Promise.allSettled([mysql.close(), mongo.client.close()]);
    },
  };
}
