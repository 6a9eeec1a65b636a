// Redis is not the source of truth for reminders: MySQL is. Wipe every queue key (as a Redis
// restart without persistence, or a FLUSHDB, would) and the reconciler puts every future
// reminder back from the notification log, without sending anything twice.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openQueues } from '../../../server/jobs/queues.js';
import { notificationJobId } from '../../../server/modules/notifications/plan.js';
import { bearer, patient } from '../../support/factories.js';
import { offsetDueIn, smtpCatcher, startWorker } from '../../support/notifications.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
const morning = zoneWhereItIsMorning();

beforeAll(async () => {
  smtp = await smtpCatcher();
  hub = await startTestHub({ SMTP_URL: smtp.url, QUIET_HOURS: 'off' });
  clinic = await bookableClinic(hub, morning.zone);
});
afterAll(async () => {
  await hub.close();
  await smtp.close();
});

async function deleteQueueKeys(): Promise<number> {
  const redis = hub.app.redis;
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${hub.config.redisPrefix}:bull:*`, 'COUNT', 1000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

describe('after Redis lost the queues', () => {
  it('the reconciler brings back every future reminder, and they still go out once', async () => {
    const starts = ['15:00', '15:15', '15:30'].map((hhmm) => todayAt(morning.offsetHours, hhmm));
    const patients = await Promise.all(starts.map(() => patient(hub)));
    const visits: { id: string; startAt: string }[] = [];
    for (const [i, startAt] of starts.entries()) {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/appointments',
        headers: bearer(clinic.receptionist.token),
        payload: { doctorId: clinic.doctor.doctorId, patientId: patients[i]!.patientId, startAt },
      });
      expect(res.statusCode, res.body).toBe(201);
      visits.push(res.json());
    }
    // The 15:00 visit is reminded in ~8 s; everything else is due in a quarter of an hour or more.
    const offsets = `${offsetDueIn(starts[0]!, 8_000)},PT30M`;
    const expectedJobs = visits.flatMap((v) =>
      offsets.split(',').map((offset) => notificationJobId(v.id, 'reminder', offset, new Date(v.startAt))),
    );
    const queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
    try {
      const first = await startWorker(hub.env, { REMINDER_OFFSETS: offsets });
      await smtp.untilMails((all) => all.filter((m) => m.subject.startsWith('Appointment booked')).length === 3);
      await vi.waitFor(async () => {
        for (const id of expectedJobs) expect(await queues.notifications.getJob(id), id).toBeDefined();
      });
      await first.close();

      expect(await deleteQueueKeys()).toBeGreaterThan(0);
      for (const id of expectedJobs) expect(await queues.notifications.getJob(id)).toBeUndefined();

      // A new worker reconciles at start (and every five minutes after).
      const second = await startWorker(hub.env, { REMINDER_OFFSETS: offsets });
      try {
        await vi.waitFor(
          async () => {
            for (const id of expectedJobs) expect(await queues.notifications.getJob(id), id).toBeDefined();
          },
          { timeout: 5_000, interval: 50 },
        );
        const delayed = await Promise.all(expectedJobs.map(async (id) => (await queues.notifications.getJob(id))?.getState()));
        expect(delayed.every((state) => state === 'delayed')).toBe(true);

        const mails = await smtp.untilMails((all) => all.some((m) => m.subject.startsWith('Appointment reminder')));
        expect(mails.filter((m) => m.subject.startsWith('Appointment reminder')).map((m) => m.to)).toEqual([
          expect.stringContaining(patients[0]!.email as string),
        ]);
        // Confirmations were sent before the loss: the log says so, and none went out again.
        expect(mails.filter((m) => m.subject.startsWith('Appointment booked'))).toHaveLength(3);
      } finally {
        await second.close();
      }
    } finally {
      await queues.close();
    }
  });
});
