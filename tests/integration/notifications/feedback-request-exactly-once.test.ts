// A feedback request goes out once per visit and channel, whatever BullMQ does: the same job run
// twice at once and again after, two workers on the same queue, and a worker killed (SIGKILL)
// while the SMTP server holds its answer, then another taking the job over.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appointments, outboxEvents } from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { emailChannel } from '../../../server/modules/notifications/channels/email.js';
import { smsChannel } from '../../../server/modules/notifications/channels/sms.js';
import type { ChannelAdapter } from '../../../server/modules/notifications/channels/types.js';
import { rowsOfSubject } from '../../../server/modules/notifications/log.js';
import { planFromOutbox } from '../../../server/modules/notifications/planner.js';
import { sendNotificationJob } from '../../../server/modules/notifications/send.js';
import { type Actor, patient } from '../../support/factories.js';
import { smsReceiver, smtpCatcher, startWorker, walkIn } from '../../support/notifications.js';
import { bookableClinic, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let sms: Awaited<ReturnType<typeof smsReceiver>>;
let queues: ReturnType<typeof openQueues>;

beforeAll(async () => {
  [smtp, sms] = await Promise.all([smtpCatcher(), smsReceiver()]);
  hub = await startTestHub({ SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url, QUIET_HOURS: 'off', FEEDBACK_DELAY: 'PT1S' });
  clinic = await bookableClinic(hub, zoneWhereItIsMorning().zone);
  queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
});
afterAll(async () => {
  await queues.close();
  await hub.close();
  await Promise.all([smtp.close(), sms.close()]);
});

const requestRows = (appointmentId: string) => rowsOfSubject(hub.app.db, appointmentId, 'feedback_request');
const mailsTo = (who: Actor, from = 0) => smtp.mails.slice(from).filter((m) => m.to.includes(who.email as string));
/** Test patients share a phone number; a request's text is told by its link, whose token begins with the visit's id. */
const textsAbout = (appointmentId: string) => sms.messages.filter((t) => t.body.includes(`/feedback#t=${appointmentId}.`));

/** Every outbox event planned and nothing waiting, running or delayed: a late duplicate would be here by now. */
async function settled() {
  await vi.waitFor(
    async () => {
      expect(await hub.app.db.$count(outboxEvents, isNull(outboxEvents.notificationsPlannedAt))).toBe(0);
      expect(await queues.notifications.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')).toBe(0);
    },
    { timeout: 20_000, interval: 50 },
  );
}

describe('the same job run twice', () => {
  it('sends each channel once, whether the runs overlap or follow each other', async () => {
    const pat = await patient(hub);
    const visit = await walkIn(hub, clinic, pat.patientId);
    await visit.complete();
    const deps = {
      db: hub.app.db,
      notifications: queues.notifications,
      offsets: [],
      quietHours: { startHour: 0, endHour: 0 },
      feedbackDelayMs: hub.config.feedback.delay.ms,
    };
    await planFromOutbox(deps);
    await planFromOutbox(deps);
    const jobId = `feedback_request-${visit.id}`;
    expect((await queues.notifications.getJob(jobId))?.id).toBe(jobId);

    const email = emailChannel(smtp.url, 'Clinic <no-reply@test.example>');
    const inApp: string[] = [];
    const channels: Record<string, ChannelAdapter> = {
      email,
      sms: smsChannel(sms.url, null),
      in_app: {
        async send({ to }) {
          inApp.push(to.userId ?? '');
          return null;
        },
      },
    };
    const sender = {
      db: hub.app.db,
      channels,
      claimLeaseMs: 60_000,
      publicUrl: hub.config.publicUrl,
      mongo: hub.app.mongo.db,
      feedback: { secret: hub.config.jwtSecret, windowDays: hub.config.feedback.windowDays },
    };
    const [row] = await hub.app.db.select().from(appointments).where(eq(appointments.id, visit.id));
    const data = {
      appointmentId: visit.id,
      kind: 'feedback_request' as const,
      offset: null,
      startAt: row!.startAt.toISOString(),
      subjectId: visit.id,
    };
    try {
      // Each row goes to whichever run claims it first; the other finds it claimed (retry later) or sent.
      await Promise.allSettled([
        sendNotificationJob(sender, data, { isLast: false }),
        sendNotificationJob(sender, data, { isLast: false }),
      ]);
      expect(await sendNotificationJob(sender, data, { isLast: false })).toEqual({ sent: 0, skipped: 0, failed: 0 });
      expect(mailsTo(pat)).toHaveLength(1);
      expect(textsAbout(visit.id)).toHaveLength(1);
      expect(inApp).toEqual([pat.userId]);
      expect((await requestRows(visit.id)).map((r) => [r.status, r.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
        ['sent', 1],
      ]);
    } finally {
      await email.close?.();
      // The planned job is done with: no worker of a later test should find it waiting.
      await queues.notifications.remove(jobId);
    }
  });
});

describe('two workers on the same queue', () => {
  it('plan and send one request per channel', async () => {
    const [one, two] = await Promise.all([startWorker(hub.env), startWorker(hub.env)]);
    try {
      const pat = await patient(hub);
      const visit = await walkIn(hub, clinic, pat.patientId);
      await visit.complete();
      await smtp.untilMails((all) => all.some((m) => m.to.includes(pat.email as string)));
      await sms.until((all) => all.some((t) => t.body.includes(`/feedback#t=${visit.id}.`)));
      await settled();
      expect(mailsTo(pat)).toHaveLength(1);
      expect(textsAbout(visit.id)).toHaveLength(1);
      expect((await requestRows(visit.id)).map((r) => [r.status, r.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
        ['sent', 1],
      ]);
    } finally {
      await Promise.all([one.close(), two.close()]);
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
      await once(createInterface({ input: child.stdout! }), 'line');
      const visit = await walkIn(hub, clinic, pat.patientId);
      await visit.complete();
      // The request is on the wire; the 250 never comes, and the worker dies waiting for it.
      const mail = await held;
      expect(mail.to).toContain(pat.email);
      expect(mail.decoded).toContain(`/feedback#t=${visit.id}.`);
      child.kill('SIGKILL');
      await once(child, 'exit');
      child = null;

      const rescuer = await startWorker(hub.env, {}, { claimLeaseMs: 500, stalledIntervalMs: 500 });
      try {
        await smtp.untilMails((all) => all.length > before);
        const email = async () => (await requestRows(visit.id)).find((r) => r.channel === 'email');
        // The rescuer records the send right after the 250: the row turns sent moments later.
        await vi.waitFor(async () => expect(await email()).toMatchObject({ status: 'sent', attempts: 2 }), {
          timeout: 15_000,
          interval: 20,
        });
        await settled();
        expect(mailsTo(pat, before)).toHaveLength(1);
        expect(textsAbout(visit.id)).toHaveLength(1);
        expect((await requestRows(visit.id)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      } finally {
        await rescuer.close();
      }
    } finally {
      child?.kill('SIGKILL');
    }
  });
});
