// The BullMQ queues of the hub, in one place: names, Redis keys and default job options.
// The worker process consumes them; the API server only opens them for the dashboard.
// Job data carries ids only: processors re-read MySQL, so a job never acts on stale state.
import { type DefaultJobOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const QUEUE_NAMES = {
  /** One job per message to send (confirmation, reminder, moved, cancelled notice). */
  notifications: 'notifications',
  /** Turns outbox events into notification rows and jobs; one job at a time. */
  planner: 'notification-planner',
  /** No-show sweep, daily metrics rollup, reminder reconciler. */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Every BullMQ key lives under `<REDIS_PREFIX>:bull:`, apart from the hub's own keys. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

export const NOTIFICATION_JOB_OPTIONS: DefaultJobOptions = {
  // Exponential backoff with jitter, so a provider outage is not hammered in lockstep.
  attempts: 6,
  backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
  // Completed ids are kept a day so a re-add of the same deterministic id stays a no-op; failed
  // jobs stay until someone looks at them on the dashboard.
  removeOnComplete: { age: 86_400, count: 100_000 },
  removeOnFail: false,
};

export const MAINTENANCE_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 1_000 },
};

export interface HubQueues {
  notifications: Queue;
  planner: Queue;
  maintenance: Queue;
  all(): Queue[];
  close(): Promise<void>;
}

/** Opens the three queues on one connection (which must have maxRetriesPerRequest: null). */
export function openQueues(connection: Redis, redisPrefix: string): HubQueues {
  const prefix = bullPrefix(redisPrefix);
  const notifications = new Queue(QUEUE_NAMES.notifications, { connection, prefix, defaultJobOptions: NOTIFICATION_JOB_OPTIONS });
  const planner = new Queue(QUEUE_NAMES.planner, { connection, prefix, defaultJobOptions: MAINTENANCE_JOB_OPTIONS });
  const maintenance = new Queue(QUEUE_NAMES.maintenance, { connection, prefix, defaultJobOptions: MAINTENANCE_JOB_OPTIONS });
  const all = () => [notifications, planner, maintenance];
  return {
    notifications,
    planner,
    maintenance,
    all,
    close: async () => {
      await Promise.all(all().map((q) => q.close()));
    },
  };
}
