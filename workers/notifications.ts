// The notifications queue's processor: one job sends one message on every channel it has.
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { ClaimedElsewhere, type NotificationJobData, type SenderDeps, sendNotificationJob } from '../server/modules/notifications/send.js';

export function notificationProcessor(deps: SenderDeps, log: Logger) {
  return async (job: Job<NotificationJobData>, token?: string) => {
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
  };
}
