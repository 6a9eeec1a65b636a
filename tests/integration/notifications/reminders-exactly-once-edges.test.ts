// The edges of "exactly once" found in review: MySQL failing right after the provider accepted,
// a cancellation while a message is on the wire, a claim left behind by a dead worker, and a job
// that gave up while the database was away.
import { Worker } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appointments, notificationLog } from '../../../db/schema/index.js';
import { bullPrefix, openQueues } from '../../../server/jobs/queues.js';
import type { ChannelAdapter } from '../../../server/modules/notifications/channels/types.js';
import { claim } from '../../../server/modules/notifications/log.js';
import { notificationJobId } from '../../../server/modules/notifications/plan.js';
import { syncVisit } from '../../../server/modules/notifications/planner.js';
import { reconcileReminders } from '../../../server/modules/notifications/reconciler.js';
import { sendNotificationJob } from '../../../server/modules/notifications/send.js';
import { bearer, patient } from '../../support/factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let queues: ReturnType<typeof openQueues>;
const morning = zoneWhereItIsMorning();

beforeAll(async () => {
  hub = await startTestHub({ QUIET_HOURS: 'off' });
  clinic = await bookableClinic(hub, morning.zone);
  queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
});
afterAll(async () => {
  await queues.close();
  await hub.close();
});

async function book(hhmm: string) {
  const p = await patient(hub);
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: p.patientId, startAt: todayAt(morning.offsetHours, hhmm) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; startAt: string };
}

/** A channel that records what it was asked to send, and can do something while "on the wire". */
const recording = (name: string, sent: string[], during?: () => Promise<void>): ChannelAdapter => ({
  async send() {
    sent.push(name);
    await during?.();
    return null;
  },
});
const planner = (jobOptions?: { attempts: number; backoff: { type: 'exponential'; delay: number; jitter: number } }) => ({
  db: hub.app.db,
  notifications: queues.notifications,
  offsets: [{ iso: 'PT30M', ms: 1_800_000 }],
  quietHours: { startHour: 0, endHour: 0 },
  feedbackDelayMs: hub.config.feedback.delay.ms,
  jobOptions,
});
const rowsOf = (id: string) => hub.app.db.select().from(notificationLog).where(eq(notificationLog.appointmentId, id));
const confirmationJob = (v: { id: string; startAt: string }) => ({
  appointmentId: v.id,
  kind: 'confirmation' as const,
  offset: null,
  startAt: v.startAt,
});

describe('exactly once at the edges', () => {
  it('MySQL failing just after the provider accepted does not make the message go again', async () => {
    const visit = await book('14:00');
    await syncVisit(planner(), visit.id, 'confirmation');
    const sent: string[] = [];
    let failNextUpdate = false;
    // The database refuses exactly one write: the one recording the send.
    const flakyDb = new Proxy(hub.app.db, {
      get(target, key, receiver) {
        if (key === 'update' && failNextUpdate) {
          failNextUpdate = false;
          return () => ({ set: () => ({ where: () => Promise.reject(new Error('Deadlock found when trying to get lock')) }) });
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const email = recording('email', sent, async () => {
      failNextUpdate = true;
    });
    const sender = {
      db: flakyDb as typeof hub.app.db,
      channels: { email },
      claimLeaseMs: 120_000,
      publicUrl: hub.config.publicUrl,
      mongo: hub.app.mongo.db,
      feedback: { secret: hub.config.jwtSecret, windowDays: hub.config.feedback.windowDays },
    };
    await sendNotificationJob(sender, confirmationJob(visit), { isLast: false });
    await sendNotificationJob(sender, confirmationJob(visit), { isLast: false }); // BullMQ runs it again anyway
    expect(sent).toEqual(['email']);
    expect((await rowsOf(visit.id)).find((r) => r.kind === 'confirmation' && r.channel === 'email')).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
  });

  it('a cancellation while the email is on the wire stops the SMS and in-app message of the same job', async () => {
    const visit = await book('14:15');
    await syncVisit(planner(), visit.id, 'confirmation');
    const sent: string[] = [];
    const cancelMeanwhile = async () => {
      await hub.app.db
        .update(appointments)
        .set({ status: 'cancelled', cancelReason: 'Patient called' })
        .where(eq(appointments.id, visit.id));
    };
    const channels = { email: recording('email', sent, cancelMeanwhile), sms: recording('sms', sent), in_app: recording('in_app', sent) };
    await sendNotificationJob(
      {
        db: hub.app.db,
        channels,
        claimLeaseMs: 120_000,
        publicUrl: hub.config.publicUrl,
        mongo: hub.app.mongo.db,
        feedback: { secret: hub.config.jwtSecret, windowDays: hub.config.feedback.windowDays },
      },
      confirmationJob(visit),
      { isLast: false },
    );
    expect(sent).toEqual(['email']);
    const others = (await rowsOf(visit.id)).filter((r) => r.kind === 'confirmation' && r.channel !== 'email');
    expect(others.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'appointment_cancelled'],
      ['skipped', 'appointment_cancelled'],
    ]);
  });

  it('a claim left by a dead worker does not keep a cancelled visit’s message "scheduled" forever', async () => {
    const visit = await book('14:30');
    await syncVisit(planner(), visit.id, 'confirmation');
    const [row] = (await rowsOf(visit.id)).filter((r) => r.kind === 'confirmation' && r.channel === 'email');
    expect(await claim(hub.app.db, row!.id, 120_000, new Date(Date.now() - 10 * 60_000))).not.toBeNull(); // claimed 10 min ago, then died
    await hub.app.db.update(appointments).set({ status: 'cancelled', cancelReason: 'Patient called' }).where(eq(appointments.id, visit.id));
    await syncVisit(planner(), visit.id, 'cancelled');
    expect((await rowsOf(visit.id)).find((r) => r.id === row!.id)).toMatchObject({ status: 'skipped', reason: 'appointment_cancelled' });
  });

  it('a job that gave up while MySQL was away is revived by the reconciler, its message still pending', async () => {
    const visit = await book('14:45');
    await syncVisit(planner({ attempts: 2, backoff: { type: 'exponential', delay: 10, jitter: 0 } }), visit.id, 'confirmation');
    const jobId = notificationJobId(visit.id, 'confirmation', null, new Date(visit.startAt));
    const connection = hub.app.redis.duplicate({ maxRetriesPerRequest: null });
    const failing = new Worker(
      queues.notifications.name,
      async () => {
        throw new Error('connect ETIMEDOUT');
      },
      { connection, prefix: bullPrefix(hub.config.redisPrefix) },
    );
    try {
      await vi.waitFor(async () => expect(await (await queues.notifications.getJob(jobId))?.getState()).toBe('failed'), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      await failing.close();
      await connection.quit();
    }
    const result = await reconcileReminders(planner());
    expect(result.jobsRevived).toBe(1);
    expect(await (await queues.notifications.getJob(jobId))?.getState()).toBe('waiting');
  });
});
