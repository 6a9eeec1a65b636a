// The notifications queue's processor: one job sends one message on every channel it has.
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { type NotificationJobData, type SenderDeps, sendNotificationJob } from '../server/modules/notifications/send.js';

export function notificationProcessor(deps: SenderDeps, log: Logger) {
  return async (job: Job<NotificationJobData>) => {
    // attemptsMade counts the attempts that already ended: this is the last when it reaches attempts - 1.
    const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await sendNotificationJob(deps, job.data, { isLast });
    log.debug({ jobId: job.id, ...outcome }, 'notification job done');
    return outcome;
  };
}
