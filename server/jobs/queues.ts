// Every BullMQ queue of the hub, opened together: the worker process runs them, the API server
// opens them only for the dashboard (/admin/queues), and tests inspect them. Each queue's name,
// job data, options, enqueue and processor are in its own file beside this one.
import type { Redis } from 'ioredis';
import { bullPrefix } from './kit.js';
import { MAINTENANCE_QUEUE, type MaintenanceQueue, openMaintenanceQueue } from './maintenance.js';
import { NOTIFICATIONS_QUEUE, type NotificationsQueue, openNotificationsQueue } from './notifications.js';
import { openPlannerQueue, PLANNER_QUEUE, type PlannerQueue } from './planner.js';

export { bullPrefix };

export const QUEUE_NAMES = {
  /** One job per message to send (confirmation, reminder, moved, cancelled notice). */
  notifications: NOTIFICATIONS_QUEUE,
  /** Turns outbox events into notification rows and jobs; one job at a time. */
  planner: PLANNER_QUEUE,
  /** No-show sweep, daily metrics rollup, reminder reconciler, unanswered-message alerts. */
  maintenance: MAINTENANCE_QUEUE,
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface HubQueues {
  notifications: NotificationsQueue;
  planner: PlannerQueue;
  maintenance: MaintenanceQueue;
  all(): (NotificationsQueue | PlannerQueue | MaintenanceQueue)[];
  close(): Promise<void>;
}

/** Opens the three queues on one connection (which must have maxRetriesPerRequest: null). */
export function openQueues(connection: Redis, redisPrefix: string): HubQueues {
  const conn = { connection, redisPrefix };
  const notifications = openNotificationsQueue(conn);
  const planner = openPlannerQueue(conn);
  const maintenance = openMaintenanceQueue(conn);
  const all = () => [notifications, planner, maintenance];
  // A queue whose Redis is down emits 'error' on every reconnect attempt; unheard, BullMQ prints
  // each to stderr. The process's main connection logs Redis trouble, and /health/ready reports it.
  for (const queue of all()) queue.on('error', () => undefined);
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
