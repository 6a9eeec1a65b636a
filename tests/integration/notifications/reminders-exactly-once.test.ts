// BullMQ runs jobs at least once. These tests make it run one twice, and kill a worker while it
// waits for the SMTP server's answer: the patient still gets exactly one message.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notificationLog } from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { emailChannel } from '../../../server/modules/notifications/channels/email.js';
import { notificationJobId } from '../../../server/modules/notifications/plan.js';
import { syncVisit } from '../../../server/modules/notifications/planner.js';
import { sendNotificationJob } from '../../../server/modules/notifications/send.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { smtpCatcher, startWorker } from '../../support/notifications.js';
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

async function book(actor: Actor & { patientId: string }, hhmm: string) {
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: actor.patientId, startAt: todayAt(morning.offsetHours, hhmm) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; startAt: string };
}

const emailRows = (appointmentId: string) =>
  hub.app.db.select().from(notificationLog).where(eq(notificationLog.appointmentId, appointmentId));

describe('the same job run twice', () => {
  it('sends one email, whether the runs overlap or follow each other', async () => {
    const pat = await patient(hub);
    const visit = await book(pat, '14:00');
    const queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
    const email = emailChannel(smtp.url, 'Clinic <no-reply@test.example>');
    try {
      const deps = {
        db: hub.app.db,
        notifications: queues.notifications,
        offsets: [],
        quietHours: { startHour: 0, endHour: 0 },
        feedbackDelayMs: hub.config.feedback.delay.ms,
        available: { email: true, sms: false },
      };
      await syncVisit(deps, visit.id, 'confirmation');
      await syncVisit(deps, visit.id, 'confirmation'); // a repeated outbox event
      const jobId = notificationJobId(visit.id, 'confirmation', null, new Date(visit.startAt));
      expect(await queues.notifications.getJobCountByTypes('wait', 'delayed', 'prioritized')).toBe(1);
      expect((await queues.notifications.getJob(jobId))?.id).toBe(jobId);

      const data = { appointmentId: visit.id, kind: 'confirmation' as const, offset: null, startAt: visit.startAt };
      const sender = {
        db: hub.app.db,
        channels: { email },
        claimLeaseMs: 60_000,
        publicUrl: hub.config.publicUrl,
        mongo: hub.app.mongo.db,
        feedback: { secret: hub.config.jwtSecret, windowDays: hub.config.feedback.windowDays },
      };
      const overlapping = await Promise.allSettled([
        sendNotificationJob(sender, data, { isLast: false }),
        sendNotificationJob(sender, data, { isLast: false }),
      ]);
      const after = await sendNotificationJob(sender, data, { isLast: false });

      expect(smtp.mails.filter((m) => m.to.includes(pat.email as string))).toHaveLength(1);
      // One run sent it; the other found it claimed (retry later) or already sent (nothing to do).
      expect(overlapping.filter((r) => r.status === 'fulfilled' && r.value.sent === 1)).toHaveLength(1);
      expect(after).toEqual({ sent: 0, skipped: 0, failed: 0 });
      const [row] = (await emailRows(visit.id)).filter((r) => r.channel === 'email');
      expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await email.close?.();
      await queues.close();
    }
  });
});

describe('a worker killed mid-send', () => {
  it('leaves its job to another worker after the lock expires, and the patient gets one email', async () => {
    const held = smtp.holdNext();
    const pat = await patient(hub);
    const before = smtp.mails.length;
    let child: ChildProcess | null = spawn(process.execPath, ['--import', 'tsx', 'tests/support/worker-process.ts'], {
      env: { PATH: process.env.PATH, ...hub.env, WORKER_TEST_LOCK_MS: '5000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const ready = once(createInterface({ input: child.stdout! }), 'line');
      await ready;
      const visit = await book(pat, '14:30');
      expect((await held).to).toContain(pat.email); // the confirmation is on the wire, the 250 never comes
      child.kill('SIGKILL');
      await once(child, 'exit');
      child = null;

      const rescuer = await startWorker(hub.env, {}, { claimLeaseMs: 500, stalledIntervalMs: 500 });
      try {
        await smtp.untilMails((all) => all.length > before);
        const email = async () => (await emailRows(visit.id)).find((r) => r.kind === 'confirmation' && r.channel === 'email');
        // The rescuer records the send right after the 250: the row turns sent moments later.
        await vi.waitFor(async () => expect(await email()).toMatchObject({ status: 'sent', attempts: 2 }), {
          timeout: 10_000,
          interval: 20,
        });
        expect(smtp.mails.slice(before).filter((m) => m.to.includes(pat.email as string))).toHaveLength(1);
      } finally {
        await rescuer.close();
      }
    } finally {
      child?.kill('SIGKILL');
    }
  });
});

describe('a worker told to stop (SIGTERM) mid-send', () => {
  it('finishes the send in progress, records it, and exits cleanly', async () => {
    const held = smtp.holdNext();
    const pat = await patient(hub);
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: { PATH: process.env.PATH, ...hub.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const logged = (text: string) => new Promise<void>((resolve) => lines.on('line', (line) => line.includes(text) && resolve()));
      await logged('worker ready');
      const visit = await book(pat, '15:00');
      expect((await held).to).toContain(pat.email);
      const exited = once(child, 'exit');
      const stopping = logged('worker stopping');
      child.kill('SIGTERM');
      await stopping; // the worker has the signal and is still waiting for its send to end
      expect(child.exitCode).toBeNull();
      smtp.releaseHeld(); // the SMTP server answers only now
      const [code] = await exited;
      expect(code).toBe(0);
      const [row] = (await emailRows(visit.id)).filter((r) => r.kind === 'confirmation' && r.channel === 'email');
      expect(row).toMatchObject({ status: 'sent', attempts: 1 });
      expect(smtp.mails.filter((m) => m.to.includes(pat.email as string))).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
