// What every queue file shares: where BullMQ keeps its keys, and how a queue and its worker are
// opened. Each queue lives in a file of its own (notifications.ts, planner.ts, maintenance.ts) with
// its name, typed job data (ids only: processors re-read the stores, so a job never acts on stale
// state), default options, how to add jobs and how to process them.
import { type DefaultJobOptions, type Job, MetricsTime, Queue, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every BullMQ key lives under `<REDIS_PREFIX>:bull:`, apart from the hub's own keys. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

/** A Redis connection for BullMQ (it must have maxRetriesPerRequest: null) and the key prefix. */
export interface QueueConnection {
  connection: Redis;
  redisPrefix: string;
}

/** Lock and stall settings of a worker; tests shorten them so a killed worker's job returns quickly. */
export interface WorkerTuning {
  lockDuration: number;
  stalledInterval: number;
}

export function openQueue<Data, Result, Name extends string>(
  name: string,
  { connection, redisPrefix }: QueueConnection,
  defaultJobOptions: DefaultJobOptions,
): Queue<Data, Result, Name> {
  return new Queue<Data, Result, Name>(name, { connection, prefix: bullPrefix(redisPrefix), defaultJobOptions });
}

export function startWorker<Data, Result, Name extends string>(
  name: string,
  { connection, redisPrefix }: QueueConnection,
  process: (job: Job<Data, Result, Name>, token?: string) => Promise<Result>,
  opts: WorkerTuning & Pick<WorkerOptions, 'concurrency'>,
): Worker<Data, Result, Name> {
  // `metrics` keeps per-minute completed/failed counts (a week of them) for bullmq_job_*_total on /metrics.
  return new Worker<Data, Result, Name>(name, process, {
    connection,
    prefix: bullPrefix(redisPrefix),
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    ...opts,
  });
}
