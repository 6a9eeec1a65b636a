// Two worker processes on one queue share a burst of reminders: each claims rows in batches
// (batched-store.ts), and every reminder reaches the SMTP server exactly once, none missing.
// Each worker signs its mail with its own From, so the test also sees that both took part.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../db/ids.js';
import { appointments, notificationLog, patients } from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import type { LogRow } from '../../../server/modules/notifications/log.js';
import { dedupeKey } from '../../../server/modules/notifications/plan.js';
import { enqueue } from '../../../server/modules/notifications/planner.js';
import { smtpCatcher } from '../../support/notifications.js';
import { bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const COUNT = 300;
let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
/** Every worker process started here, killed at the end even when the test gave up midway. */
const spawned: ChildProcess[] = [];

beforeAll(async () => {
  smtp = await smtpCatcher();
  hub = await startTestHub({ SMTP_URL: smtp.url, QUIET_HOURS: 'off' });
  clinic = await bookableClinic(hub);
});
afterAll(async () => {
  for (const w of spawned) w.kill('SIGKILL');
  await hub.close();
  await smtp.close();
});

/** A worker process (tests/support/worker-process.ts) whose mail says `From: <from>`; resolves once it runs. */
async function workerProcess(from: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/worker-process.ts'], {
    // A lease far longer than any send here: a takeover would be a second send by design, not a bug.
    env: { PATH: process.env.PATH, ...hub.env, SMTP_FROM: from, WORKER_TEST_LEASE_MS: '120000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  spawned.push(child);
  await once(createInterface({ input: child.stdout! }), 'line');
  return child;
}

/** COUNT visits tomorrow, each with one email reminder row and its delayed job, all due within a second from `dueFrom`. */
async function seedReminders(queues: ReturnType<typeof openQueues>, dueFrom: number): Promise<LogRow[]> {
  const tomorrow = Date.now() + 86_400_000;
  const visits = Array.from({ length: COUNT }, (_, n) => ({
    patientId: newId(),
    appointmentId: newId(),
    startAt: new Date(Math.floor(tomorrow / 60_000) * 60_000 + n * 60_000),
  }));
  await hub.app.db.insert(patients).values(
    visits.map((v, n) => ({
      id: v.patientId,
      firstName: 'Pat',
      lastName: `Two${n}`,
      dateOfBirth: '1980-01-01',
      phone: '+12125550100',
      email: `two-workers-${n}-${v.patientId.toLowerCase()}@test.example`,
      allergies: [],
      timezone: 'UTC',
    })),
  );
  await hub.app.db.insert(appointments).values(
    visits.map((v, n) => ({
      id: v.appointmentId,
      bookingReference: `W${String(n).padStart(4, '0')}${v.appointmentId.slice(-3)}`,
      doctorId: clinic.doctor.doctorId as string,
      patientId: v.patientId,
      locationId: clinic.location.id,
      startAt: v.startAt,
      endAt: new Date(v.startAt.getTime() + 15 * 60_000),
      status: 'scheduled' as const,
    })),
  );
  const rows: LogRow[] = visits.map((v, n) => {
    const now = new Date();
    return {
      id: newId(),
      dedupeKey: dedupeKey(v.appointmentId, 'reminder', 'PT24H', v.startAt, 'email'),
      appointmentId: v.appointmentId,
      patientId: v.patientId,
      kind: 'reminder',
      subjectId: null,
      offset: 'PT24H',
      startAt: v.startAt,
      channel: 'email',
      dueAt: new Date(dueFrom + Math.floor((n * 1000) / COUNT)),
      status: 'scheduled',
      reason: null,
      attempts: 0,
      claimedAt: null,
      sentAt: null,
      providerId: null,
      createdAt: now,
      updatedAt: now,
    };
  });
  await hub.app.db.insert(notificationLog).values(rows);
  await enqueue({ notifications: queues.notifications }, rows);
  return rows;
}

describe('two worker processes', () => {
  it('send 300 reminders due at once between them: every one exactly once, none missing, each worker some', async () => {
    const queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
    try {
      await Promise.all([workerProcess('Worker A <a@clinic-hub.test>'), workerProcess('Worker B <b@clinic-hub.test>')]);
      const rows = await seedReminders(queues, Date.now() + 1_000);
      const ids = new Set(rows.map((r) => r.id));
      const idOf = (raw: string) => /^Message-ID:\s*<([^@>]+)@clinic-hub>/im.exec(raw)?.[1] ?? '';
      const ours = () => smtp.mails.filter((m) => ids.has(idOf(m.raw)));

      await smtp.untilMails(() => ours().length >= COUNT);
      // Every job finished: nothing can send any more, so what arrived is all that ever will.
      await vi.waitFor(async () => expect(await queues.notifications.getJobCountByTypes('completed')).toBe(COUNT), {
        timeout: 30_000,
        interval: 100,
      });

      const received = ours().map((m) => idOf(m.raw));
      expect(received).toHaveLength(COUNT);
      expect(new Set(received).size).toBe(COUNT);
      const froms = new Set(ours().map((m) => m.headers.from));
      expect(froms).toEqual(new Set(['Worker A <a@clinic-hub.test>', 'Worker B <b@clinic-hub.test>']));
      const stored = await hub.app.db
        .select({ status: notificationLog.status, attempts: notificationLog.attempts })
        .from(notificationLog)
        .where(inArray(notificationLog.id, [...ids]));
      expect(stored).toHaveLength(COUNT);
      expect(stored.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      for (const w of spawned) w.kill('SIGKILL');
      await queues.close();
    }
  }, 120_000); // two worker processes start (tsx) and share the burst on a shared 2-core machine
});
