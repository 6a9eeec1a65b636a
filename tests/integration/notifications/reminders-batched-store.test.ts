// The worker's batched store (batched-store.ts) keeps "exactly once" where the direct store does:
// the same job run twice at once puts the same row twice into one claim batch, and MySQL failing
// right after the provider accepted must not make the message go again.
import { eq } from 'drizzle-orm';
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationLog } from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { batchedStore } from '../../../server/modules/notifications/batched-store.js';
import type { ChannelAdapter } from '../../../server/modules/notifications/channels/types.js';
import { syncVisit } from '../../../server/modules/notifications/planner.js';
import { type SenderDeps, sendNotificationJob } from '../../../server/modules/notifications/send.js';
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

async function bookedWithConfirmation(hhmm: string) {
  const p = await patient(hub);
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: p.patientId, startAt: todayAt(morning.offsetHours, hhmm) },
  });
  expect(res.statusCode, res.body).toBe(201);
  const visit = res.json() as { id: string; startAt: string };
  await syncVisit(
    { db: hub.app.db, notifications: queues.notifications, offsets: [], quietHours: { startHour: 0, endHour: 0 }, feedbackDelayMs: 0 },
    visit.id,
    'confirmation',
  );
  return visit;
}

const recording = (sent: string[]): ChannelAdapter => ({
  async send({ rowId }) {
    sent.push(rowId);
    return null;
  },
});
const senderWith = (pool: Pool, email: ChannelAdapter): SenderDeps => ({
  db: hub.app.db,
  channels: { email },
  claimLeaseMs: 120_000,
  publicUrl: hub.config.publicUrl,
  mongo: hub.app.mongo.db,
  feedback: { secret: hub.config.jwtSecret, windowDays: hub.config.feedback.windowDays },
  store: batchedStore(hub.app.db, pool),
});
const confirmationJob = (v: { id: string; startAt: string }) => ({
  appointmentId: v.id,
  kind: 'confirmation' as const,
  offset: null,
  startAt: v.startAt,
});
const emailRow = async (id: string) =>
  (await hub.app.db.select().from(notificationLog).where(eq(notificationLog.appointmentId, id))).find((r) => r.channel === 'email');

describe('the batched store', () => {
  it('sends once when the same job runs twice at once (one claim batch holds the row twice), and not again after', async () => {
    const visit = await bookedWithConfirmation('14:00');
    const sent: string[] = [];
    const sender = senderWith((hub.app.db as unknown as { $client: Pool }).$client, recording(sent));
    const runs = await Promise.allSettled([
      sendNotificationJob(sender, confirmationJob(visit), { isLast: false }),
      sendNotificationJob(sender, confirmationJob(visit), { isLast: false }),
    ]);
    const after = await sendNotificationJob(sender, confirmationJob(visit), { isLast: false });
    const row = await emailRow(visit.id);
    expect(sent).toEqual([row!.id]);
    expect(runs.filter((r) => r.status === 'fulfilled' && r.value.sent === 1)).toHaveLength(1);
    expect(after).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, claimedAt: null });
  });

  it('MySQL failing just after the provider accepted does not make the message go again', async () => {
    const visit = await bookedWithConfirmation('14:15');
    const pool = (hub.app.db as unknown as { $client: Pool }).$client;
    let refused = 0;
    // The database refuses exactly one write: the batch recording the send.
    const flaky = new Proxy(pool, {
      get(target, key, receiver) {
        if (key === 'execute') {
          return (sql: string, values: unknown[]) => {
            if (!refused && sql.startsWith("UPDATE notification_log SET status = 'sent'")) {
              refused++;
              return Promise.reject(Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 }));
            }
            return target.execute(sql, values as never);
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const sent: string[] = [];
    const sender = senderWith(flaky, recording(sent));
    await sendNotificationJob(sender, confirmationJob(visit), { isLast: false });
    await sendNotificationJob(sender, confirmationJob(visit), { isLast: false }); // BullMQ runs it again anyway
    expect(refused).toBe(1);
    expect(sent).toHaveLength(1);
    expect(await emailRow(visit.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
