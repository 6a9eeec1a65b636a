// The unanswered-message alert runs as a scheduled maintenance job in the worker process, not on a
// timer in every API node: the worker registers its scheduler, and one run alerts the doctor's
// socket on the API node (through the shared Socket.IO adapter) once, without content.
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullPrefix, openQueues, QUEUE_NAMES } from '../../../server/jobs/queues.js';
import { bearer } from '../../support/factories.js';
import { startWorker } from '../../support/notifications.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected } from '../../support/sockets.js';

let served: ServedClinic;
let worker: Awaited<ReturnType<typeof startWorker>>;
let connection: Redis;
let queues: ReturnType<typeof openQueues>;
let finished: QueueEvents;

beforeAll(async () => {
  served = await servedClinic();
  worker = await startWorker(served.hub.env, { JWT_SECRET: served.hub.config.jwtSecret });
  connection = new Redis(served.hub.config.redisUrl, { maxRetriesPerRequest: null });
  queues = openQueues(connection, served.hub.config.redisPrefix);
  finished = new QueueEvents(QUEUE_NAMES.maintenance, {
    connection: connection.duplicate(),
    prefix: bullPrefix(served.hub.config.redisPrefix),
  });
  await finished.waitUntilReady();
});
afterAll(async () => {
  await finished.close();
  await queues.close();
  await connection.quit();
  await worker.close();
  await served.close();
});

describe('unanswered-messages job', () => {
  it('is scheduled by the worker', async () => {
    const schedulers = await queues.maintenance.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('unanswered-messages');
  });

  it('alerts the doctor on the API node once, without the message text', async () => {
    const { hub, clinic, base, sockets } = served;
    const call = (token: string, url: string, payload: object) => hub.app.inject({ method: 'POST', url, headers: bearer(token), payload });
    expect(
      (
        await call(clinic.receptionist.token, '/api/appointments', {
          doctorId: clinic.doctor.doctorId,
          patientId: clinic.patient.patientId,
          startAt: at(2, '10:00'),
        })
      ).statusCode,
    ).toBe(201);
    const threadId = (await call(clinic.patient.token, '/api/threads', { doctorId: clinic.doctor.doctorId })).json().id as string;
    await call(clinic.patient.token, `/api/threads/${threadId}/messages`, { clientMessageId: 'waiting-job-01', body: 'Is anyone there?' });
    const doctor = client(base, clinic.doctor.token);
    sockets.push(doctor);
    await connected(doctor);
    const alerts: unknown[] = [];
    const firstAlert = new Promise<{ type: string; data: { threadId: string } }>((resolve) => {
      doctor.on('notification', (n: { type: string; data: { threadId: string } }) => {
        if (n.type !== 'message_unanswered') return;
        alerts.push(n);
        resolve(n);
      });
    });

    // The message has waited past the limit: move its time back rather than wait.
    const longAgo = new Date(Date.now() - (hub.config.unansweredMessageMinutes + 1) * 60_000);
    await hub.app.mongo.db
      .collection('threads')
      .updateOne({ _id: threadId as never }, { $set: { lastMessageAt: longAgo, 'lastMessage.at': longAgo } });

    // This run, or the worker's own scheduled one if it came first, alerts the doctor.
    const run = await queues.maintenance.add('unanswered-messages', {});
    await run.waitUntilFinished(finished);
    const alert = await firstAlert;
    expect(alert).toMatchObject({ type: 'message_unanswered', data: { threadId } });
    expect(JSON.stringify(alert)).not.toContain('anyone');

    // A second run finds the thread already alerted about this message.
    const again = await queues.maintenance.add('unanswered-messages', {});
    expect(await again.waitUntilFinished(finished)).toEqual({ alerted: 0 });
    expect(alerts).toHaveLength(1);
  });
});
